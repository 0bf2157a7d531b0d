//! Checks of incoming STIX: every problem is reported with the object (its id, or its place in
//! the bundle) and the property at fault, so a partner can fix its export.
//!
//! Objects of the types the cell models ([`StixObject`]) are checked property by property;
//! other types only for what every STIX object shares (type, id, spec version, timestamps).

use std::fmt;

use serde_json::{Map, Value};

use crate::id::{StixId, is_type_name};
use crate::object::StixObject;
use crate::time::StixTime;

/// A STIX object or bundle refused, naming the object and property at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StixError {
    /// The object: its id, or its place such as `objects[3]` when it has no usable id.
    pub object: String,
    /// The property at fault, when one is.
    pub property: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for StixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.property {
            Some(p) => write!(f, "{}: property `{p}` {}", self.object, self.message),
            None => write!(f, "{}: {}", self.object, self.message),
        }
    }
}

impl std::error::Error for StixError {}

/// What a property must hold.
#[derive(Clone, Copy)]
enum Kind {
    /// A non-empty string.
    Text,
    /// A STIX timestamp.
    Time,
    /// An identifier, of the given type when one is given.
    Id(Option<&'static str>),
    /// A list of identifiers, of the given type when one is given; non-empty when `true`.
    Ids(Option<&'static str>, bool),
    /// A list of strings.
    Texts,
    /// A whole number in a range.
    Int(i64, i64),
    /// A number in a range.
    Number(f64, f64),
    /// `true` or `false`.
    Bool,
    /// A JSON object.
    Object,
    /// A list of JSON objects.
    Objects,
    /// One of the listed strings.
    OneOf(&'static [&'static str]),
    /// Exactly this string.
    Exactly(&'static str),
}

/// The properties every modelled SDO has, and what they must hold.
const COMMON: &[(&str, Kind)] = &[
    ("spec_version", Kind::Exactly("2.1")),
    ("created_by_ref", Kind::Id(Some("identity"))),
    ("created", Kind::Time),
    ("modified", Kind::Time),
    ("revoked", Kind::Bool),
    ("labels", Kind::Texts),
    ("confidence", Kind::Int(0, 100)),
    ("lang", Kind::Text),
    ("external_references", Kind::Objects),
    (
        "object_marking_refs",
        Kind::Ids(Some("marking-definition"), false),
    ),
];

/// A type's required properties, and what each property must hold.
type Schema = (&'static [&'static str], &'static [(&'static str, Kind)]);

/// The schema of each modelled type.
fn schema(object_type: &str) -> Option<Schema> {
    const OPINIONS: &[&str] = &[
        "strongly-disagree",
        "disagree",
        "neutral",
        "agree",
        "strongly-agree",
    ];
    Some(match object_type {
        "report" => (
            &["name", "published", "object_refs"],
            &[
                ("name", Kind::Text),
                ("description", Kind::Text),
                ("report_types", Kind::Texts),
                ("published", Kind::Time),
                ("object_refs", Kind::Ids(None, true)),
            ],
        ),
        "identity" => (
            &["name"],
            &[
                ("name", Kind::Text),
                ("description", Kind::Text),
                ("identity_class", Kind::Text),
            ],
        ),
        "location" => (
            &[],
            &[
                ("name", Kind::Text),
                ("description", Kind::Text),
                ("latitude", Kind::Number(-90.0, 90.0)),
                ("longitude", Kind::Number(-180.0, 180.0)),
                ("precision", Kind::Number(0.0, f64::MAX)),
                ("region", Kind::Text),
            ],
        ),
        "incident" => (
            &["name"],
            &[("name", Kind::Text), ("description", Kind::Text)],
        ),
        "note" => (
            &["content", "object_refs"],
            &[
                ("abstract", Kind::Text),
                ("content", Kind::Text),
                ("authors", Kind::Texts),
                ("object_refs", Kind::Ids(None, true)),
            ],
        ),
        "opinion" => (
            &["opinion", "object_refs"],
            &[
                ("explanation", Kind::Text),
                ("authors", Kind::Texts),
                ("opinion", Kind::OneOf(OPINIONS)),
                ("object_refs", Kind::Ids(None, true)),
            ],
        ),
        "sighting" => (
            &["sighting_of_ref"],
            &[
                ("sighting_of_ref", Kind::Id(None)),
                ("description", Kind::Text),
                ("first_seen", Kind::Time),
                ("last_seen", Kind::Time),
                ("count", Kind::Int(0, 999_999_999)),
                ("where_sighted_refs", Kind::Ids(None, false)),
            ],
        ),
        _ => return None,
    })
}

