//! TLP 2.0 as STIX marking definitions: the five standard objects, with the ids every STIX tool
//! knows, so a partner's tool recognises our markings without any set-up.

use serde_json::json;

use crate::id::StixId;
use crate::object::StixObject;

/// A Traffic Light Protocol 2.0 marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tlp {
    /// TLP:CLEAR — no limit on disclosure.
    Clear,
    /// TLP:GREEN — the community.
    Green,
    /// TLP:AMBER — the recipient's organisation and its clients.
    Amber,
    /// TLP:AMBER+STRICT — the recipient's organisation only.
    AmberStrict,
    /// TLP:RED — the named recipients only.
    Red,
}

/// The STIX extension definition that carries the TLP 2.0 level in a marking definition.
pub const TLP_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// When the standard TLP 2.0 marking definitions were created.
const TLP_CREATED: &str = "2022-10-01T00:00:00.000Z";

impl Tlp {
    /// Every marking, least restrictive first.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The UUID of the standard marking definition.
    fn uuid(self) -> &'static str {
        match self {
            Tlp::Clear => "94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp::Green => "bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp::Amber => "55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp::AmberStrict => "939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp::Red => "e828b379-4e03-4974-9ac4-e53a884c97c1",
        }
    }

    /// The level as the TLP 2.0 extension writes it, e.g. `amber+strict`.
    pub fn level(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// The marking's name, e.g. `TLP:AMBER+STRICT`.
    pub fn name(self) -> String {
        format!("TLP:{}", self.level().to_uppercase())
    }

    /// The id of the standard marking definition, `marking-definition--…`.
    pub fn id(self) -> StixId {
        StixId::parse(&format!("marking-definition--{}", self.uuid()))
            .expect("the TLP 2.0 ids are valid STIX ids")
    }

    /// The marking whose standard definition has id `id`, if any.
    pub fn from_id(id: &StixId) -> Option<Tlp> {
        Tlp::ALL.into_iter().find(|t| t.id() == *id)
    }

    /// The standard marking definition object.
    pub fn definition(self) -> StixObject {
        let value = json!({
            "type": "marking-definition",
            "spec_version": crate::SPEC_VERSION,
            "id": self.id(),
            "created": TLP_CREATED,
            "name": self.name(),
            "extensions": {
                TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": self.level()}
            }
        });
        serde_json::from_value(value).expect("the TLP 2.0 definitions are valid objects")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_standard_ones_and_round_trip() {
        assert_eq!(
            Tlp::AmberStrict.id().to_string(),
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        );
        for tlp in Tlp::ALL {
            assert_eq!(Tlp::from_id(&tlp.id()), Some(tlp));
            assert_eq!(tlp.definition().id(), &tlp.id());
        }
        assert_eq!(
            Tlp::from_id(&StixId::derived("marking-definition", "x")),
            None
        );
    }

    #[test]
    fn names_follow_tlp_2_0() {
        assert_eq!(Tlp::Clear.name(), "TLP:CLEAR");
        assert_eq!(Tlp::AmberStrict.name(), "TLP:AMBER+STRICT");
    }
}
