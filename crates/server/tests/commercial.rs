//! End to end: the commercial register over HTTP — proposed, moved along the pipeline by the
//! party whose step it is, commented; bad documents refused naming the field.

mod kit;

use kit::TestCell;
use serde_json::{Value, json};

fn entry() -> Value {
    json!({
        "sector": "water",
        "counterpart": "sy",
        "title": {"lang": "en", "text": "Yarmouk basin water sharing"},
        "description": {"lang": "en", "text": "A joint desalination and transfer scheme."},
        "value": {"min": 40000000, "max": 120000000, "currency": "USD"},
        "documents": [{
            "title": "Pre-feasibility study",
            "url": "https://example.org/yarmouk.pdf",
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        }],
    })
}

#[tokio::test]
async fn an_opportunity_moves_through_the_pipeline_by_the_party_whose_step_it_is() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, created) = cell.post("il.liaison", "/api/v1/commercial", entry()).await;
    assert_eq!(status, 201, "{created}");
    let id = created["opportunity"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["opportunity"]["stage"], "proposed");
    assert_eq!(
        created["opportunity"]["audience"],
        json!(["il", "sy", "us"])
    );
    let step = |to: &str| json!({"to": to});
    let path = format!("/api/v1/commercial/{id}/move");
    let (status, refused) = cell.post("il.liaison", &path, step("under_review")).await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("forbidden")));
    for (user, to) in [
        ("sy.liaison", "under_review"),
        ("sy.liaison", "agreed"),
        ("il.liaison", "in_implementation"),
        ("il.liaison", "done"),
    ] {
        let (status, moved) = cell.post(user, &path, step(to)).await;
        assert_eq!(status, 200, "{user} {to}: {moved}");
        assert_eq!(moved["opportunity"]["stage"], to);
    }
    let (status, _) = cell.post("sy.liaison", &path, step("declined")).await;
    assert_eq!(status, 409, "a finished entry is not declined");
    let comment = json!({"text": {"lang": "ar", "text": "تم بنجاح"}});
    let (status, commented) = cell
        .post(
            "us.supervisor",
            &format!("/api/v1/commercial/{id}/comments"),
            comment,
        )
        .await;
    assert_eq!(status, 200, "{commented}");
    assert_eq!(commented["opportunity"]["comments"][0]["party"], "us");
    let (_, done) = cell
        .get("sy.liaison", "/api/v1/commercial?stage=done&sector=water")
        .await;
    assert_eq!(done.as_array().unwrap().len(), 1);
    let (status, _) = cell
        .get("sy.liaison", "/api/v1/commercial/co-guessed")
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_entries_are_refused_naming_the_field_and_write_nothing() {
    let cell = TestCell::start("5m", "1h").await;
    let before = cell.record_len();
    let cases: [(&str, Value, &str); 5] = [
        (
            "/documents/0/sha256",
            json!("not-a-hash"),
            "documents[0].sha256",
        ),
        (
            "/documents/0/url",
            json!("javascript:alert(1)"),
            "documents[0].url",
        ),
        ("/value/currency", json!("dollars"), "value.currency"),
        ("/value/min", json!(200000000), "value.max"),
        ("/sector", json!("mining"), "sector"),
    ];
    for (pointer, value, field) in cases {
        let mut body = entry();
        *body.pointer_mut(pointer).unwrap() = value;
        let (status, refused) = cell.post("il.liaison", "/api/v1/commercial", body).await;
        assert_eq!(status, 422, "{refused}");
        assert!(
            refused["message"].as_str().unwrap().starts_with(field),
            "{refused}"
        );
    }
    assert_eq!(cell.record_len(), before);
}