/// The properties of a marking definition, which has no `modified`.
const MARKING: &[(&str, Kind)] = &[
    ("spec_version", Kind::Exactly("2.1")),
    ("created_by_ref", Kind::Id(Some("identity"))),
    ("created", Kind::Time),
    ("name", Kind::Text),
    ("extensions", Kind::Object),
    ("definition_type", Kind::Text),
    ("definition", Kind::Object),
];

/// Checks one property value against its kind; the message completes "property `x` …".
fn check(value: &Value, kind: Kind) -> Result<(), String> {
    let ids = |v: &Value, want: Option<&str>| -> Result<(), String> {
        let text = v.as_str().ok_or("must be an identifier string")?;
        let id = StixId::parse(text).map_err(|e| e.to_string())?;
        match want {
            Some(t) if id.object_type() != t => Err(format!("must refer to a {t}, not `{text}`")),
            _ => Ok(()),
        }
    };
    match kind {
        Kind::Text => match value.as_str() {
            Some(s) if !s.trim().is_empty() => Ok(()),
            Some(_) => Err("must not be empty".into()),
            None => Err("must be a string".into()),
        },
        Kind::Time => {
            let text = value.as_str().ok_or("must be a timestamp string")?;
            StixTime::parse(text).map(|_| ()).map_err(|e| e.to_string())
        }
        Kind::Id(want) => ids(value, want),
        Kind::Ids(want, non_empty) => {
            let list = value.as_array().ok_or("must be a list of identifiers")?;
            if non_empty && list.is_empty() {
                return Err("must not be empty".into());
            }
            list.iter().try_for_each(|v| ids(v, want))
        }
        Kind::Texts => match value.as_array() {
            Some(list) if list.iter().all(Value::is_string) => Ok(()),
            _ => Err("must be a list of strings".into()),
        },
        Kind::Int(min, max) => match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(format!("must be a whole number from {min} to {max}")),
        },
        Kind::Number(min, max) => match value.as_f64() {
            Some(n) if (min..=max).contains(&n) => Ok(()),
            _ => Err(format!("must be a number from {min} to {max}")),
        },
        Kind::Bool => value
            .is_boolean()
            .then_some(())
            .ok_or_else(|| "must be true or false".into()),
        Kind::Object => value
            .is_object()
            .then_some(())
            .ok_or_else(|| "must be a JSON object".into()),
        Kind::Objects => match value.as_array() {
            Some(list) if list.iter().all(Value::is_object) => Ok(()),
            _ => Err("must be a list of JSON objects".into()),
        },
        Kind::OneOf(allowed) => match value.as_str() {
            Some(s) if allowed.contains(&s) => Ok(()),
            _ => Err(format!("must be one of {}", allowed.join(", "))),
        },
        Kind::Exactly(want) => match value.as_str() {
            Some(s) if s == want => Ok(()),
            _ => Err(format!("must be `{want}`")),
        },
    }
}

/// Checks `properties` of `object` against `kinds`, `required` being present.
fn check_all(
    label: &str,
    object: &Map<String, Value>,
    required: &[&str],
    kinds: &[(&str, Kind)],
) -> Result<(), StixError> {
    let fail = |property: &str, message: String| StixError {
        object: label.to_string(),
        property: Some(property.to_string()),
        message,
    };
    if let Some(missing) = required.iter().find(|p| !object.contains_key(**p)) {
        return Err(fail(missing, "is required".into()));
    }
    for (property, kind) in kinds {
        if let Some(value) = object.get(*property) {
            check(value, *kind).map_err(|m| fail(property, m))?;
        }
    }
    Ok(())
}

