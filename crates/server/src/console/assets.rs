//! The console's style sheet and script, built into the binary. Their URLs carry a hash of their
//! content, so browsers may keep them for a year and still never run a stale copy.

use std::sync::LazyLock;

use axum::extract::RawQuery;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

const CSS: &str = include_str!("../../static/app.css");
const JS: &str = include_str!("../../static/app.js");

/// A short hash of `content`, to version its URL.
pub(super) fn version(content: &str) -> String {
    hex::encode(&Sha256::digest(content.as_bytes())[..6])
}

static CSS_URL: LazyLock<String> = LazyLock::new(|| format!("/static/app.css?v={}", version(CSS)));
static JS_URL: LazyLock<String> = LazyLock::new(|| format!("/static/app.js?v={}", version(JS)));

/// The URL of the style sheet, versioned by its content.
pub fn css_url() -> String {
    CSS_URL.clone()
}

/// The URL of the script, versioned by its content.
pub fn js_url() -> String {
    JS_URL.clone()
}

/// Answers with an asset. Only the URL of the current version may be kept for good; any other
/// (an old page's, or none) must be checked again.
pub(super) fn asset(
    content_type: &'static str,
    body: &'static str,
    url: &str,
    query: Option<String>,
) -> Response {
    let current = query.is_some_and(|q| url.ends_with(&format!("?{q}")));
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}

/// `GET /static/app.css`.
pub async fn css(RawQuery(query): RawQuery) -> Response {
    asset("text/css; charset=utf-8", CSS, &CSS_URL, query)
}

/// `GET /static/app.js`.
pub async fn js(RawQuery(query): RawQuery) -> Response {
    asset("text/javascript; charset=utf-8", JS, &JS_URL, query)
}
