//! THE release matrix: every TLP marking × releasability × stage × role × endpoint. Reports are
//! made by two originators at every stage of their lifecycle, then every user of every role
//! reads them through every endpoint, and nothing may reach a party outside what the release
//! rule allows — the expected audiences are computed here, independently of the server.
//!
//! [`Endpoint`] lists the ways a report can reach a reader, the TAXII 2.1 endpoints included
//! (every object version of every collection shown, the manifests, and each report asked for by
//! its STIX id with its versions in every collection); [`reached`] says which reports, and which
//! of their texts, a user got through each.

mod kit;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use fusioncell_domain::EventBody;
use kit::{Stream, TestCell, USERS};
use serde_json::{Value, json};

const MARKINGS: [&str; 5] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

/// How far each report of the matrix is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Draft,
    Submitted,
    Returned,
    /// Released as written, acknowledged and answered by the recipient.
    Released,
    /// Released with the supervisor's sanitized text, then withdrawn.
    SanitizedWithdrawn,
}

const STAGES: [Stage; 5] = [
    Stage::Draft,
    Stage::Submitted,
    Stage::Returned,
    Stage::Released,
    Stage::SanitizedWithdrawn,
];

/// One report of the matrix and who may see what of it.
#[derive(Debug)]
struct Case {
    id: String,
    stage: Stage,
    /// A word only in the originator's text.
    original: String,
    /// A word only in the supervisor's sanitized text.
    sanitized: String,
    /// Parties that may know the report exists.
    allowed: BTreeSet<String>,
    /// Parties that may read the originator's text.
    reads_original: BTreeSet<String>,
}

/// The ways a report can reach a reader.
#[derive(Clone, Copy, Debug)]
enum Endpoint {
    /// `GET /api/v1/intel/reports`.
    List,
    /// `GET /api/v1/intel/reports?q=` for each report's words.
    Search,
    /// `GET /api/v1/intel/reports/{id}`.
    Show,
    /// `GET /api/v1/events` (SSE), opened before the first report.
    Stream,
    /// `GET /api/v1/log/entries/{i}` for every intelligence entry of the record.
    LogEntry,
    /// TAXII: every object version of every collection the reader is shown, paged.
    TaxiiObjects,
    /// TAXII: the manifest of every collection the reader is shown.
    TaxiiManifest,
    /// TAXII: each report's object and versions, asked by id in every collection.
    TaxiiObject,
}

const ENDPOINTS: [Endpoint; 8] = [
    Endpoint::List,
    Endpoint::Search,
    Endpoint::Show,
    Endpoint::Stream,
    Endpoint::LogEntry,
    Endpoint::TaxiiObjects,
    Endpoint::TaxiiManifest,
    Endpoint::TaxiiObject,
];

/// GET a TAXII resource as `user` (HTTP Basic with the user's token).
async fn taxii(cell: &TestCell, user: &str, path: &str) -> (u16, Value) {
    let response = cell
        .http
        .get(format!("{}{path}", cell.url))
        .basic_auth(user, Some(&cell.tokens[user]))
        .header("accept", "application/taxii+json;version=2.1")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Every page of a TAXII list resource at `path` (which has a query string) as `user`.
async fn taxii_pages(cell: &TestCell, user: &str, path: &str, field: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let query = next
            .as_ref()
            .map(|n| format!("&next={n}"))
            .unwrap_or_default();
        let (status, page) = taxii(cell, user, &format!("{path}{query}")).await;
        assert_eq!(status, 200, "{user} {path}: {page}");
        items.extend(page[field].as_array().cloned().unwrap_or_default());
        match page["next"].as_str() {
            Some(n) if page["more"] == true => next = Some(n.to_string()),
            _ => return items,
        }
    }
}

