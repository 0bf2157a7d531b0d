use serde_json::{Value, json};

use super::*;
use crate::tlp::Tlp;

fn report() -> Value {
    json!({
        "type": "report", "spec_version": "2.1",
        "id": "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",
        "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
        "name": "Convoy movement", "published": "2026-01-08T06:00:00.000Z",
        "object_refs": ["location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"],
        "object_marking_refs": [Tlp::Amber.id()]
    })
}

fn with(mut value: Value, property: &str, v: Value) -> Value {
    value[property] = v;
    value
}

fn without(mut value: Value, property: &str) -> Value {
    value.as_object_mut().unwrap().remove(property);
    value
}

fn error(value: &Value) -> StixError {
    validate_object(value, "objects[0]").unwrap_err()
}

#[test]
fn a_valid_report_is_read() {
    let read = validate_object(&report(), "objects[0]").unwrap().unwrap();
    let StixObject::Report(r) = read else {
        panic!("not a report")
    };
    assert_eq!(r.name, "Convoy movement");
    assert_eq!(r.common.object_marking_refs, vec![Tlp::Amber.id()]);
}

#[test]
fn errors_name_the_object_and_property() {
    let e = error(&without(report(), "name"));
    assert_eq!(e.object, "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3");
    assert_eq!(e.property.as_deref(), Some("name"));
    assert!(e.to_string().contains("property `name` is required"), "{e}");

    let e = error(&with(report(), "published", json!("yesterday")));
    assert_eq!(e.property.as_deref(), Some("published"));

    let e = error(&with(report(), "object_refs", json!([])));
    assert_eq!(e.property.as_deref(), Some("object_refs"));

    let e = error(&with(
        report(),
        "object_marking_refs",
        json!(["identity--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"]),
    ));
    assert_eq!(e.property.as_deref(), Some("object_marking_refs"));

    let e = error(&with(report(), "spec_version", json!("2.0")));
    assert_eq!(e.property.as_deref(), Some("spec_version"));

    let e = error(&with(
        report(),
        "modified",
        json!("2026-01-07T06:00:00.000Z"),
    ));
    assert_eq!(e.property.as_deref(), Some("modified"));
}

#[test]
fn an_object_without_a_usable_id_is_named_by_its_place() {
    let e = error(&with(report(), "id", json!("report--nope")));
    assert_eq!(
        (e.object.as_str(), e.property.as_deref()),
        ("objects[0]", Some("id"))
    );
    let e = error(&with(
        report(),
        "id",
        json!("identity--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"),
    ));
    assert_eq!(e.property.as_deref(), Some("id"));
    let e = error(&json!("report"));
    assert_eq!((e.object.as_str(), e.property), ("objects[0]", None));
}

#[test]
fn other_types_are_checked_for_what_all_objects_share() {
    let indicator = json!({
        "type": "indicator", "spec_version": "2.1",
        "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
        "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix", "valid_from": "2026-01-08T06:00:00Z"
    });
    assert_eq!(validate_object(&indicator, "objects[0]"), Ok(None));
    let e = error(&with(indicator, "created", json!("now")));
    assert_eq!(e.property.as_deref(), Some("created"));
}

#[test]
fn locations_need_a_place_and_both_coordinates() {
    let location = json!({
        "type": "location", "spec_version": "2.1",
        "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
        "created": "2026-01-08T06:00:00.000Z", "modified": "2026-01-08T06:00:00.000Z",
        "latitude": 33.1, "longitude": 35.8
    });
    assert!(validate_object(&location, "objects[0]").unwrap().is_some());
    assert_eq!(
        error(&without(location.clone(), "longitude"))
            .property
            .as_deref(),
        Some("longitude")
    );
    assert_eq!(
        error(&with(location.clone(), "latitude", json!(91)))
            .property
            .as_deref(),
        Some("latitude")
    );
    let nowhere = without(without(location, "latitude"), "longitude");
    assert!(error(&nowhere).message.contains("region"));
}

#[test]
fn bundles_are_checked_for_shape_then_every_object() {
    let bundle = json!({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
                        "objects": [report(), Tlp::Amber.definition().to_value()]});
    let objects = validate_bundle(&bundle).unwrap();
    assert_eq!(objects.len(), 2);
    assert!(objects.iter().all(Option::is_some));

    let e = validate_bundle(&with(bundle.clone(), "type", json!("envelope"))).unwrap_err();
    assert_eq!(
        (e.object.as_str(), e.property.as_deref()),
        ("the bundle", Some("type"))
    );
    let e = validate_bundle(&with(
        bundle.clone(),
        "objects",
        json!([report(), {"type": "report"}]),
    ))
    .unwrap_err();
    assert_eq!(
        (e.object.as_str(), e.property.as_deref()),
        ("objects[1]", Some("id"))
    );
}

#[test]
fn what_we_write_reads_back_the_same() {
    for tlp in Tlp::ALL {
        let value = tlp.definition().to_value();
        assert_eq!(
            validate_object(&value, "objects[0]").unwrap(),
            Some(tlp.definition())
        );
    }
    let read = validate_object(&report(), "objects[0]").unwrap().unwrap();
    assert_eq!(read.to_value(), report());
}
