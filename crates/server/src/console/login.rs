//! Signing in and out. A failed sign-in says the same thing whatever was wrong (unknown user,
//! disabled account, wrong password, wrong code) and takes as long, so it tells nothing about
//! which accounts exist. Failures are rate-limited per account and per client address.

use std::net::SocketAddr;
use std::sync::LazyLock;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fusioncell_domain::UserId;
use fusioncell_store::SessionRow;
use serde::Deserialize;

use super::forms::{FormData, LANG_COOKIE_AGE};
use super::i18n::{I18n, LANG_COOKIE, Lang, negotiate};
use super::pages::{self, plain_frame, render};
use super::session::{SignedIn, set_cookie};
use super::view::{Frame, Problem};
use crate::app::AppState;
use crate::auth;
use crate::caller::{self, SESSION_COOKIE, cookie};
use crate::error::ApiError;

/// Cookie holding the sign-in form's token until the form comes back: a form posted from another
/// site cannot know it, so nobody can be signed in to an account they did not choose.
const LOGIN_COOKIE: &str = "fc_login";

/// Hash checked when the account has no password, so every failure costs the same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| auth::hash_password("the password of no account at all"));

/// The sign-in page.
#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    t: I18n,
    frame: Frame,
    problem: Option<Problem>,
    username: String,
    token: String,
}

/// `?lang=` on the sign-in page.
#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    /// An interface language.
    pub lang: Option<String>,
}

/// The cell's default interface language (its first one the console speaks).
fn cell_language(app: &AppState) -> Option<String> {
    let read = app.core.read();
    read.state.config().and_then(|c| {
        c.languages
            .iter()
            .find(|l| Lang::from_code(l).is_some())
            .cloned()
    })
}

/// The sign-in page in `t`, with a fresh form token in its cookie.
fn login_page(
    app: &AppState,
    t: I18n,
    username: String,
    problem: Option<Problem>,
    status: StatusCode,
) -> Response {
    let token = auth::new_csrf_token();
    let page = LoginPage {
        frame: plain_frame(app, t, t.tr("sign-in-heading"), "/login"),
        problem,
        username,
        token: token.clone(),
        t,
    };
    let mut response = render(status, &page);
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(LOGIN_COOKIE, &token, "/login", None),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, t.code(), "/", Some(LANG_COOKIE_AGE)),
    );
    response
}

/// `GET /login`: the sign-in page, in `?lang=` if given. A visitor already signed in goes to the
/// dashboard.
pub async fn page(
    State(app): State<AppState>,
    parts: Parts,
    Query(query): Query<LangQuery>,
) -> Response {
    if let Ok(Some(c)) = caller::resolve(&parts, &app).await
        && c.session.is_some()
    {
        return Redirect::to("/").into_response();
    }
    let lang = negotiate(
        &parts,
        query.lang.as_deref(),
        cell_language(&app).as_deref(),
    );
    login_page(&app, I18n(lang), String::new(), None, StatusCode::OK)
}

/// The user `username` if `password` (and, when they use one, the TOTP `code`) are theirs.
async fn authenticate(
    app: &AppState,
    username: &str,
    password: &str,
    code: &str,
) -> Result<Option<UserId>, ApiError> {
    let Some(id) = UserId::new(username) else {
        return Ok(None);
    };
    // Looked up for every well-formed name, known or not, so the answer takes as long either way.
    let stored = app.store.password(id.as_str()).await?;
    let active = app
        .core
        .read()
        .state
        .users
        .get(&id)
        .is_some_and(|u| !u.disabled);
    let known = stored.is_some();
    let password = password.to_string();
    let matches = tokio::task::spawn_blocking(move || {
        auth::verify_password(stored.as_deref().unwrap_or(&DUMMY_HASH), &password)
    })
    .await
    .unwrap_or(false);
    if !(active && known && matches) {
        return Ok(None);
    }
    if let Some(secret) = app.store.totp(id.as_str()).await? {
        let now = u64::try_from(app.core.clock().now().millis() / 1000).unwrap_or(0);
        if !auth::totp::check(&secret, code, now) {
            return Ok(None);
        }
    }
    Ok(Some(id))
}

/// Opens a session for `user` and answers with its cookie, going to the dashboard.
async fn open_session(app: &AppState, user: &UserId, lang: Lang) -> Result<Response, ApiError> {
    let secret = auth::new_session_secret();
    let now = app.core.clock().now().millis();
    let ttl = app.settings.session_ttl;
    let row = SessionRow {
        hash: auth::secret_hash(&secret),
        user_id: user.to_string(),
        csrf: auth::new_csrf_token(),
        language: lang.code().to_string(),
        created_at_ms: now,
        expires_at_ms: now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX)),
    };
    app.store.insert_session(&row).await?;
    // Sign-ins are rare: a good moment to forget sessions that ran out.
    if let Err(e) = app.store.delete_expired_sessions(now).await {
        tracing::warn!(error = %e, "expired sessions not removed");
    }
    let mut response = Redirect::to("/").into_response();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, &secret, "/", Some(ttl.as_secs())),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(LOGIN_COOKIE, "", "/login", Some(0)),
    );
    headers.append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), "/", Some(LANG_COOKIE_AGE)),
    );
    Ok(response)
}

/// `POST /login`: checks the credentials and opens a session.
pub async fn submit(State(app): State<AppState>, parts: Parts, form: FormData) -> Response {
    let lang = Lang::from_code(form.get("lang"))
        .unwrap_or_else(|| negotiate(&parts, None, cell_language(&app).as_deref()));
    let t = I18n(lang);
    let username = form.get("username").trim().to_string();
    let again = |problem: Problem, status: StatusCode| {
        login_page(&app, t, username.clone(), Some(problem), status)
    };

    let token_ok =
        cookie(&parts, LOGIN_COOKIE).is_some_and(|c| auth::same_secret(c, form.get("token")));
    if !token_ok {
        return again(
            Problem::message(t.tr("error-login-expired")),
            StatusCode::BAD_REQUEST,
        );
    }
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    if let Err(seconds) = app.limiter.check(&username, &address) {
        let e = ApiError::too_many(seconds);
        let mut response = again(Problem::new(&t, &e, |_| None), e.status);
        if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return response;
    }
    let outcome = match authenticate(&app, &username, form.get("password"), form.get("code")).await
    {
        Ok(Some(user)) => open_session(&app, &user, lang).await.map(Some),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(Some(response)) => {
            app.limiter.succeeded(&username);
            response
        }
        Ok(None) => {
            app.limiter.failed(&username, &address);
            again(
                Problem::message(t.tr("error-login-failed")),
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(e) => again(Problem::new(&t, &e, |_| None), e.status),
    }
}

/// `POST /logout`: ends the session.
pub async fn logout(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return pages::error_page(&app, &visitor, &e);
    }
    if let Err(e) = app.store.delete_session(&visitor.session).await {
        return pages::error_page(&app, &visitor, &e.into());
    }
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", "/", Some(0)),
    );
    response
}
