//! End to end: the console's dispute and commercial register pages, driven like a browser
//! without JavaScript — raise a dispute by form (a refusal keeps what was typed), take steps from
//! the dispute's page as the party whose step it is, see only the forms one may use, and move a
//! commercial entry along its pipeline, in English and Arabic.

mod kit;

use kit::TestCell;

/// Removes Fluent's directional isolation marks around arguments.
fn plain(text: &str) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

fn raise_form<'a>(title: &'a str, lat: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("track", "de-escalation"),
        ("against", "il"),
        ("title", title),
        ("what", "Rounds landed east of the line."),
        ("occurred_at", "2026-01-06T05:30"),
        ("lat", lat),
        ("lon", "35.84"),
    ]
}

#[tokio::test]
async fn a_dispute_is_raised_and_answered_from_the_console_by_the_parties_whose_step_it_is() {
    let cell = TestCell::start("5m", "1h").await;
    let syria = cell.console("sy.liaison", "en").await;
    let israel = cell.console("il.liaison", "ar").await;

    let before = cell.record_len();
    let refused = syria.post("/disputes", &raise_form("Shelling", "95")).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("href=\"#dispute-lon\""),
        "the field is named"
    );
    assert!(
        refused.body.contains("value=\"Shelling\""),
        "what was typed is kept"
    );
    assert_eq!(cell.record_len(), before, "a refusal writes nothing");

    let raised = syria
        .post("/disputes", &raise_form("Shelling", "33.12"))
        .await;
    assert_eq!(raised.status, 303);
    let path = raised.location.clone();
    assert!(path.starts_with("/disputes/dp-"), "{path}");
    let page = syria.get(&path).await;
    assert!(page.body.contains("Raised"));
    assert!(
        !page.body.contains("value=\"acknowledge\""),
        "the raiser cannot acknowledge"
    );

    let list = israel.get("/disputes").await;
    assert!(list.body.contains(&path), "the respondent lists it");
    let live = israel.get("/disputes-fragment?status=raised").await;
    assert_eq!(live.status, 200);
    assert!(
        live.body.contains(&path) && !live.body.contains("<html"),
        "a fragment, live"
    );
    let live = israel.get(&format!("{path}/fragment")).await;
    assert!(live.body.contains("value=\"acknowledge\"") && !live.body.contains("<html"));
    let israeli_page = israel.get(&path).await;
    assert!(israeli_page.body.contains("value=\"acknowledge\""));
    let forged = syria
        .post(&format!("{path}/act"), &[("step", "acknowledge")])
        .await;
    assert_eq!(
        forged.status, 403,
        "a form for another party's step is refused"
    );
    let acknowledged = israel
        .post(&format!("{path}/act"), &[("step", "acknowledge")])
        .await;
    assert_eq!(acknowledged.status, 303);
    let answered = israel
        .post(
            &format!("{path}/act"),
            &[("step", "answer"), ("text", "لم تكن قذائفنا")],
        )
        .await;
    assert_eq!(answered.status, 303);
    let page = syria.get(&path).await;
    assert!(page.body.contains("لم تكن قذائفنا"), "the answer is shown");
    assert!(
        page.body.contains("value=\"mediation\""),
        "the raiser may ask for mediation"
    );
    let dashboard = plain(&syria.get("/").await.body);
    assert!(
        dashboard.contains("Accept the answer or ask for mediation"),
        "the raiser's next step is among its deadlines"
    );
    let arabic = plain(&israel.get(&path).await.body);
    assert!(arabic.contains("dir=\"rtl\""));
    assert!(arabic.contains("تم الرد"), "the status in Arabic");
}

#[tokio::test]
async fn a_commercial_entry_is_proposed_and_moved_from_the_console() {
    let cell = TestCell::start("5m", "1h").await;
    let israel = cell.console("il.liaison", "en").await;
    let syria = cell.console("sy.liaison", "en").await;
    let mut form = vec![
        ("sector", "water"),
        ("counterpart", "sy"),
        ("title", "Yarmouk water"),
        ("description", "A joint scheme."),
        ("min", "10"),
        ("max", "20"),
        ("currency", "USD"),
        ("doc_title", "Study"),
        ("doc_url", "https://example.org/study.pdf"),
        ("doc_sha256", "ABC"),
    ];
    let refused = israel.post("/commercial", &form).await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("href=\"#entry-doc-url\""));
    form[9].1 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let created = israel.post("/commercial", &form).await;
    assert_eq!(created.status, 303);
    let path = created.location.clone();
    let own = israel.get(&path).await;
    assert!(
        !own.body.contains("value=\"under_review\""),
        "the proposer does not review"
    );
    let theirs = syria.get(&path).await;
    assert!(theirs.body.contains("value=\"under_review\""));
    let moved = syria
        .post(
            &format!("{path}/move"),
            &[("to", "under_review"), ("text", "")],
        )
        .await;
    assert_eq!(moved.status, 303);
    let commented = israel
        .post(&format!("{path}/comments"), &[("text", "Thank you")])
        .await;
    assert_eq!(commented.status, 303);
    let page = israel.get(&format!("{path}/fragment")).await;
    assert!(page.body.contains("Under review") && page.body.contains("Thank you"));
    assert!(!page.body.contains("<html"), "the entry's live part");
    let list = syria.get("/commercial-fragment?stage=under_review").await;
    assert!(list.body.contains(&path), "the list's live part, filtered");
}
