//! End to end: the console's de-escalation pages, driven like a browser without JavaScript —
//! the map, the notify form with its check, an activity's page with acknowledgement, the
//! activity list's filters, a zone's approval and an incident's page, in three languages.

mod kit;

use std::time::{SystemTime, UNIX_EPOCH};

use fusioncell_domain::Timestamp;
use kit::TestCell;
use serde_json::json;

const HOUR: i64 = 3_600_000;

fn at(ms_from_now: i64) -> Timestamp {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    Timestamp(now + ms_from_now)
}

/// `datetime-local` text (UTC) for `hours` from now.
fn local(hours: i64) -> String {
    at(hours * HOUR).to_rfc3339()[..16].to_string()
}

/// Removes Fluent's directional isolation marks around arguments.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// The notify form's fields for an air activity around a point, 30 to 33 hours from now.
fn flight(lon: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", "air".into()),
        ("shape", "circle".into()),
        ("lon", lon.into()),
        ("lat", "33.30".into()),
        ("radius_m", "5000".into()),
        ("line", String::new()),
        ("width_m", String::new()),
        ("geojson", String::new()),
        ("start", local(30)),
        ("end", local(33)),
        ("lower_m", "1000".into()),
        ("upper_m", "4000".into()),
        ("text", "Patrol flight".into()),
        ("lang", "en".into()),
    ]
}

fn fields<'a>(list: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    list.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn notify_from_the_console_see_the_conflict_first_and_acknowledge_it_from_the_other_side() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            json!({
                "kind": "air",
                "geometry": {"type": "circle", "center": [36.0, 33.3], "radius_m": 5000},
                "altitude": {"lower_m": 2000, "upper_m": 6000},
                "start": at(31 * HOUR).to_rfc3339(), "end": at(34 * HOUR).to_rfc3339(),
                "description": {"lang": "ar", "text": "دورية جوية"},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let syrian = body["activity"]["id"].as_str().unwrap().to_string();

    let israel = cell.console("il.liaison", "en").await;
    let map = israel.get("/map").await;
    assert_eq!(map.status, 200);
    assert!(map.body.contains("<svg class=\"map\""), "the map is drawn");
    assert!(
        map.body.contains(&format!("href=\"/activities/{syrian}\"")),
        "the Syrian activity is on the map"
    );
    assert!(
        map.body.contains("href=\"/map\""),
        "the navigation links the map"
    );
    let zoomed = israel.get("/map?lon=35.9&lat=33.1&zoom=6").await;
    assert!(zoomed.body.contains("zoom=7"), "zoom links follow the view");

    // The check shows the conflict before anything is sent, and records nothing.
    let before = cell.record_len();
    let form = flight("36.03");
    let check = israel.post("/activities/check", &fields(&form)).await;
    assert_eq!(check.status, 200);
    let text = plain(&check.body);
    assert!(text.contains("Conflicts with Air by Syria"), "{text}");
    assert_eq!(cell.record_len(), before);
    let mut bad = flight("36.03");
    bad[4].1 = "0".into();
    let check = israel.post("/activities/check", &fields(&bad)).await;
    assert!(
        check.body.contains("href=\"#field-radius\""),
        "{}",
        check.body
    );
    let refused = israel.post("/activities", &fields(&bad)).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("value=\"0\""),
        "what was typed is kept"
    );

    let sent = israel.post("/activities", &fields(&form)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(sent.location.starts_with("/activities/ac-"));
    let page = israel.get(&sent.location).await;
    let text = plain(&page.body);
    assert!(text.contains("Conflict: Air by Israel"), "{text}");
    assert!(
        !text.contains("Acknowledge receipt"),
        "a party does not acknowledge its own"
    );

    // Syria acknowledges it from the activity's page.
    let syria = cell.console("sy.liaison", "en").await;
    let page = syria.get(&sent.location).await;
    assert!(plain(&page.body).contains("Acknowledge receipt"));
    let acked = syria
        .post(&format!("{}/acknowledge", sent.location), &[])
        .await;
    assert_eq!(acked.status, 303, "{}", acked.body);
    let page = syria.get(&sent.location).await;
    assert!(plain(&page.body).contains("Acknowledged by Syria"));

    // The list filters.
    let list = syria.get("/activities?party=il&status=live").await;
    assert!(list.body.contains(&sent.location));
    assert!(!list.body.contains(&syrian));
    let list = syria.get("/activities?late=late").await;
    assert!(!list.body.contains(&sent.location));
    let fragment = syria.get("/activities-fragment?kind=air").await;
    assert!(fragment.body.contains(&syrian) && !fragment.body.contains("<html"));
    let script = syria.get("/static/map.js").await;
    assert_eq!(script.status, 200);
}