/// Checks one object and reads it when it is of a type the cell models (`None` for other
/// types). `place` names the object when it has no usable id, e.g. `objects[3]`.
pub fn validate_object(value: &Value, place: &str) -> Result<Option<StixObject>, StixError> {
    let fail = |object: &str, property: Option<&str>, message: String| StixError {
        object: object.to_string(),
        property: property.map(str::to_string),
        message,
    };
    let object = value
        .as_object()
        .ok_or_else(|| fail(place, None, "is not a JSON object".into()))?;
    let object_type = match object.get("type").and_then(Value::as_str) {
        Some(t) if is_type_name(t) => t,
        Some(t) => {
            return Err(fail(
                place,
                Some("type"),
                format!("`{t}` is not a STIX type name"),
            ));
        }
        None => return Err(fail(place, Some("type"), "is required".into())),
    };
    let id = match object.get("id").and_then(Value::as_str) {
        Some(text) => StixId::parse(text).map_err(|e| fail(place, Some("id"), e.to_string()))?,
        None => return Err(fail(place, Some("id"), "is required".into())),
    };
    let label = id.to_string();
    if id.object_type() != object_type {
        return Err(fail(
            &label,
            Some("id"),
            format!("must start with `{object_type}--`"),
        ));
    }
    if object_type == "marking-definition" {
        check_all(&label, object, &["spec_version", "created"], MARKING)?;
    } else if let Some((required, kinds)) = schema(object_type) {
        check_all(
            &label,
            object,
            &["spec_version", "created", "modified"],
            COMMON,
        )?;
        check_all(&label, object, required, kinds)?;
    } else {
        // Another type: only what every object shares, when present.
        check_all(&label, object, &[], &COMMON[..4])?;
        return check_versions(&label, object).map(|()| None);
    }
    check_versions(&label, object)?;
    if object_type == "location"
        && !["region", "country", "latitude"]
            .iter()
            .any(|p| object.contains_key(*p))
    {
        return Err(fail(
            &label,
            None,
            "a location needs `region`, `country` or `latitude` and `longitude`".into(),
        ));
    }
    if object.contains_key("latitude") != object.contains_key("longitude") {
        return Err(fail(
            &label,
            Some("longitude"),
            "must be given together with `latitude`".into(),
        ));
    }
    serde_json::from_value(value.clone())
        .map(Some)
        .map_err(|e| fail(&label, None, e.to_string()))
}

/// `modified` must not be before `created`.
fn check_versions(label: &str, object: &Map<String, Value>) -> Result<(), StixError> {
    let time = |p: &str| {
        object
            .get(p)
            .and_then(Value::as_str)
            .and_then(|t| StixTime::parse(t).ok())
    };
    match (time("created"), time("modified")) {
        (Some(c), Some(m)) if m < c => Err(StixError {
            object: label.to_string(),
            property: Some("modified".into()),
            message: "must not be earlier than `created`".into(),
        }),
        _ => Ok(()),
    }
}

/// The objects of a STIX bundle, after checking its shape (`type`, `id`, `objects`). The objects
/// themselves are checked one by one with [`validate_object`].
pub fn bundle_objects(value: &Value) -> Result<&[Value], StixError> {
    let fail = |property: &str, message: &str| StixError {
        object: "the bundle".into(),
        property: Some(property.into()),
        message: message.into(),
    };
    let object = value.as_object().ok_or_else(|| StixError {
        object: "the bundle".into(),
        property: None,
        message: "is not a JSON object".into(),
    })?;
    if object.get("type").and_then(Value::as_str) != Some("bundle") {
        return Err(fail("type", "must be `bundle`"));
    }
    match object.get("id").and_then(Value::as_str).map(StixId::parse) {
        Some(Ok(id)) if id.object_type() == "bundle" => {}
        _ => return Err(fail("id", "must be an identifier `bundle--<uuid>`")),
    }
    match object.get("objects") {
        None => Ok(&[]),
        Some(Value::Array(list)) => Ok(list),
        Some(_) => Err(fail("objects", "must be a list of objects")),
    }
}

/// Checks a whole bundle: its shape, then every object; the first problem is returned.
pub fn validate_bundle(value: &Value) -> Result<Vec<Option<StixObject>>, StixError> {
    bundle_objects(value)?
        .iter()
        .enumerate()
        .map(|(i, o)| validate_object(o, &format!("objects[{i}]")))
        .collect()
}

#[cfg(test)]
mod tests;
