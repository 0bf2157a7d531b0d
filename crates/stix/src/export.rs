//! Released reports as STIX 2.1: what a reader may see of a report becomes a `report` (one STIX
//! version per release), the originating party's `identity`, the report's `location`, its body as
//! a `note`, its TLP 2.0 `marking-definition`, and the recipients' feedback (`note`),
//! corroboration (`opinion`) and sightings (`sighting`). A withdrawn report gets a last,
//! revoked version.
//!
//! Ids are derived from the cell's record ids ([`StixId::derived`]), so exporting the same
//! report again yields the same objects.

use fusioncell_domain::intel::queries::ReportView;
use fusioncell_domain::intel::{Credibility, Place, Versioned};
use fusioncell_domain::{Audience, CellConfig, LangText, PartyId, Timestamp};

use crate::object::{
    Common, ExternalReference, Identity, Location, Note, Opinion, OpinionValue, Report, Sighting,
};
use crate::{StixId, StixObject, StixTime, Tlp};

/// One exported object version, with when it was added and to which release it belongs.
#[derive(Clone, Debug, PartialEq)]
pub struct Exported {
    /// The object version.
    pub object: StixObject,
    /// When it was added: the release (or response, or withdrawal) it comes from.
    pub added: Timestamp,
    /// The audience of the release it belongs to: a TAXII collection holds the objects of the
    /// releases to exactly its audience.
    pub release: Audience,
}

/// When the parties' identities were first written: they never change.
const IDENTITY_CREATED: StixTime = StixTime(1_767_225_600_000); // 2026-01-01T00:00:00Z

/// The STIX id of party `party`'s identity.
pub fn identity_id(party: &PartyId) -> StixId {
    StixId::derived("identity", &format!("party/{party}"))
}

/// The STIX id of report `report`.
pub fn report_id(report: &str) -> StixId {
    StixId::derived("report", &format!("report/{report}"))
}

/// The party's identity.
pub fn identity(config: &CellConfig, party: &PartyId) -> StixObject {
    let name = config
        .party(party)
        .and_then(|p| p.names.get("en").or_else(|| p.names.values().next()))
        .cloned()
        .unwrap_or_else(|| party.to_string());
    StixObject::Identity(Identity {
        common: Common::new(identity_id(party), IDENTITY_CREATED, IDENTITY_CREATED),
        name,
        description: Some(format!("Party `{party}` of the {} cell", config.name)),
        identity_class: Some("organization".into()),
    })
}

/// The STIX marking of a cell marking.
pub fn tlp(marking: fusioncell_domain::intel::Tlp) -> Tlp {
    use fusioncell_domain::intel::Tlp as Cell;
    match marking {
        Cell::Clear => Tlp::Clear,
        Cell::Green => Tlp::Green,
        Cell::Amber => Tlp::Amber,
        Cell::AmberStrict => Tlp::AmberStrict,
        Cell::Red => Tlp::Red,
    }
}

/// STIX `confidence` for an Admiralty credibility grade (the STIX 2.1 mapping, appendix B);
/// none for 6, "cannot be judged".
pub fn confidence(credibility: Credibility) -> Option<u8> {
    match credibility.grade() {
        1 => Some(90),
        2 => Some(70),
        3 => Some(50),
        4 => Some(30),
        5 => Some(10),
        _ => None,
    }
}

/// The label carrying the Admiralty grading, e.g. `admiralty:B2`.
pub fn admiralty_label(reliability: &str, credibility: Credibility) -> String {
    format!("admiralty:{reliability}{}", credibility.grade())
}

/// Common properties of an object about report `view`, made at `at`, marked like `release`.
fn common(
    id: StixId,
    view: &ReportView<'_>,
    created: Timestamp,
    at: Timestamp,
    marking: Tlp,
) -> Common {
    Common {
        created_by_ref: Some(identity_id(view.originator)),
        object_marking_refs: vec![marking.id()],
        ..Common::new(id, StixTime(created.millis()), StixTime(at.millis()))
    }
}

