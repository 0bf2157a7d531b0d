//! TAXII 2.1 end to end: authentication and media types, collections per track and audience,
//! released reports served as STIX to their audience only (filters, paging, manifest, versions,
//! the date-added headers), and bundles added as drafts with a status.

mod kit;

use std::collections::BTreeSet;

use kit::TestCell;
use serde_json::{Value, json};

const TAXII: &str = "application/taxii+json;version=2.1";
const STIX: &str = "application/stix+json;version=2.1";

/// A TAXII answer: status, headers and JSON body.
struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Answer {
        status,
        headers,
        body: response.json().await.unwrap_or(Value::Null),
    }
}

/// GET `path` as `user` with HTTP Basic (user id, API token).
async fn get(cell: &TestCell, user: &str, path: &str) -> Answer {
    send(
        cell.http
            .get(format!("{}{path}", cell.url))
            .basic_auth(user, Some(&cell.tokens[user]))
            .header("accept", TAXII),
    )
    .await
}

/// POST `body` to `path` as `user`, in `content_type`.
async fn post(cell: &TestCell, user: &str, path: &str, content_type: &str, body: &Value) -> Answer {
    send(
        cell.http
            .post(format!("{}{path}", cell.url))
            .basic_auth(user, Some(&cell.tokens[user]))
            .header("accept", TAXII)
            .header("content-type", content_type)
            .body(body.to_string()),
    )
    .await
}

