//! STIX bundles as draft reports. Each `report` of a bundle becomes a draft of the importing
//! party; the objects it refers to in the same bundle give its place (a `location`), its body (a
//! `note` about it) and its marking (TLP 2.0, or TLP 1.0 as older tools write it). Nothing is
//! released by importing: the draft follows the usual lifecycle, vetting included.

use std::collections::BTreeSet;

use fusioncell_domain::intel::{
    Attachment, Credibility, Place, Reliability, ReportContent, Tlp as CellTlp,
};
use fusioncell_domain::{CellConfig, LangText, PartyId, Timestamp};
use serde_json::json;

use crate::export::GEOJSON_PREFIX;
use crate::object::{Location, Report, StixObject};
use crate::{StixError, StixId, Tlp};

/// The TLP 1.0 marking definitions (STIX 2.0/2.1 `tlp` definitions), by level.
const TLP_1: [(&str, CellTlp); 4] = [
    (
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
        CellTlp::Clear,
    ),
    (
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        CellTlp::Green,
    ),
    (
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
        CellTlp::Amber,
    ),
    (
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
        CellTlp::Red,
    ),
];

/// The marking of an imported report when it carries none: the most restrictive, so nothing
/// is shared more widely than its author may have meant.
pub const DEFAULT_TLP: CellTlp = CellTlp::Red;

/// The cell marking a STIX marking reference names, if it names a TLP level.
pub fn tlp_of(id: &StixId) -> Option<CellTlp> {
    if let Some(t) = Tlp::from_id(id) {
        return Some(match t {
            Tlp::Clear => CellTlp::Clear,
            Tlp::Green => CellTlp::Green,
            Tlp::Amber => CellTlp::Amber,
            Tlp::AmberStrict => CellTlp::AmberStrict,
            Tlp::Red => CellTlp::Red,
        });
    }
    let text = id.to_string();
    TLP_1.iter().find(|(i, _)| *i == text).map(|(_, t)| *t)
}

/// The report of `batch` that `object` serves, if any: a report it is referred to by, or the
/// report a note is about.
pub fn serves<'a>(object: &StixObject, batch: &'a [StixObject]) -> Option<&'a StixId> {
    let id = object.id();
    batch.iter().find_map(|o| match o {
        StixObject::Report(r)
            if r.object_refs.contains(id)
                || r.common.object_marking_refs.contains(id)
                || r.common.created_by_ref.as_ref() == Some(id) =>
        {
            Some(&r.common.id)
        }
        StixObject::Report(r) => match object {
            StixObject::Note(n) if n.object_refs.contains(&r.common.id) => Some(&r.common.id),
            _ => None,
        },
        _ => None,
    })
}

/// The Admiralty grading in a label such as `admiralty:B2`.
fn admiralty(labels: &[String]) -> Option<(Reliability, Credibility)> {
    labels.iter().find_map(|l| {
        let grade = l.strip_prefix("admiralty:")?;
        let mut chars = grade.chars();
        let reliability = Reliability::parse(&chars.next()?.to_string())?;
        let credibility = Credibility::new(chars.as_str().parse().ok()?)?;
        Some((reliability, credibility))
    })
}

/// The Admiralty credibility a STIX confidence stands for (the STIX 2.1 mapping, appendix B).
fn credibility_of(confidence: Option<u8>) -> Credibility {
    let grade = match confidence {
        Some(90..) => 1,
        Some(70..) => 2,
        Some(50..) => 3,
        Some(30..) => 4,
        Some(_) => 5,
        None => 6,
    };
    Credibility::new(grade).expect("1 to 6")
}

/// A text in the report's language when the cell speaks it, else the cell's first language.
fn lang_text(config: &CellConfig, lang: Option<&str>, text: &str) -> LangText {
    let lang = lang
        .filter(|l| config.languages.iter().any(|c| c == l))
        .or_else(|| config.languages.first().map(String::as_str))
        .unwrap_or("en");
    LangText {
        lang: lang.to_string(),
        text: text.to_string(),
    }
}

/// The draft that `report` (with the objects of its `batch`) becomes, releasable to
/// `releasable_to`. The domain checks the result like any draft.
pub fn draft(
    config: &CellConfig,
    report: &Report,
    batch: &[StixObject],
    releasable_to: &BTreeSet<PartyId>,
) -> Result<ReportContent, StixError> {
    let label = report.common.id.to_string();
    let lang = report.common.lang.as_deref();
    let referred = |id: &StixId| batch.iter().find(|o| o.id() == id);
    let body = batch.iter().find_map(|o| match o {
        StixObject::Note(n) if n.object_refs.contains(&report.common.id) => Some(n.content.clone()),
        _ => None,
    });
    let place = report
        .object_refs
        .iter()
        .filter_map(referred)
        .find_map(|o| match o {
            StixObject::Location(l) => Some(l),
            _ => None,
        })
        .and_then(place_of)
        .transpose()
        .map_err(|e| StixError {
            object: label.clone(),
            property: Some("object_refs".into()),
            message: format!("its location cannot be used: {e}"),
        })?;
    let tlp = report
        .common
        .object_marking_refs
        .iter()
        .find_map(tlp_of)
        .unwrap_or(DEFAULT_TLP);
    let (reliability, credibility) = admiralty(&report.common.labels)
        .unwrap_or((Reliability::F, credibility_of(report.common.confidence)));
    let attachments = report
        .common
        .external_references
        .iter()
        .filter_map(|r| {
            Some(Attachment {
                name: r
                    .description
                    .clone()
                    .unwrap_or_else(|| r.source_name.clone()),
                url: r.url.clone()?,
                sha256: r.hashes.get("SHA-256")?.to_lowercase(),
            })
        })
        .collect();
    let summary = report.description.as_deref().unwrap_or(&report.name);
    Ok(ReportContent {
        title: lang_text(config, lang, &report.name),
        summary: lang_text(config, lang, summary),
        body: lang_text(config, lang, body.as_deref().unwrap_or(summary)),
        occurred_at: Timestamp(report.published.millis()),
        place,
        tlp,
        releasable_to: releasable_to.clone(),
        reliability,
        credibility,
        attachments,
        related: BTreeSet::new(),
    })
}

