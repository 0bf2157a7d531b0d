//! Who is calling: resolved from a bearer API token or a console session cookie, once per request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::{User, UserId};

use crate::app::AppState;
use crate::auth::{same_secret, secret_hash};
use crate::error::ApiError;

/// Name of the console session cookie.
pub const SESSION_COOKIE: &str = "fc_session";
/// How often a token's last use is written down, at most.
const TOKEN_TOUCH_INTERVAL_MS: i64 = 60_000;
/// Header carrying the CSRF token on cookie-authenticated API writes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The console session behind a request.
#[derive(Clone, Debug)]
pub struct Session {
    /// SHA-256 of the cookie value (the key in the store).
    pub hash: [u8; 32],
    /// The session's CSRF token.
    pub csrf: String,
    /// The interface language chosen.
    pub language: String,
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The user, as the record knows them now.
    pub user: User,
    /// The console session, when authenticated by cookie (None for API tokens).
    pub session: Option<Session>,
}

impl Caller {
    /// Checks a CSRF token sent with a cookie-authenticated write. Token-authenticated calls have
    /// no ambient credentials, so they need none.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), ApiError> {
        match &self.session {
            None => Ok(()),
            Some(s) if sent.is_some_and(|t| same_secret(t, &s.csrf)) => Ok(()),
            Some(_) => Err(ApiError::csrf()),
        }
    }
}

/// The value of cookie `name` in a request.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The user an API token belongs to, when the token is valid and not revoked. Notes the use.
async fn token_owner(app: &AppState, token: &str) -> Result<Option<String>, ApiError> {
    let now = app.core.clock().now().millis();
    let Some(row) = app
        .store
        .api_token_by_hash(&secret_hash(token.trim()))
        .await?
    else {
        return Ok(None);
    };
    if row.revoked_at_ms.is_some() {
        return Ok(None);
    }
    // Recording the last use is one durable write on the store's single writer; once a
    // minute is precise enough and keeps busy integrations from queueing behind it.
    if row
        .last_used_at_ms
        .is_none_or(|t| now.saturating_sub(t) >= TOKEN_TOUCH_INTERVAL_MS)
    {
        app.store.touch_api_token(&row.id, now).await?;
    }
    Ok(Some(row.user_id))
}

/// The caller `user_id` names, when that user exists and is not disabled.
fn active_caller(app: &AppState, user_id: &str, session: Option<Session>) -> Option<Caller> {
    let user_id = UserId::new(user_id)?;
    let user = app.core.read().state.users.get(&user_id).cloned();
    user.filter(|u| !u.disabled)
        .map(|user| Caller { user, session })
}

/// The bearer token of a request, if it sends one.
fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
}

/// Resolves the caller of a request, if any credentials are valid.
pub async fn resolve(parts: &Parts, app: &AppState) -> Result<Option<Caller>, ApiError> {
    if let Some(token) = bearer(parts) {
        let owner = token_owner(app, token).await?;
        return Ok(owner.and_then(|u| active_caller(app, &u, None)));
    }
    let Some(value) = cookie(parts, SESSION_COOKIE) else {
        return Ok(None);
    };
    let now = app.core.clock().now().millis();
    let hash = secret_hash(value);
    let Some(row) = app.store.session(&hash).await? else {
        return Ok(None);
    };
    if row.expires_at_ms <= now {
        app.store.delete_session(&hash).await?;
        return Ok(None);
    }
    let session = Session {
        hash,
        csrf: row.csrf,
        language: row.language,
    };
    Ok(active_caller(app, &row.user_id, Some(session)))
}

/// Resolves the caller of a request made by a standard client (TAXII): HTTP Basic with the user
/// id as user name and an API token of that user as password, or a bearer token. Session cookies
/// are not accepted: these endpoints take no CSRF token.
pub async fn resolve_basic(parts: &Parts, app: &AppState) -> Result<Option<Caller>, ApiError> {
    if let Some(token) = bearer(parts) {
        let owner = token_owner(app, token).await?;
        return Ok(owner.and_then(|u| active_caller(app, &u, None)));
    }
    let Some((user, token)) = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| {
            t.split_once(':')
                .map(|(u, p)| (u.to_string(), p.to_string()))
        })
    else {
        return Ok(None);
    };
    let owner = token_owner(app, &token).await?;
    // The token must be the named user's own: a token never speaks for someone else.
    Ok(owner
        .filter(|o| *o == user)
        .and_then(|u| active_caller(app, &u, None)))
}

/// An API caller: 401 without valid credentials, and cookie-authenticated writes must carry
/// the session's CSRF token in the `X-CSRF-Token` header.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let caller = resolve(parts, app)
            .await?
            .ok_or_else(ApiError::unauthenticated)?;
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            caller.check_csrf(sent)?;
        }
        Ok(ApiCaller(caller))
    }
}