/// The ids of the collections `user` is shown.
async fn taxii_collections(cell: &TestCell, user: &str) -> Vec<String> {
    let (status, list) = taxii(cell, user, "/taxii2/cell/collections/").await;
    assert_eq!(status, 200);
    list["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

/// What reached a reader: report ids, and the words of each report's texts it could read.
#[derive(Default, Debug)]
struct Reached {
    reports: BTreeSet<String>,
    words: BTreeSet<String>,
}

fn party_of(user: &str) -> String {
    user.split('.').next().unwrap().to_string()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn body(tlp: &str, to: &[&str], word: &str) -> Value {
    json!({
        "title": {"lang": "en", "text": format!("Report {word}")},
        "summary": {"lang": "en", "text": "Summary."},
        "body": {"lang": "en", "text": format!("Source detail {word}.")},
        "occurred_at": "2026-01-06T10:00:00Z",
        "place": {"type": "Polygon", "coordinates": [[[35.8, 33.1], [35.9, 33.1], [35.9, 33.2], [35.8, 33.1]]]},
        "tlp": tlp,
        "releasable_to": to,
        "reliability": "C",
        "credibility": 3,
    })
}

/// Makes one report of `originator` and takes it to `stage`.
async fn make(
    cell: &TestCell,
    n: usize,
    originator: &'static str,
    tlp: &str,
    to: &[&str],
    stage: Stage,
) -> Case {
    let author = format!("{originator}.analyst");
    let recipient = to
        .iter()
        .find(|p| **p != "us")
        .map(|p| format!("{p}.liaison"));
    let original = format!("orig{n}x");
    let sanitized = format!("sani{n}x");
    let (status, created) = cell
        .post(&author, "/api/v1/intel/reports", body(tlp, to, &original))
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["report"]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/intel/reports/{id}");
    let ok = |(status, body): (u16, Value)| assert_eq!(status, 200, "{body}");
    if stage != Stage::Draft {
        ok(cell
            .post(&author, &format!("{path}/submit"), json!({}))
            .await);
    }
    match stage {
        Stage::Draft | Stage::Submitted => {}
        Stage::Returned => ok(cell
            .post("us.supervisor", &format!("{path}/vet"), json!({"version": 1, "decision": "return", "comment": {"lang": "en", "text": "Revise."}}))
            .await),
        Stage::Released => {
            ok(cell.post("us.supervisor", &format!("{path}/vet"), json!({"version": 1, "decision": "approve"})).await);
            if let Some(r) = &recipient {
                ok(cell.post(r, &format!("{path}/acknowledge"), json!({})).await);
                ok(cell.post(r, &format!("{path}/feedback"), json!({"usefulness": "useful"})).await);
            }
        }
        Stage::SanitizedWithdrawn => {
            let text = |t: &str| json!({"lang": "en", "text": t});
            let s = json!({"title": text(&format!("Sanitized {sanitized}")), "summary": text("S."), "body": text("Nothing more.")});
            ok(cell.post("us.supervisor", &format!("{path}/vet"), json!({"version": 1, "decision": "approve_sanitized", "sanitized": s})).await);
            ok(cell.post(&author, &format!("{path}/withdraw"), json!({"reason": text("Retracted.")})).await);
        }
    }
    // The rule, independently: a draft stays home; in vetting the supervisor joins; once released
    // the release list joins, reading the released text only.
    let mut allowed = set(&[originator]);
    let mut reads_original = set(&[originator]);
    if stage != Stage::Draft {
        allowed.insert("us".into());
        reads_original.insert("us".into());
    }
    if matches!(stage, Stage::Released | Stage::SanitizedWithdrawn) {
        allowed.extend(to.iter().map(|p| p.to_string()));
    }
    if stage == Stage::Released {
        reads_original.extend(to.iter().map(|p| p.to_string()));
    }
    Case {
        id,
        stage,
        original,
        sanitized,
        allowed,
        reads_original,
    }
}

/// The report id and words of an intelligence event's JSON body, if it is one.
fn intel_event(body: &Value) -> Option<(String, String)> {
    let event = body.get("event").filter(|_| body["type"] == "intel")?;
    Some((event["report"].as_str()?.to_string(), event.to_string()))
}

/// What reached `user` through `endpoint`.
async fn reached(
    cell: &TestCell,
    endpoint: Endpoint,
    user: &str,
    cases: &[Case],
    stream: &mut Stream,
) -> Reached {
    let mut got = Reached::default();
    let words_in = |text: &str, got: &mut Reached| {
        for c in cases {
            for w in [&c.original, &c.sanitized] {
                if text.contains(w.as_str()) {
                    got.words.insert(w.clone());
                }
            }
        }
    };
    match endpoint {
        Endpoint::List => {
            let (status, list) = cell.get(user, "/api/v1/intel/reports").await;
            assert_eq!(status, 200);
            for r in list.as_array().unwrap() {
                got.reports.insert(r["id"].as_str().unwrap().to_string());
                words_in(&r.to_string(), &mut got);
            }
        }
        Endpoint::Search => {
            for c in cases {
                for w in [&c.original, &c.sanitized] {
                    let (status, list) = cell
                        .get(user, &format!("/api/v1/intel/reports?q={w}"))
                        .await;
                    assert_eq!(status, 200);
                    for r in list.as_array().unwrap() {
                        got.reports.insert(r["id"].as_str().unwrap().to_string());
                        got.words.insert(w.clone());
                    }
                }
            }
        }
        Endpoint::Show => {
            for c in cases {
                let (status, r) = cell
                    .get(user, &format!("/api/v1/intel/reports/{}", c.id))
                    .await;
                match status {
                    200 => {
                        got.reports.insert(c.id.clone());
                        words_in(&r.to_string(), &mut got);
                    }
                    404 => assert_eq!(r["code"], "not_found"),
                    other => panic!("{user} {}: {other}", c.id),
                }
            }
        }
        Endpoint::Stream => {
            while let Some(e) = stream.next(Duration::from_millis(400)).await {
                if let Some((report, text)) = intel_event(&e.data["body"]) {
                    got.reports.insert(report);
                    words_in(&text, &mut got);
                }
            }
        }
        Endpoint::LogEntry => {
            let indices: Vec<u64> = cell
                .app
                .core
                .read()
                .log
                .iter()
                .filter(|c| matches!(c.event.body, EventBody::Intel { .. }))
                .map(|c| c.index)
                .collect();
            for i in indices {
                let (status, entry) = cell.get(user, &format!("/api/v1/log/entries/{i}")).await;
                match status {
                    200 => {
                        let event: Value =
                            serde_json::from_str(entry["event"].as_str().unwrap()).unwrap();
                        let (report, text) = intel_event(&event["body"]).unwrap();
                        got.reports.insert(report);
                        words_in(&text, &mut got);
                    }
                    404 => {}
                    other => panic!("{user} entry {i}: {other} {entry}"),
                }
            }
        }
        Endpoint::TaxiiObjects => {
            for c in taxii_collections(cell, user).await {
                let path =
                    format!("/taxii2/cell/collections/{c}/objects/?match[version]=all&limit=40");
                for o in taxii_pages(cell, user, &path, "objects").await {
                    if o["type"] == "report" {
                        let id = o["external_references"][0]["external_id"].as_str().unwrap();
                        got.reports.insert(id.to_string());
                    }
                    words_in(&o.to_string(), &mut got);
                }
            }
        }
        Endpoint::TaxiiManifest => {
            let stix: BTreeMap<String, &Case> = cases
                .iter()
                .map(|c| (fusioncell_stix::export::report_id(&c.id).to_string(), c))
                .collect();
            for c in taxii_collections(cell, user).await {
                let path = format!(
                    "/taxii2/cell/collections/{c}/manifest/?match[type]=report&match[version]=all"
                );
                for record in taxii_pages(cell, user, &path, "objects").await {
                    let case = stix[record["id"].as_str().unwrap()];
                    got.reports.insert(case.id.clone());
                }
            }
        }
        Endpoint::TaxiiObject => {
            let collections = taxii_collections(cell, user).await;
            for case in cases {
                let stix = fusioncell_stix::export::report_id(&case.id);
                for c in &collections {
                    let object = format!("/taxii2/cell/collections/{c}/objects/{stix}/");
                    let (status, found) =
                        taxii(cell, user, &format!("{object}?match[version]=all")).await;
                    let (versions_status, _) =
                        taxii(cell, user, &format!("{object}versions/")).await;
                    assert_eq!(status, versions_status, "{user} {object}");
                    match status {
                        200 => {
                            got.reports.insert(case.id.clone());
                            words_in(&found.to_string(), &mut got);
                        }
                        404 => {}
                        other => panic!("{user} {object}: {other}"),
                    }
                }
            }
        }
    }
    got
}

#[tokio::test]
async fn no_report_reaches_a_party_outside_its_release() {
    let cell = TestCell::start("5m", "1h").await;
    let mut streams = BTreeMap::new();
    for (user, _) in USERS {
        streams.insert(
            user,
            cell.stream(user, Some(cell.record_len() as u64 - 1)).await,
        );
    }
    let mut cases = vec![];
    for (originator, other) in [("il", "sy"), ("sy", "il")] {
        let lists: [&[&str]; 4] = [&[], &[other], &["us"], &[other, "us"]];
        for tlp in MARKINGS {
            for to in lists {
                for stage in STAGES {
                    cases.push(make(&cell, cases.len(), originator, tlp, to, stage).await);
                }
            }
        }
    }
    assert_eq!(cases.len(), 2 * 5 * 4 * 5);

    for (user, _) in USERS {
        let party = party_of(user);
        let stream = streams.get_mut(user).unwrap();
        for endpoint in ENDPOINTS {
            let got = reached(&cell, endpoint, user, &cases, stream).await;
            for c in &cases {
                let reached = got.reports.contains(&c.id);
                assert!(
                    !reached || c.allowed.contains(&party),
                    "{endpoint:?}: {user} got {c:?}"
                );
                assert!(
                    !got.words.contains(&c.original) || c.reads_original.contains(&party),
                    "{endpoint:?}: {user} read the original text of {c:?}"
                );
                assert!(
                    !got.words.contains(&c.sanitized) || c.allowed.contains(&party),
                    "{endpoint:?}: {user} read the sanitized text of {c:?}"
                );
                // Every endpoint shows a reader every report it may see (and every event: the
                // stream and the entries carry at least the draft or the release).
                let reachable = match endpoint {
                    Endpoint::Search => {
                        c.reads_original.contains(&party)
                            || (c.stage == Stage::SanitizedWithdrawn && c.allowed.contains(&party))
                    }
                    // TAXII serves what was released, never drafts or texts in vetting.
                    Endpoint::TaxiiObjects | Endpoint::TaxiiManifest | Endpoint::TaxiiObject => {
                        matches!(c.stage, Stage::Released | Stage::SanitizedWithdrawn)
                            && c.allowed.contains(&party)
                    }
                    _ => c.allowed.contains(&party),
                };
                assert_eq!(reached, reachable, "{endpoint:?}: {user} and {c:?}");
            }
        }
    }
}
