use fusioncell_stix::object::{Identity, Incident};
use fusioncell_stix::{Common, StixId, StixObject, StixTime};

use super::*;

fn identity(name: &str, version: i64, added: i64) -> Entry {
    Entry {
        object: StixObject::Identity(Identity {
            common: Common::new(
                StixId::derived("identity", name),
                StixTime(0),
                StixTime(version),
            ),
            name: name.into(),
            description: None,
            identity_class: None,
        }),
        added: Timestamp(added),
    }
}

fn incident(name: &str, added: i64) -> Entry {
    Entry {
        object: StixObject::Incident(Incident {
            common: Common::new(StixId::derived("incident", name), StixTime(0), StixTime(0)),
            name: name.into(),
            description: None,
        }),
        added: Timestamp(added),
    }
}

fn q(pairs: &[(&str, &str)], endpoint: Endpoint) -> Result<Filters, ApiError> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Filters::parse(&pairs, endpoint)
}

fn names(page: &Page<'_>) -> Vec<(String, i64)> {
    page.entries
        .iter()
        .map(|e| match &e.object {
            StixObject::Identity(i) => (i.name.clone(), i.common.modified.millis()),
            StixObject::Incident(i) => (i.name.clone(), 0),
            _ => unreachable!(),
        })
        .collect()
}

fn sample() -> Vec<Entry> {
    vec![
        identity("a", 10, 100),
        identity("a", 20, 200),
        identity("a", 30, 300),
        identity("b", 10, 150),
        incident("c", 250),
    ]
}

#[test]
fn the_last_version_by_default_and_others_on_request() {
    let all = sample();
    let page = select(&all, &q(&[], Endpoint::Objects).unwrap());
    assert_eq!(
        names(&page),
        [("b".into(), 10), ("c".into(), 0), ("a".into(), 30)]
    );
    let page = select(
        &all,
        &q(&[("match[version]", "first")], Endpoint::Objects).unwrap(),
    );
    assert_eq!(
        names(&page),
        [("a".into(), 10), ("b".into(), 10), ("c".into(), 0)]
    );
    let page = select(
        &all,
        &q(
            &[
                ("match[version]", "all"),
                ("match[id]", &StixId::derived("identity", "a").to_string()),
            ],
            Endpoint::Objects,
        )
        .unwrap(),
    );
    assert_eq!(names(&page).len(), 3);
    let page = select(
        &all,
        &q(
            &[("match[version]", "1970-01-01T00:00:00.020Z,first")],
            Endpoint::Objects,
        )
        .unwrap(),
    );
    assert_eq!(
        names(&page),
        [
            ("a".into(), 10),
            ("b".into(), 10),
            ("a".into(), 20),
            ("c".into(), 0)
        ]
    );
}

#[test]
fn type_spec_version_and_added_after_filter() {
    let all = sample();
    let page = select(
        &all,
        &q(&[("match[type]", "incident")], Endpoint::Objects).unwrap(),
    );
    assert_eq!(names(&page), [("c".into(), 0)]);
    let page = select(
        &all,
        &q(&[("match[spec_version]", "2.0")], Endpoint::Objects).unwrap(),
    );
    assert!(page.entries.is_empty());
    // Strictly after: an object added at the instant given is not repeated.
    let page = select(
        &all,
        &q(
            &[("added_after", "1970-01-01T00:00:00.250Z")],
            Endpoint::Objects,
        )
        .unwrap(),
    );
    assert_eq!(names(&page), [("a".into(), 30)]);
}

#[test]
fn pages_cover_everything_once_even_when_objects_arrive_between_pages() {
    let mut all: Vec<Entry> = (0..7)
        .map(|i| identity(&format!("o{i}"), 1, 1000 + i))
        .collect();
    let mut seen = Vec::new();
    let mut filters = q(&[("limit", "3")], Endpoint::Objects).unwrap();
    let mut pages = 0;
    loop {
        let page = select(&all, &filters);
        let (more, next) = (page.more, page.next.clone());
        assert_eq!(more, next.is_some());
        let first_last = page.date_added_range();
        seen.extend(names(&page).into_iter().map(|(n, _)| n));
        if let Some((first, last)) = first_last {
            assert!(first <= last);
        }
        pages += 1;
        if pages == 1 {
            all.push(identity("late", 1, 5000));
        }
        let Some(next) = next else { break };
        filters = q(&[("limit", "3"), ("next", &next)], Endpoint::Objects).unwrap();
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 8);
    assert_eq!(seen.last().unwrap(), "late");
}

#[test]
fn bad_parameters_are_refused_by_name() {
    for (pairs, endpoint, name) in [
        (vec![("limit", "0")], Endpoint::Objects, "limit"),
        (vec![("limit", "ten")], Endpoint::Objects, "limit"),
        (vec![("next", "garbage")], Endpoint::Objects, "next"),
        (
            vec![("added_after", "yesterday")],
            Endpoint::Objects,
            "added_after",
        ),
        (
            vec![("match[version]", "latest")],
            Endpoint::Objects,
            "match[version]",
        ),
        (
            vec![("match[colour]", "red")],
            Endpoint::Objects,
            "match[colour]",
        ),
        (
            vec![("match[type]", "report")],
            Endpoint::Object,
            "match[type]",
        ),
        (
            vec![("match[version]", "all")],
            Endpoint::Versions,
            "match[version]",
        ),
    ] {
        let e = q(&pairs, endpoint).unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        assert!(e.message.starts_with(name), "{}", e.message);
    }
    assert_eq!(
        q(&[("limit", "100000")], Endpoint::Objects).unwrap().limit,
        Some(PAGE_MAX)
    );
}