/// How a location's description starts when the rest of it is the place's GeoJSON.
pub(crate) const GEOJSON_PREFIX: &str = "GeoJSON: ";

/// A place as a STIX location: a point as itself; an area as the middle of its box with a
/// `precision` (metres) within which all of it lies, since STIX locations are points. The
/// description holds the place's GeoJSON, from which [`crate::import`] takes an area back whole.
fn location(
    view: &ReportView<'_>,
    place: &Place,
    created: Timestamp,
    at: Timestamp,
    marking: Tlp,
) -> Option<StixObject> {
    // Every stored place is valid, so this fails only for a record corrupted since.
    let (centre, reach) = place.centre_and_reach().ok()?;
    let id = StixId::derived("location", &format!("report/{}/place", view.id));
    Some(StixObject::Location(Location {
        common: common(id, view, created, at, marking),
        name: None,
        description: Some(format!("{GEOJSON_PREFIX}{}", place.to_geojson())),
        latitude: Some(centre.lat),
        longitude: Some(centre.lon),
        precision: reach,
        region: None,
    }))
}

/// The objects of one release of `view`.
fn release(
    config: &CellConfig,
    view: &ReportView<'_>,
    v: &Versioned,
    revoked: Option<Timestamp>,
) -> Vec<Exported> {
    let c = &v.content;
    let marking = tlp(c.tlp);
    let at = revoked.unwrap_or(v.at);
    let report = report_id(view.id.as_str());
    let mut refs = vec![identity_id(view.originator)];
    let mut objects = vec![identity(config, view.originator), marking.definition()];
    if let Some(place) = &c.place
        && let Some(loc) = location(view, place, view.created_at, at, marking)
    {
        refs.push(loc.id().clone());
        objects.push(loc);
    }
    let body_id = StixId::derived("note", &format!("report/{}/body", view.id));
    objects.push(StixObject::Note(Note {
        common: Common {
            lang: Some(c.body.lang.clone()),
            ..common(body_id.clone(), view, view.created_at, at, marking)
        },
        summary: Some(c.title.text.clone()),
        content: c.body.text.clone(),
        authors: Vec::new(),
        object_refs: vec![report.clone()],
    }));
    refs.push(body_id);
    let mut external_references = vec![ExternalReference {
        source_name: "fusioncell".into(),
        description: Some(format!("report {} version {}", view.id, v.version)),
        url: None,
        hashes: Default::default(),
        external_id: Some(view.id.to_string()),
    }];
    external_references.extend(c.attachments.iter().map(|a| ExternalReference {
        source_name: "attachment".into(),
        description: Some(a.name.clone()),
        url: Some(a.url.clone()),
        hashes: [("SHA-256".to_string(), a.sha256.clone())].into(),
        external_id: None,
    }));
    objects.push(StixObject::Report(Report {
        common: Common {
            revoked: revoked.is_some(),
            labels: vec![admiralty_label(c.reliability.as_str(), c.credibility)],
            confidence: confidence(c.credibility),
            lang: Some(c.title.lang.clone()),
            external_references,
            ..common(report.clone(), view, view.created_at, at, marking)
        },
        name: c.title.text.clone(),
        description: Some(c.summary.text.clone()),
        report_types: vec!["threat-report".into()],
        published: StixTime(v.at.millis()),
        object_refs: refs,
    }));
    objects
        .into_iter()
        .map(|object| Exported {
            object,
            added: at,
            release: v.audience.clone(),
        })
        .collect()
}

/// A text with its language, for a response's description.
fn text(t: &LangText) -> String {
    t.text.clone()
}