/// The place a location gives: the area whose GeoJSON its description carries, as
/// [`crate::export`] writes it, or else its point. A description that only looks like GeoJSON
/// leaves the point: latitude and longitude are what STIX defines.
fn place_of(l: &Location) -> Option<Result<Place, fusioncell_domain::DomainError>> {
    let area = l
        .description
        .as_deref()
        .and_then(|d| d.strip_prefix(GEOJSON_PREFIX))
        .and_then(|g| serde_json::from_str::<serde_json::Value>(g).ok())
        .filter(|g| g.get("type").and_then(|t| t.as_str()) != Some("Point"))
        .and_then(|g| Place::from_geojson("place", &g).ok());
    if let Some(area) = area {
        return Some(Ok(area));
    }
    let (lon, lat) = (l.longitude?, l.latitude?);
    Some(Place::from_geojson(
        "place",
        &json!({"type": "Point", "coordinates": [lon, lat]}),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::export;
    use crate::validate::validate_object;

    fn config() -> CellConfig {
        CellConfig::from_toml(include_str!("../../../examples/levant-cell.toml")).unwrap()
    }

    fn read(value: Value) -> StixObject {
        validate_object(&value, "objects[0]").unwrap().unwrap()
    }

    fn report(extra: Value) -> Report {
        let mut value = json!({
            "type": "report", "spec_version": "2.1",
            "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
            "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
            "name": "Convoy", "published": "2026-01-08T06:00:00.000Z",
            "object_refs": ["location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"]
        });
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        match read(value) {
            StixObject::Report(r) => r,
            _ => unreachable!(),
        }
    }

    fn location() -> StixObject {
        read(json!({
            "type": "location", "spec_version": "2.1",
            "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
            "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
            "latitude": 33.1, "longitude": 35.85
        }))
    }

    fn note() -> StixObject {
        read(json!({
            "type": "note", "spec_version": "2.1",
            "id": "note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
            "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
            "content": "Six trucks at dawn.",
            "object_refs": ["report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"]
        }))
    }

    fn sy() -> BTreeSet<PartyId> {
        BTreeSet::from([PartyId::new("sy").unwrap()])
    }

    #[test]
    fn a_report_with_what_it_refers_to_becomes_a_draft() {
        let r = report(json!({
            "description": "Trucks.", "lang": "ar", "labels": ["admiralty:B3"],
            "object_marking_refs": ["marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"],
            "external_references": [{"source_name": "photo", "url": "https://files.example/p.jpg",
                                     "hashes": {"SHA-256": "AB".repeat(32)}}]
        }));
        let batch = [StixObject::Report(r.clone()), location(), note()];
        let content = draft(&config(), &r, &batch, &sy()).unwrap();
        assert_eq!(content.title.text, "Convoy");
        assert_eq!(
            (content.summary.text.as_str(), content.body.text.as_str()),
            ("Trucks.", "Six trucks at dawn.")
        );
        assert_eq!(content.title.lang, "ar");
        assert_eq!(content.tlp, CellTlp::AmberStrict);
        assert_eq!(
            (content.reliability, content.credibility.grade()),
            (Reliability::B, 3)
        );
        assert_eq!(content.attachments[0].sha256, "ab".repeat(32));
        assert_eq!(content.releasable_to, sy());
        let (at, reach) = content.place.unwrap().centre_and_reach().unwrap();
        assert_eq!((at.lon, at.lat, reach), (35.85, 33.1, None));
        assert_eq!(serves(&batch[1], &batch), Some(&r.common.id));
        assert_eq!(serves(&batch[2], &batch), Some(&r.common.id));
    }

    #[test]
    fn defaults_when_the_report_says_little() {
        let r = report(json!({"lang": "fr", "confidence": 72}));
        let content = draft(&config(), &r, &[], &BTreeSet::new()).unwrap();
        assert_eq!(content.title.lang, config().languages[0]);
        assert_eq!(content.tlp, DEFAULT_TLP);
        assert_eq!(
            (content.reliability, content.credibility.grade()),
            (Reliability::F, 2)
        );
        assert_eq!(content.body.text, "Convoy");
        assert_eq!(content.place, None);
        assert_eq!(serves(&location(), &[]), None);
    }

    #[test]
    fn tlp_1_0_markings_are_understood() {
        let amber =
            StixId::parse("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82").unwrap();
        assert_eq!(tlp_of(&amber), Some(CellTlp::Amber));
        for t in Tlp::ALL {
            assert!(tlp_of(&t.id()).is_some());
        }
    }

    #[test]
    fn credibility_survives_the_trip_through_confidence() {
        for grade in 1..=6 {
            let c = Credibility::new(grade).unwrap();
            assert_eq!(credibility_of(export::confidence(c)), c);
        }
    }
}
