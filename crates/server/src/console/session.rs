//! Who is using the console: the session behind a request and its interface language. Pages send
//! visitors without a session to the sign-in page; fragments answer them 401, so the page's
//! script never pastes the sign-in page into the page it updates.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::i18n::{Lang, negotiate};
use super::pages;
use crate::app::AppState;
use crate::caller::{self, Caller};
use crate::error::ApiError;

/// A visitor signed in to the console with a session cookie.
pub struct SignedIn {
    /// The user and their session.
    pub caller: Caller,
    /// SHA-256 of the session cookie.
    pub session: [u8; 32],
    /// The session's CSRF token, put in every form.
    pub csrf: String,
    /// The interface language chosen for the session.
    pub lang: Lang,
}

impl SignedIn {
    /// Refuses a form whose `csrf` field is not this session's token.
    pub fn check_csrf(&self, sent: &str) -> Result<(), ApiError> {
        self.caller.check_csrf(Some(sent))
    }
}

/// The signed-in visitor behind `parts`, if any. API tokens do not open the console: it is for
/// people, whose forms carry the session's CSRF token.
async fn signed_in(parts: &Parts, app: &AppState) -> Result<Option<SignedIn>, ApiError> {
    let Some(caller) = caller::resolve(parts, app).await? else {
        return Ok(None);
    };
    let Some(session) = caller.session.clone() else {
        return Ok(None);
    };
    let lang = Lang::from_code(&session.language).unwrap_or_else(|| negotiate(parts, None, None));
    Ok(Some(SignedIn {
        caller,
        session: session.hash,
        csrf: session.csrf,
        lang,
    }))
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        match signed_in(parts, app).await {
            Ok(Some(visitor)) => Ok(visitor),
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(pages::failure(app, negotiate(parts, None, None), &e)),
        }
    }
}

/// A signed-in visitor asking for a fragment of a page.
pub struct FragmentReader(pub SignedIn);

impl FromRequestParts<AppState> for FragmentReader {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, StatusCode> {
        match signed_in(parts, app).await {
            Ok(Some(visitor)) => Ok(FragmentReader(visitor)),
            Ok(None) => Err(StatusCode::UNAUTHORIZED),
            Err(_) => Err(StatusCode::SERVICE_UNAVAILABLE),
        }
    }
}

/// A `Set-Cookie` value the page's scripts cannot read, sent only over HTTPS and never with
/// requests from other sites. `max_age` of `Some(0)` removes the cookie; `None` keeps it for the
/// browser session.
pub fn set_cookie(name: &str, value: &str, path: &str, max_age: Option<u64>) -> HeaderValue {
    let mut text = format!("{name}={value}; Path={path}; HttpOnly; Secure; SameSite=Strict");
    if let Some(seconds) = max_age {
        text.push_str(&format!("; Max-Age={seconds}"));
    }
    HeaderValue::from_str(&text).expect("cookie names and values are URL-safe ASCII")
}