/// Everything of `view` that is released, as its reader may see it. The view has already been
/// filtered for the reader by the intelligence queries; responses are kept with the release
/// current when they were made.
pub fn report(config: &CellConfig, view: &ReportView<'_>) -> Vec<Exported> {
    let Some(last) = view.released.last() else {
        return Vec::new();
    };
    let mut out: Vec<Exported> = view
        .released
        .iter()
        .flat_map(|v| release(config, view, v, None))
        .collect();
    if let Some((at, _)) = view.withdrawn {
        // Only the report itself is revoked; what it refers to stays as it was.
        out.extend(
            release(config, view, last, Some(at))
                .into_iter()
                .filter(|e| matches!(e.object, StixObject::Report(_))),
        );
    }
    let report = report_id(view.id.as_str());
    let marking = tlp(last.content.tlp);
    let release_at = |t: Timestamp| {
        view.released
            .iter()
            .rev()
            .find(|v| v.at <= t)
            .unwrap_or(last)
            .audience
            .clone()
    };
    let respond = |kind: &str, party: &PartyId, at: Timestamp, n: usize| {
        let id = StixId::derived(kind, &format!("report/{}/{kind}/{party}/{n}", view.id));
        Common {
            created_by_ref: Some(identity_id(party)),
            object_marking_refs: vec![marking.id()],
            ..Common::new(id, StixTime(at.millis()), StixTime(at.millis()))
        }
    };
    // The identities of the responding parties, which their responses refer to.
    let responders = view
        .feedback
        .iter()
        .map(|f| (&f.party, f.at))
        .chain(view.corroborations.iter().map(|c| (&c.party, c.at)))
        .chain(view.sightings.iter().map(|s| (&s.party, s.at)));
    let identities: Vec<Exported> = responders
        .map(|(party, at)| Exported {
            object: identity(config, party),
            added: at,
            release: release_at(at),
        })
        .collect();
    out.extend(identities);
    for (n, f) in view.feedback.iter().enumerate() {
        let usefulness = match f.usefulness {
            fusioncell_domain::intel::Usefulness::Useful => "useful",
            fusioncell_domain::intel::Usefulness::NotUseful => "not useful",
            fusioncell_domain::intel::Usefulness::AlreadyKnown => "already known",
        };
        out.push(Exported {
            object: StixObject::Note(Note {
                common: respond("note", &f.party, f.at, n),
                summary: Some(format!("Feedback: {usefulness}")),
                content: f
                    .comment
                    .as_ref()
                    .map(text)
                    .unwrap_or_else(|| usefulness.to_string()),
                authors: vec![f.party.to_string()],
                object_refs: vec![report.clone()],
            }),
            added: f.at,
            release: release_at(f.at),
        });
    }
    for (n, c) in view.corroborations.iter().enumerate() {
        use fusioncell_domain::intel::Opinion as Cell;
        let opinion = match c.opinion {
            Cell::StronglyDisagree => OpinionValue::StronglyDisagree,
            Cell::Disagree => OpinionValue::Disagree,
            Cell::Neutral => OpinionValue::Neutral,
            Cell::Agree => OpinionValue::Agree,
            Cell::StronglyAgree => OpinionValue::StronglyAgree,
        };
        out.push(Exported {
            object: StixObject::Opinion(Opinion {
                common: respond("opinion", &c.party, c.at, n),
                explanation: Some(text(&c.comment)),
                authors: vec![c.party.to_string()],
                opinion,
                object_refs: vec![report.clone()],
            }),
            added: c.at,
            release: release_at(c.at),
        });
    }
    for (n, s) in view.sightings.iter().enumerate() {
        out.push(Exported {
            object: StixObject::Sighting(Sighting {
                common: respond("sighting", &s.party, s.at, n),
                sighting_of_ref: report.clone(),
                description: s.sighting.note.as_ref().map(text),
                first_seen: Some(StixTime(s.sighting.first_seen.millis())),
                last_seen: Some(StixTime(s.sighting.last_seen.millis())),
                count: Some(s.sighting.count),
                where_sighted_refs: vec![identity_id(&s.party)],
            }),
            added: s.at,
            release: release_at(s.at),
        });
    }
    out
}
