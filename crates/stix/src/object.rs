//! The STIX 2.1 objects the cell writes and reads, and the bundle that carries them.
//!
//! Only the properties the cell uses are modelled; other properties of incoming objects are
//! ignored when read (after [`crate::validate`] checked the object as a whole).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::id::StixId;
use crate::time::StixTime;

/// Properties every STIX domain and relationship object has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Common {
    /// Always `2.1`.
    pub spec_version: String,
    /// The object's id; the same in every version of the object.
    pub id: StixId,
    /// The identity that created the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_ref: Option<StixId>,
    /// When the object was first created.
    pub created: StixTime,
    /// When this version was made; identifies the version together with `id`.
    pub modified: StixTime,
    /// Whether the object was withdrawn by its creator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
    /// Free-text labels, e.g. `admiralty:B2`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// The creator's confidence, 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<u8>,
    /// The language of the object's texts (RFC 5646).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Links to things outside STIX (our attachments, with their hashes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_references: Vec<ExternalReference>,
    /// The marking definitions that apply to the object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub object_marking_refs: Vec<StixId>,
}

impl Common {
    /// The properties of a new object version: `id`, created and modified as given, nothing else.
    pub fn new(id: StixId, created: StixTime, modified: StixTime) -> Common {
        Common {
            spec_version: crate::SPEC_VERSION.to_string(),
            id,
            created_by_ref: None,
            created,
            modified,
            revoked: false,
            labels: Vec::new(),
            confidence: None,
            lang: None,
            external_references: Vec::new(),
            object_marking_refs: Vec::new(),
        }
    }
}

/// A reference to something outside STIX.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalReference {
    /// The source, e.g. `fusioncell` or `attachment`.
    pub source_name: String,
    /// What the reference is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the thing is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Hashes of the thing, by algorithm (e.g. `SHA-256`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub hashes: std::collections::BTreeMap<String, String>,
    /// The id of the thing at the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// A STIX object the cell writes or reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum StixObject {
    /// An intelligence report.
    Report(Report),
    /// A party, as an organisation.
    Identity(Identity),
    /// Where a report is about.
    Location(Location),
    /// An incident a report is about.
    Incident(Incident),
    /// A note, e.g. the supervisor's vetting comments or a recipient's feedback.
    Note(Note),
    /// A recipient's corroboration: agree or disagree.
    Opinion(Opinion),
    /// A recipient's sighting of what a report describes.
    Sighting(Sighting),
    /// A marking definition, e.g. one of the TLP 2.0 levels.
    MarkingDefinition(MarkingDefinition),
}

impl StixObject {
    /// The object's id.
    pub fn id(&self) -> &StixId {
        match self {
            StixObject::Report(o) => &o.common.id,
            StixObject::Identity(o) => &o.common.id,
            StixObject::Location(o) => &o.common.id,
            StixObject::Incident(o) => &o.common.id,
            StixObject::Note(o) => &o.common.id,
            StixObject::Opinion(o) => &o.common.id,
            StixObject::Sighting(o) => &o.common.id,
            StixObject::MarkingDefinition(o) => &o.id,
        }
    }

    /// The version: `modified`, or `created` for objects that are never modified.
    pub fn version(&self) -> StixTime {
        match self {
            StixObject::Report(o) => o.common.modified,
            StixObject::Identity(o) => o.common.modified,
            StixObject::Location(o) => o.common.modified,
            StixObject::Incident(o) => o.common.modified,
            StixObject::Note(o) => o.common.modified,
            StixObject::Opinion(o) => o.common.modified,
            StixObject::Sighting(o) => o.common.modified,
            StixObject::MarkingDefinition(o) => o.created,
        }
    }

    /// The object as JSON.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("STIX objects always serialise")
    }
}

/// `report`: a collection of threat intelligence about a topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// The title.
    pub name: String,
    /// The summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Open vocabulary `report-type-ov`, e.g. `threat-report`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub report_types: Vec<String>,
    /// When the report was released.
    pub published: StixTime,
    /// What the report is about.
    pub object_refs: Vec<StixId>,
}

/// `identity`: an organisation, here a party to the cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// The name.
    pub name: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Open vocabulary `identity-class-ov`, e.g. `organization`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_class: Option<String>,
}

/// `location`: a place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// The place's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the place is; the cell writes the report's GeoJSON place here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Latitude in decimal degrees (WGS 84).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in decimal degrees (WGS 84).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Radius of uncertainty around the point, in metres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<f64>,
    /// Open vocabulary `region-ov`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// `incident`: something that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// The name.
    pub name: String,
    /// What happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `note`: added context about other objects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// A short summary.
    #[serde(default, rename = "abstract", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The note.
    pub content: String,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// What it is about.
    pub object_refs: Vec<StixId>,
}

/// How far an opinion agrees (`opinion-enum`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OpinionValue {
    /// Strongly disagree.
    StronglyDisagree,
    /// Disagree.
    Disagree,
    /// Neutral.
    Neutral,
    /// Agree.
    Agree,
    /// Strongly agree.
    StronglyAgree,
}

/// `opinion`: an assessment of whether other objects are correct.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Opinion {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Who holds the opinion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// The opinion.
    pub opinion: OpinionValue,
    /// What it is about.
    pub object_refs: Vec<StixId>,
}

/// `sighting`: the belief that something was seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    /// Common properties.
    #[serde(flatten)]
    pub common: Common,
    /// What was seen (an SDO).
    pub sighting_of_ref: StixId,
    /// What the sighting was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When it was first seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<StixTime>,
    /// When it was last seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<StixTime>,
    /// How many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Who saw it (identities or locations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub where_sighted_refs: Vec<StixId>,
}

/// `marking-definition`: a data marking such as a TLP level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkingDefinition {
    /// Always `2.1`.
    pub spec_version: String,
    /// The id.
    pub id: StixId,
    /// When it was created; marking definitions are never modified.
    pub created: StixTime,
    /// The identity that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_ref: Option<StixId>,
    /// The name, e.g. `TLP:RED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The marking as extensions, e.g. the TLP 2.0 extension.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extensions: Map<String, Value>,
    /// `statement` or `tlp` (TLP 1.0) when the marking is not an extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition_type: Option<String>,
    /// The marking, when it is not an extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<Value>,
}

/// `bundle`: a set of objects carried together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Always `bundle`.
    #[serde(rename = "type")]
    pub kind: BundleType,
    /// The bundle's id.
    pub id: StixId,
    /// The objects.
    #[serde(default)]
    pub objects: Vec<StixObject>,
}

/// The one value of a bundle's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BundleType {
    /// `bundle`.
    Bundle,
}

impl Bundle {
    /// A bundle of `objects` whose id is derived from `name`.
    pub fn new(name: &str, objects: Vec<StixObject>) -> Bundle {
        Bundle {
            kind: BundleType::Bundle,
            id: StixId::derived("bundle", name),
            objects,
        }
    }
}