/// The id of the collection `alias` as `user` sees it.
async fn collection(cell: &TestCell, user: &str, alias: &str) -> String {
    let answer = get(cell, user, "/taxii2/cell/collections/").await;
    answer.body["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["alias"] == alias)
        .unwrap_or_else(|| panic!("{user} has no collection {alias}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// An intelligence report body for the API.
fn report(title: &str, to: &[&str], tlp: &str) -> Value {
    json!({
        "title": {"lang": "en", "text": title},
        "summary": {"lang": "en", "text": "Three trucks heading south."},
        "body": {"lang": "en", "text": "Three trucks were seen heading south at dawn."},
        "occurred_at": "2026-01-06T10:00:00Z",
        "place": {"type": "Point", "coordinates": [35.82, 33.12]},
        "tlp": tlp,
        "releasable_to": to,
        "reliability": "B",
        "credibility": 2,
        "attachments": [{"name": "photo", "url": "https://files.example/p.jpg", "sha256": "ab".repeat(32)}],
        "related": []
    })
}

/// Drafts, submits and (as the supervisor) approves a report of `user`; returns its id.
async fn release(cell: &TestCell, user: &str, title: &str, to: &[&str], tlp: &str) -> String {
    let (status, body) = cell
        .post(user, "/api/v1/intel/reports", report(title, to, tlp))
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["report"]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/intel/reports/{id}");
    let (status, body) = cell.post(user, &format!("{path}/submit"), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = cell
        .post(
            "us.supervisor",
            &format!("{path}/vet"),
            json!({"version": 1, "decision": "approve"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["report"]["stage"], "released");
    id
}

fn ids(envelope: &Value) -> Vec<String> {
    envelope["objects"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|o| o["id"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn credentials_media_types_and_discovery() {
    let cell = TestCell::start("5m", "1h").await;
    let url = format!("{}/taxii2/", cell.url);

    let none = send(cell.http.get(&url).header("accept", TAXII)).await;
    assert_eq!(none.status, 401);
    assert!(
        none.header("www-authenticate")
            .unwrap()
            .starts_with("Basic ")
    );
    assert_eq!(none.header("content-type"), Some(TAXII));
    assert_eq!(none.body["http_status"], "401");
    assert_eq!(none.body["error_code"], "unauthenticated");

    // Another user's token, a wrong token, a console password: all refused.
    for (user, password) in [
        ("sy.liaison", cell.tokens["il.liaison"].as_str()),
        ("il.liaison", "fct_wrong"),
        ("il.liaison", kit::PASSWORD),
    ] {
        let answer = send(cell.http.get(&url).basic_auth(user, Some(password))).await;
        assert_eq!(answer.status, 401, "{user}");
    }
    let bearer = send(cell.http.get(&url).bearer_auth(&cell.tokens["il.liaison"])).await;
    assert_eq!(bearer.status, 200);

    let wrong_accept = send(
        cell.http
            .get(&url)
            .basic_auth("il.liaison", Some(&cell.tokens["il.liaison"]))
            .header("accept", "application/json"),
    )
    .await;
    assert_eq!(wrong_accept.status, 406);
    assert_eq!(wrong_accept.body["error_code"], "not_acceptable");

    let discovery = get(&cell, "il.liaison", "/taxii2/").await;
    assert_eq!(discovery.status, 200);
    assert_eq!(discovery.header("content-type"), Some(TAXII));
    assert_eq!(discovery.body["default"], "/taxii2/cell/");
    let root = get(&cell, "il.liaison", "/taxii2/cell/").await;
    assert_eq!(root.body["versions"], json!([TAXII]));
    assert!(root.body["max_content_length"].as_u64().unwrap() > 0);

    let delete = send(
        cell.http
            .delete(format!("{}/taxii2/cell/collections/", cell.url))
            .basic_auth("il.liaison", Some(&cell.tokens["il.liaison"])),
    )
    .await;
    assert_eq!(
        (delete.status, delete.header("content-type")),
        (405, Some(TAXII))
    );
    let missing = get(&cell, "il.liaison", "/taxii2/cell/nothing/").await;
    assert_eq!(
        (missing.status, missing.header("content-type")),
        (404, Some(TAXII))
    );
}

#[tokio::test]
async fn each_party_sees_the_collections_of_its_audiences_only() {
    let cell = TestCell::start("5m", "1h").await;
    let aliases = |answer: &Answer| -> BTreeSet<String> {
        answer.body["collections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["alias"].as_str().unwrap().to_string())
            .collect()
    };
    let il = aliases(&get(&cell, "il.liaison", "/taxii2/cell/collections/").await);
    let sy = aliases(&get(&cell, "sy.liaison", "/taxii2/cell/collections/").await);
    let us = aliases(&get(&cell, "us.supervisor", "/taxii2/cell/collections/").await);
    assert!(il.contains("intelligence:il+sy+us") && il.contains("intelligence:il+us"));
    assert!(!il.contains("intelligence:sy+us"));
    assert!(sy.contains("intelligence:sy+us") && !sy.contains("intelligence:il+us"));
    assert_eq!(us.len(), il.len() + sy.len() - il.intersection(&sy).count());

    let il_only = collection(&cell, "il.liaison", "intelligence:il+us").await;
    let path = format!("/taxii2/cell/collections/{il_only}/");
    let info = get(&cell, "il.liaison", &path).await;
    assert_eq!(info.status, 200);
    assert_eq!(
        (
            info.body["can_read"].as_bool(),
            info.body["can_write"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(info.body["media_types"], json!([STIX]));
    // Syria may not know the collection exists: 404, as for a guessed id.
    for suffix in ["", "objects/", "manifest/"] {
        let answer = get(&cell, "sy.liaison", &format!("{path}{suffix}")).await;
        assert_eq!(answer.status, 404, "{suffix}");
    }
}

#[tokio::test]
async fn released_reports_are_served_as_stix_to_their_audience_only() {
    let cell = TestCell::start("5m", "1h").await;
    let shared = release(
        &cell,
        "il.analyst",
        "Convoy near Quneitra",
        &["sy"],
        "AMBER",
    )
    .await;
    let to_supervisor = release(&cell, "il.analyst", "For the supervisor", &[], "RED").await;
    // A draft is never served.
    let (status, _) = cell
        .post(
            "il.analyst",
            "/api/v1/intel/reports",
            report("Still a draft", &["sy"], "GREEN"),
        )
        .await;
    assert_eq!(status, 201);

    let all = collection(&cell, "sy.liaison", "intelligence:il+sy+us").await;
    let objects = format!("/taxii2/cell/collections/{all}/objects/");
    let page = get(&cell, "sy.liaison", &objects).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.header("content-type"), Some(TAXII));
    assert!(page.header("x-taxii-date-added-first").is_some());
    assert!(page.header("x-taxii-date-added-last").is_some());
    let served = page.body["objects"].as_array().unwrap();
    let types: BTreeSet<&str> = served.iter().map(|o| o["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        BTreeSet::from([
            "report",
            "identity",
            "location",
            "note",
            "marking-definition"
        ])
    );
    let report = served.iter().find(|o| o["type"] == "report").unwrap();
    assert_eq!(report["name"], "Convoy near Quneitra");
    assert_eq!(report["spec_version"], "2.1");
    assert_eq!(
        report["object_marking_refs"],
        json!(["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"])
    );
    assert_eq!(report["labels"], json!(["admiralty:B2"]));
    assert_eq!(report["external_references"][0]["external_id"], shared);
    assert_eq!(
        report["external_references"][1]["hashes"]["SHA-256"],
        "ab".repeat(32)
    );
    let report_id = report["id"].as_str().unwrap().to_string();
    assert!(
        served
            .iter()
            .all(|o| fusioncell_stix::validate_object(o, "served").is_ok()),
        "every object served passes our own validation"
    );
    // Stable ids: the supervisor gets the same objects.
    let us_page = get(&cell, "us.supervisor", &objects).await;
    assert_eq!(ids(&us_page.body), ids(&page.body));

    // The report released to the supervisor only is in Israel's own collection, and nowhere
    // Syria can look.
    let narrow = collection(&cell, "il.liaison", "intelligence:il+us").await;
    let mine = get(
        &cell,
        "il.liaison",
        &format!("/taxii2/cell/collections/{narrow}/objects/?match[type]=report"),
    )
    .await;
    assert_eq!(mine.body["objects"][0]["name"], "For the supervisor");
    assert_eq!(
        mine.body["objects"][0]["external_references"][0]["external_id"],
        to_supervisor
    );
    let sy_collections = get(&cell, "sy.liaison", "/taxii2/cell/collections/").await;
    for c in sy_collections.body["collections"].as_array().unwrap() {
        let path = format!(
            "/taxii2/cell/collections/{}/objects/?match[type]=report",
            c["id"].as_str().unwrap()
        );
        let answer = get(&cell, "sy.liaison", &path).await;
        for o in answer.body["objects"].as_array().into_iter().flatten() {
            assert_ne!(o["name"], "For the supervisor");
            assert_ne!(o["name"], "Still a draft");
        }
    }

    // Filters: type, id, added_after.
    let only = get(
        &cell,
        "sy.liaison",
        &format!("{objects}?match[type]=report,location"),
    )
    .await;
    assert_eq!(only.body["objects"].as_array().unwrap().len(), 2);
    let by_id = get(
        &cell,
        "sy.liaison",
        &format!("{objects}?match[id]={report_id}"),
    )
    .await;
    assert_eq!(ids(&by_id.body), std::slice::from_ref(&report_id));
    let last = page.header("x-taxii-date-added-last").unwrap().to_string();
    let after = get(
        &cell,
        "sy.liaison",
        &format!("{objects}?added_after={last}"),
    )
    .await;
    assert_eq!(
        (after.status, after.body["more"].as_bool()),
        (200, Some(false))
    );
    assert!(after.body.get("objects").is_none());
    let bad = get(&cell, "sy.liaison", &format!("{objects}?match[colour]=red")).await;
    assert_eq!(
        (bad.status, bad.body["error_code"].as_str()),
        (400, Some("bad_query"))
    );

    // Paging: two at a time covers everything once.
    let mut paged = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let query = match &next {
            Some(n) => format!("?limit=2&next={n}"),
            None => "?limit=2".into(),
        };
        let answer = get(&cell, "sy.liaison", &format!("{objects}{query}")).await;
        let got = ids(&answer.body);
        assert!(got.len() <= 2);
        paged.extend(got);
        if answer.body["more"] != true {
            break;
        }
        next = Some(answer.body["next"].as_str().unwrap().to_string());
    }
    assert_eq!(paged, ids(&page.body));

    // Manifest, one object, its versions.
    let manifest = get(
        &cell,
        "sy.liaison",
        &format!("/taxii2/cell/collections/{all}/manifest/"),
    )
    .await;
    let records = manifest.body["objects"].as_array().unwrap();
    assert_eq!(records.len(), served.len());
    assert!(
        records
            .iter()
            .all(|r| r["media_type"] == STIX && r["date_added"].is_string())
    );
    let one = get(&cell, "sy.liaison", &format!("{objects}{report_id}/")).await;
    assert_eq!(ids(&one.body), std::slice::from_ref(&report_id));
    let versions = get(
        &cell,
        "sy.liaison",
        &format!("{objects}{report_id}/versions/"),
    )
    .await;
    assert_eq!(versions.body["versions"], json!([report["modified"]]));
    let unknown = get(
        &cell,
        "sy.liaison",
        &format!("{objects}report--00000000-0000-4000-8000-000000000000/"),
    )
    .await;
    assert_eq!(unknown.status, 404);

    // Withdrawn: a last, revoked version.
    let (status, body) = cell
        .post(
            "il.analyst",
            &format!("/api/v1/intel/reports/{shared}/withdraw"),
            json!({"reason": {"lang": "en", "text": "Wrong road."}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let latest = get(&cell, "sy.liaison", &format!("{objects}{report_id}/")).await;
    assert_eq!(latest.body["objects"][0]["revoked"], true);
    let versions = get(
        &cell,
        "sy.liaison",
        &format!("{objects}{report_id}/versions/"),
    )
    .await;
    assert_eq!(versions.body["versions"].as_array().unwrap().len(), 2);
}

fn bundle(report_uuid: &str) -> Value {
    let now = "2026-01-08T06:00:00.000Z";
    json!({"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
        {"type": "report", "spec_version": "2.1", "id": format!("report--{report_uuid}"),
         "created": now, "modified": now, "published": now, "lang": "en",
         "name": "Drone over the area of separation", "description": "A small drone, twice.",
         "object_refs": ["location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64"],
         "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
         "labels": ["admiralty:C3"]},
        {"type": "location", "spec_version": "2.1", "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
         "created": now, "modified": now, "latitude": 33.1, "longitude": 35.85},
        {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
         "created": now, "modified": now, "pattern": "[ipv4-addr:value = '198.51.100.1']",
         "pattern_type": "stix", "valid_from": now}
    ]})
}

#[tokio::test]
async fn added_bundles_become_drafts_of_the_callers_party() {
    let cell = TestCell::start("5m", "1h").await;
    let all = collection(&cell, "il.analyst", "intelligence:il+sy+us").await;
    let objects = format!("/taxii2/cell/collections/{all}/objects/");
    let uuid = "84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3";

    let wrong = post(
        &cell,
        "il.analyst",
        &objects,
        "application/json",
        &bundle(uuid),
    )
    .await;
    assert_eq!(
        (wrong.status, wrong.body["error_code"].as_str()),
        (415, Some("unsupported_media_type"))
    );

    let added = post(&cell, "il.analyst", &objects, STIX, &bundle(uuid)).await;
    assert_eq!(added.status, 202, "{}", added.body);
    assert_eq!(added.header("content-type"), Some(TAXII));
    let status = &added.body;
    assert_eq!(status["status"], "complete");
    assert_eq!(
        (
            status["total_count"].as_u64(),
            status["success_count"].as_u64(),
            status["failure_count"].as_u64(),
            status["pending_count"].as_u64()
        ),
        (Some(3), Some(2), Some(1), Some(0))
    );
    assert_eq!(
        status["failures"][0]["id"],
        "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
    );

    // Polled, with and without the final slash; only Israel may read it.
    let id = status["id"].as_str().unwrap();
    for path in [
        format!("/taxii2/cell/status/{id}/"),
        format!("/taxii2/cell/status/{id}"),
    ] {
        let polled = get(&cell, "il.analyst", &path).await;
        assert_eq!(polled.body, *status);
    }
    assert_eq!(
        get(&cell, "sy.liaison", &format!("/taxii2/cell/status/{id}/"))
            .await
            .status,
        404
    );

    // The draft: Israel's only, releasable to Syria, GREEN, graded C3, at the location.
    let draft = format!("/api/v1/intel/reports/stix-il-{uuid}");
    let (code, report) = cell.get("il.analyst", &draft).await;
    assert_eq!(code, 200, "{report}");
    assert_eq!(report["stage"], "draft");
    assert_eq!(report["content"]["tlp"], "GREEN");
    assert_eq!(report["content"]["releasable_to"], json!(["sy"]));
    assert_eq!(
        (
            report["content"]["reliability"].as_str(),
            report["content"]["credibility"].as_u64()
        ),
        (Some("C"), Some(3))
    );
    assert_eq!(
        report["content"]["place"]["coordinates"],
        json!([35.85, 33.1])
    );
    for user in ["sy.liaison", "us.supervisor"] {
        assert_eq!(cell.get(user, &draft).await.0, 404, "{user}");
    }
    // Not released, so not served.
    let served = get(&cell, "il.analyst", &objects).await;
    assert!(served.body.get("objects").is_none());

    // The same report again, as a TAXII envelope: refused, nothing written.
    let envelope = json!({"objects": bundle(uuid)["objects"].clone()});
    let again = post(&cell, "il.analyst", &objects, TAXII, &envelope).await;
    assert_eq!(
        (
            again.body["success_count"].as_u64(),
            again.body["failure_count"].as_u64()
        ),
        (Some(0), Some(3))
    );
    assert!(
        again.body["failures"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already exists"),
        "{}",
        again.body
    );

    // An invalid report: the object and property are named.
    let mut broken = bundle("6ba7b810-9dad-41d1-80b4-00c04fd430c8");
    broken["objects"][0]
        .as_object_mut()
        .unwrap()
        .remove("published");
    let refused = post(&cell, "il.analyst", &objects, TAXII, &broken).await;
    let message = refused.body["failures"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("report--6ba7b810-9dad-41d1-80b4-00c04fd430c8")
            && message.contains("`published`"),
        "{message}"
    );

    let malformed = post(&cell, "il.analyst", &objects, TAXII, &json!({"objects": 5})).await;
    assert_eq!(malformed.status, 422);
}

#[tokio::test]
async fn responses_are_served_with_their_report_to_who_may_see_them() {
    let cell = TestCell::start("5m", "1h").await;
    // RED or GREEN, the one recipient's responses reach the originator and the supervisor.
    let strict = release(&cell, "il.analyst", "Strict", &["sy"], "RED").await;
    let open = release(&cell, "il.analyst", "Open", &["sy"], "GREEN").await;
    for id in [&strict, &open] {
        let path = format!("/api/v1/intel/reports/{id}");
        for (what, body) in [
            ("acknowledge", json!({})),
            (
                "feedback",
                json!({"usefulness": "useful", "comment": {"lang": "en", "text": "Helpful."}}),
            ),
            (
                "corroborations",
                json!({"opinion": "agree", "comment": {"lang": "en", "text": "We saw it too."}}),
            ),
            (
                "sightings",
                json!({"count": 2, "first_seen": "2026-01-06T11:00:00Z", "last_seen": "2026-01-06T12:00:00Z"}),
            ),
        ] {
            let (status, answer) = cell
                .post("sy.liaison", &format!("{path}/{what}"), body)
                .await;
            assert_eq!(status, 200, "{what}: {answer}");
        }
    }
    let all = collection(&cell, "il.analyst", "intelligence:il+sy+us").await;
    let objects = format!("/taxii2/cell/collections/{all}/objects/");
    for user in ["il.analyst", "sy.liaison", "us.supervisor"] {
        let page = get(
            &cell,
            user,
            &format!("{objects}?match[type]=opinion,sighting,note,identity"),
        )
        .await;
        let served = page.body["objects"].as_array().unwrap();
        let count = |t: &str| served.iter().filter(|o| o["type"] == t).count();
        // Two reports: two body notes, two feedback notes, two opinions, two sightings.
        assert_eq!(
            (count("opinion"), count("sighting"), count("note")),
            (2, 2, 4),
            "{user}"
        );
        let opinion = served.iter().find(|o| o["type"] == "opinion").unwrap();
        assert_eq!(opinion["opinion"], "agree");
        assert_eq!(opinion["explanation"], "We saw it too.");
        let sighting = served.iter().find(|o| o["type"] == "sighting").unwrap();
        assert_eq!(sighting["count"], 2);
        let sy_identity = sighting["where_sighted_refs"][0].as_str().unwrap();
        assert!(
            served.iter().any(|o| o["id"] == sy_identity),
            "the responder's identity is served"
        );
        assert!(
            served
                .iter()
                .all(|o| fusioncell_stix::validate_object(o, "served").is_ok())
        );
    }
}

#[tokio::test]
async fn a_report_exports_as_a_stix_bundle_to_who_may_see_it() {
    let cell = TestCell::start("5m", "1h").await;
    let shared = release(
        &cell,
        "il.analyst",
        "Convoy near Quneitra",
        &["sy"],
        "CLEAR",
    )
    .await;
    let path = format!("/api/v1/intel/reports/{shared}/stix");
    let response = cell
        .http
        .get(format!("{}{path}", cell.url))
        .bearer_auth(&cell.tokens["sy.liaison"])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["content-type"], STIX);
    let bundle: Value = response.json().await.unwrap();
    let objects = fusioncell_stix::validate_bundle(&bundle).expect("a valid bundle");
    assert_eq!(objects.len(), 5);
    assert!(
        bundle["objects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["type"] == "report"
                && o["object_marking_refs"][0]
                    == "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487")
    );
    // Exported again: the same bundle, ids included.
    let (_, again) = cell.get("sy.liaison", &path).await;
    assert_eq!(again, bundle);

    let (status, body) = cell
        .post(
            "il.analyst",
            "/api/v1/intel/reports",
            report("Draft", &["sy"], "GREEN"),
        )
        .await;
    assert_eq!(status, 201);
    let draft = body["report"]["id"].as_str().unwrap();
    let (status, body) = cell
        .get("il.analyst", &format!("/api/v1/intel/reports/{draft}/stix"))
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("not_released")));
    assert_eq!(
        cell.get("sy.liaison", &format!("/api/v1/intel/reports/{draft}/stix"))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn an_area_is_served_as_a_point_with_a_precision_and_comes_back_whole() {
    let cell = TestCell::start("5m", "1h").await;
    let area = json!({"type": "Polygon", "coordinates": [[[35.7, 32.9], [36.0, 32.9], [36.0, 33.2], [35.7, 32.9]]]});
    let mut body = report("Positions along the ridge", &["sy"], "GREEN");
    body["place"] = area.clone();
    let (status, created) = cell.post("il.analyst", "/api/v1/intel/reports", body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["report"]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/intel/reports/{id}");
    assert_eq!(
        cell.post("il.analyst", &format!("{path}/submit"), json!({}))
            .await
            .0,
        200
    );
    let vet = json!({"version": 1, "decision": "approve"});
    assert_eq!(
        cell.post("us.supervisor", &format!("{path}/vet"), vet)
            .await
            .0,
        200
    );

    let all = collection(&cell, "sy.liaison", "intelligence:il+sy+us").await;
    let objects = format!("/taxii2/cell/collections/{all}/objects/");
    let served = get(
        &cell,
        "sy.liaison",
        &format!("{objects}?match[type]=location"),
    )
    .await;
    let location = served.body["objects"][0].clone();
    // The middle of the triangle's box, and a precision reaching its farthest corner (the
    // corners are 17–23 km from the middle).
    assert_eq!(
        (
            location["longitude"].as_f64(),
            location["latitude"].as_f64()
        ),
        (Some(35.85), Some(33.05))
    );
    let precision = location["precision"].as_f64().unwrap();
    assert!((20_000.0..25_000.0).contains(&precision), "{precision}");
    assert!(
        location["description"]
            .as_str()
            .unwrap()
            .starts_with("GeoJSON: ")
    );
    assert!(fusioncell_stix::validate_object(&location, "served").is_ok());

    // Syria passes it on as its own report: the draft has the whole area again.
    let uuid = "1f0c3a52-8a53-4f3e-9d0e-6f8d1c2b7a10";
    let now = "2026-01-08T06:00:00.000Z";
    let bundle = json!({"type": "bundle", "id": "bundle--0b6a3c0e-2f6e-4f35-8d1b-1c1f3c9c2a77", "objects": [
        {"type": "report", "spec_version": "2.1", "id": format!("report--{uuid}"),
         "created": now, "modified": now, "published": now, "lang": "en",
         "name": "Positions along the ridge", "object_refs": [location["id"].clone()]},
        location
    ]});
    let added = post(&cell, "sy.liaison", &objects, STIX, &bundle).await;
    assert_eq!(added.status, 202, "{}", added.body);
    assert_eq!(
        added.body["success_count"].as_u64(),
        Some(2),
        "{}",
        added.body
    );
    let (code, draft) = cell
        .get(
            "sy.liaison",
            &format!("/api/v1/intel/reports/stix-sy-{uuid}"),
        )
        .await;
    assert_eq!(code, 200, "{draft}");
    let (_, original) = cell.get("il.analyst", &path).await;
    assert_eq!(draft["content"]["place"], original["content"]["place"]);
    assert_eq!(
        draft["content"]["place"]["coordinates"][0],
        area["coordinates"]
    );
}

#[tokio::test]
async fn a_status_is_still_there_after_a_restart() {
    let cell = TestCell::start("5m", "1h").await;
    let all = collection(&cell, "il.analyst", "intelligence:il+sy+us").await;
    let objects = format!("/taxii2/cell/collections/{all}/objects/");
    let added = post(
        &cell,
        "il.analyst",
        &objects,
        STIX,
        &bundle("5b7e1c64-0f6e-4c1b-9a55-3d2e8f1a6c09"),
    )
    .await;
    assert_eq!(added.status, 202, "{}", added.body);
    let path = format!(
        "/taxii2/cell/status/{}/",
        added.body["id"].as_str().unwrap()
    );

    let tokens = cell.tokens.clone();
    let dir = cell.stop().await;
    let mut cell = TestCell::open(dir, std::sync::Arc::new(fusioncell_server::SystemClock)).await;
    cell.tokens = tokens;
    let polled = get(&cell, "il.analyst", &path).await;
    assert_eq!(polled.status, 200, "{}", polled.body);
    assert_eq!(polled.body, added.body, "the status as it was answered");
    assert_eq!(
        get(&cell, "sy.liaison", &path).await.status,
        404,
        "only Israel's"
    );
}
