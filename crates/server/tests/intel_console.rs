//! The intelligence console without JavaScript: compose with the preview button, vet, release,
//! acknowledge, and the TLP banner, in the three languages.

mod kit;

use kit::TestCell;

#[tokio::test]
async fn a_report_is_composed_vetted_and_acknowledged_in_the_console() {
    let cell = TestCell::start("5m", "1h").await;
    let il = cell.console("il.analyst", "he").await;
    let us = cell.console("us.supervisor", "en").await;
    let sy = cell.console("sy.liaison", "ar").await;

    let page = il.get("/intel/new").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("name=\"releasable_to\" value=\"sy\""),
        "a checkbox per party"
    );
    let fields = [
        ("track", "intelligence"),
        ("lang", "he"),
        ("title", "שיירה ליד קוניטרה"),
        ("summary", "שלוש משאיות."),
        ("body", "מקור אנושי."),
        ("occurred_at", "2026-01-06T10:00"),
        ("lon", "35.82"),
        ("lat", "33.12"),
        ("tlp", "AMBER+STRICT"),
        ("releasable_to", "sy"),
        ("reliability", "B"),
        ("credibility", "2"),
    ];
    // The preview button shows who will see it, keeping what was typed, and writes nothing.
    let before = cell.record_len();
    let mut preview = fields.to_vec();
    preview.push(("action", "preview"));
    let page = il.post("/intel/reports", &preview).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("שיירה ליד קוניטרה"));
    assert!(
        page.body.contains("סוריה"),
        "Syria is named among who will see it"
    );
    assert_eq!(cell.record_len(), before);
    // A bad field comes back with the form and a problem.
    let mut bad = fields.to_vec();
    bad.retain(|(k, _)| *k != "title");
    bad.push(("title", " "));
    bad.push(("action", "submit"));
    let page = il.post("/intel/reports", &bad).await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains("class=\"problem\""));

    let mut submit = fields.to_vec();
    submit.push(("action", "submit"));
    let page = il.post("/intel/reports", &submit).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let report = page.location.clone();
    assert!(report.starts_with("/intel/reports/ir-"));

    // The supervisor finds it in the vetting queue and approves it.
    let queue = us.get("/intel").await;
    assert!(queue.body.contains(&report));
    let page = us.get(&report).await;
    assert!(page.body.contains("tlp-banner tlp-amber-strict"));
    assert!(page.body.contains("TLP:AMBER+STRICT"));
    let page = us
        .post(
            &format!("{report}/vet"),
            &[("version", "1"), ("lang", "he"), ("decision", "approve")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);

    // Syria has it to acknowledge, and acknowledges.
    let inbox = sy.get("/intel").await;
    assert!(inbox.body.contains(&report));
    let page = sy.get(&report).await;
    assert!(page.body.contains("acknowledge-report"));
    let page = sy.post(&format!("{report}/acknowledge"), &[]).await;
    assert_eq!(page.status, 303);
    let page = sy.get(&report).await;
    assert!(!page.body.contains("acknowledge-report"));

    // Israel sees the acknowledgement.
    let page = il.get(&report).await;
    assert!(page.body.contains("אושר"));
    assert!(!page.body.contains("id=\"missing\""));

    // The preview fragment for the script.
    let who = il.get("/intel/preview-fragment?tlp=RED&to=sy").await;
    assert_eq!(who.status, 200);
    assert!(who.body.contains("סוריה"));
}

#[tokio::test]
async fn a_returned_report_is_revised_and_a_released_one_corrected_in_the_console() {
    let cell = TestCell::start("5m", "1h").await;
    let il = cell.console("il.analyst", "en").await;
    let us = cell.console("us.supervisor", "en").await;
    let fields = [
        ("track", "intelligence"),
        ("lang", "en"),
        ("title", "Roadblock on route 98"),
        ("summary", "Vehicles turned back."),
        ("body", "Named source: Y."),
        ("occurred_at", "2026-01-06T10:00"),
        ("lon", ""),
        ("lat", ""),
        ("tlp", "GREEN"),
        ("releasable_to", "sy"),
        ("reliability", "C"),
        ("credibility", "3"),
        ("action", "submit"),
    ];
    let report = il.post("/intel/reports", &fields).await.location;
    let page = us
        .post(
            &format!("{report}/vet"),
            &[
                ("version", "1"),
                ("lang", "en"),
                ("decision", "return"),
                ("comment", "Remove the name of the source."),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);

    // The originator sees the comment, revises the text in the form and submits it again.
    let page = il.get(&report).await;
    assert!(page.body.contains("Remove the name of the source."));
    let edit = il.get(&format!("{report}/edit")).await;
    assert_eq!(edit.status, 200);
    assert!(
        edit.body.contains("value=\"Roadblock on route 98\""),
        "the form holds the report"
    );
    let mut revised: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| *k != "body")
        .cloned()
        .collect();
    revised.push(("body", "Source withheld."));
    let page = il.post(&format!("{report}/edit"), &revised).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = us
        .post(
            &format!("{report}/vet"),
            &[("version", "2"), ("lang", "en"), ("decision", "approve")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);

    // A correction of the released report goes back to vetting; Syria keeps version 2 meanwhile.
    let mut corrected: Vec<(&str, &str)> = revised
        .iter()
        .filter(|(k, _)| *k != "summary")
        .cloned()
        .collect();
    corrected.push(("summary", "Vehicles turned back for six hours."));
    let page = il.post(&format!("{report}/edit"), &corrected).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, sy) = cell
        .get(
            "sy.liaison",
            &format!(
                "/api/v1/intel/reports/{}",
                report.rsplit('/').next().unwrap()
            ),
        )
        .await;
    assert_eq!(
        (sy["version"].as_u64(), sy["stage"].as_str()),
        (Some(2), Some("released"))
    );
    let page = us.get(&report).await;
    assert!(page.body.contains("Vehicles turned back for six hours."));
    assert!(page.body.contains("approve-report"));
}