#[tokio::test]
async fn zones_are_approved_from_their_page_and_incidents_have_theirs_in_every_language() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/zones",
            json!({
                "id": "aos", "name": "Area of separation (illustrative)",
                "description": "Illustrative, not official",
                "area": {"type": "Polygon", "coordinates": [[[35.85, 33.05], [35.95, 33.05], [35.95, 33.15], [35.85, 33.15], [35.85, 33.05]]]},
                "rules": {"il": {"forbidden_kinds": ["ground"]}, "sy": {"forbidden_kinds": ["ground"]}},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let israel = cell.console("il.liaison", "en").await;
    let page = israel.get("/zones/aos").await;
    assert!(plain(&page.body).contains("Approve for my party"));
    let approved = israel.post("/zones/aos/approve", &[("version", "1")]).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let syria = cell.console("sy.liaison", "ar").await;
    let approved = syria.post("/zones/aos/approve", &[("version", "1")]).await;
    assert_eq!(approved.status, 303);
    let page = syria.get("/zones/aos").await;
    assert!(page.body.contains("dir=\"rtl\""));
    assert!(plain(&page.body).contains("سارية"), "in force, in Arabic");
    let again = syria.post("/zones/aos/approve", &[("version", "1")]).await;
    assert_eq!(again.status, 409);

    let (status, body) = cell
        .post(
            "il.analyst",
            "/api/v1/incidents",
            json!({
                "occurred_at": at(-HOUR).to_rfc3339(), "place": [35.9, 33.1],
                "category": "airspace_violation", "zone": "aos",
                "description": {"lang": "he", "text": "רחפן מעל הקו"},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["incident"]["id"].as_str().unwrap();
    let supervisor = cell.console("us.supervisor", "he").await;
    let page = supervisor.get(&format!("/incidents/{id}")).await;
    assert_eq!(page.status, 200);
    let text = plain(&page.body);
    assert!(text.contains("הפרת מרחב אווירי"), "the category in Hebrew");
    assert!(text.contains("href=\"/zones/aos\""));
    let map = supervisor.get("/map").await;
    assert!(map.body.contains(&format!("href=\"/incidents/{id}\"")));
    assert!(map.body.contains("href=\"/zones/aos\""));
    let missing = supervisor.get("/incidents/in-nothing").await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn incidents_are_reported_from_the_console_and_reach_only_the_parties_ticked() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            json!({
                "kind": "ground",
                "geometry": {"type": "circle", "center": [35.9, 33.1], "radius_m": 3000},
                "start": at(-HOUR).to_rfc3339(), "end": at(2 * HOUR).to_rfc3339(),
                "description": {"lang": "ar", "text": "دورية"},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let activity = body["activity"]["id"].as_str().unwrap().to_string();

    let israel = cell.console("il.liaison", "en").await;
    let page = israel.get(&format!("/activities/{activity}")).await;
    assert!(
        page.body
            .contains(&format!("href=\"/incidents/new?activity={activity}\"")),
        "the activity's page links the report form about it"
    );
    let form = israel
        .get(&format!("/incidents/new?activity={activity}"))
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(&format!("<option value=\"{activity}\" selected>")),
        "the activity is chosen"
    );
    assert!(
        form.body
            .contains("id=\"share-sy\" name=\"shared_with\" value=\"sy\" checked")
    );

    let report = |lon: &'static str, share: &'static str| {
        let mut f: Vec<(&'static str, String)> = vec![
            ("category", "near_miss".into()),
            ("occurred_at", local(0)),
            ("lon", lon.into()),
            ("lat", "33.10".into()),
            ("text", "Two patrols within 300 m".into()),
            ("lang", "en".into()),
            ("activity", activity.clone()),
            ("zone", String::new()),
        ];
        if !share.is_empty() {
            f.push(("shared_with", share.into()));
        }
        f
    };
    let before = cell.record_len();
    let refused = israel
        .post("/incidents", &fields(&report("east", "sy")))
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("href=\"#field-lon\""),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Two patrols within 300 m"),
        "what was typed is kept"
    );
    assert_eq!(cell.record_len(), before, "nothing is recorded");

    let sent = israel
        .post("/incidents", &fields(&report("35.91", "sy")))
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    assert!(sent.location.starts_with("/incidents/in-"));
    let page = plain(&israel.get(&sent.location).await.body);
    assert!(page.contains("Near miss reported by Israel"), "{page}");
    let syria = cell.console("sy.liaison", "en").await;
    assert_eq!(syria.get(&sent.location).await.status, 200);

    // Kept within the party: Syria and the supervisor do not see it at all.
    let internal = israel
        .post("/incidents", &fields(&report("35.92", "")))
        .await;
    assert_eq!(internal.status, 303, "{}", internal.body);
    assert_eq!(syria.get(&internal.location).await.status, 404);
    let supervisor = cell.console("us.supervisor", "en").await;
    assert_eq!(supervisor.get(&internal.location).await.status, 404);
    assert_eq!(supervisor.get(&sent.location).await.status, 200);
}
