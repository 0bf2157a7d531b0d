//! Who am I, the cell, users (managed by each party's admin) and API tokens.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fusioncell_domain::{Actor, Command, Role, UserId, decide, queries};
use fusioncell_store::ApiTokenRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use super::threads::record;
use super::views::{RecordRef, UserView, parse_id, path_id};
use crate::app::AppState;
use crate::auth::{check_new_password, hash_password, new_api_token, secret_hash};
use crate::caller::{ApiCaller, Caller};
use crate::error::{ApiError, ErrorBody};

/// A party as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyView {
    /// Id.
    pub id: String,
    /// Names per language.
    pub names: BTreeMap<String, String>,
    /// Working languages.
    pub languages: Vec<String>,
    /// Whether it supervises the cell.
    pub supervisor: bool,
}

/// A track as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrackView {
    /// Id.
    pub id: String,
    /// Names per language.
    pub names: BTreeMap<String, String>,
    /// `observe` or `vet`.
    pub policy: String,
}

/// The cell's configuration as every party sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CellView {
    /// Name.
    pub name: String,
    /// Languages.
    pub languages: Vec<String>,
    /// Acknowledgement deadlines per priority, e.g. `{"flash": "5m"}`.
    pub acknowledgement: BTreeMap<String, String>,
    /// Parties.
    pub parties: Vec<PartyView>,
    /// Tracks.
    pub tracks: Vec<TrackView>,
}

/// A new user of the admin's party.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    /// Login name, e.g. `il.duty2`.
    pub id: String,
    /// Name shown to others.
    pub display_name: String,
    /// Roles: liaison, analyst, approver, admin, observer.
    pub roles: Vec<String>,
    /// Initial password (at least 10 characters).
    pub password: String,
}

/// A new API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    /// What the token is for.
    pub label: String,
    /// Whose token (default: yours). An admin may issue tokens for users of their party.
    pub user: Option<String>,
}

/// An API token (without its secret).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    /// Public id.
    pub id: String,
    /// Owner.
    pub user: String,
    /// Label.
    pub label: String,
    /// Created (ms since epoch).
    pub created_at_ms: i64,
    /// Last used (ms since epoch).
    pub last_used_at_ms: Option<i64>,
    /// Revoked (ms since epoch).
    pub revoked_at_ms: Option<i64>,
}

impl From<ApiTokenRow> for TokenView {
    fn from(r: ApiTokenRow) -> TokenView {
        TokenView {
            id: r.id,
            user: r.user_id,
            label: r.label,
            created_at_ms: r.created_at_ms,
            last_used_at_ms: r.last_used_at_ms,
            revoked_at_ms: r.revoked_at_ms,
        }
    }
}

/// A token just issued: the secret is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedToken {
    /// The token.
    pub token: TokenView,
    /// The secret to send as `Authorization: Bearer <secret>`. It cannot be shown again.
    pub secret: String,
    /// Where the issue landed in the record.
    pub record: RecordRef,
}

/// A user-management write.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserWrite {
    /// The user as they now stand.
    pub user: UserView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// Checks a command against the current state without committing it, so side effects outside
/// the record (password rows, token rows) are only written for commands that will pass.
fn precheck(app: &AppState, caller: &Caller, command: &Command) -> Result<(), ApiError> {
    let read = app.core.read();
    decide(
        &read.state,
        &Actor::User(caller.user.id.clone()),
        command,
        app.core.clock().now(),
    )?;
    Ok(())
}

fn user_view(app: &AppState, caller: &Caller, id: &UserId) -> Result<UserView, ApiError> {
    let read = app.core.read();
    queries::users(&read.state, Some(&caller.user.party))
        .into_iter()
        .find(|u| &u.id == id)
        .map(Into::into)
        .ok_or_else(|| ApiError::not_found("user", id.as_str()))
}

/// You: your account, party and roles.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(ApiCaller(caller): ApiCaller) -> Json<UserView> {
    Json((&caller.user).into())
}

/// The cell: parties, tracks, languages and deadlines.
#[utoipa::path(get, path = "/api/v1/cell", tag = "accounts", responses((status = 200, body = CellView), (status = 401, body = ErrorBody)))]
pub async fn cell(
    State(app): State<AppState>,
    ApiCaller(_caller): ApiCaller,
) -> Result<Json<CellView>, ApiError> {
    let read = app.core.read();
    let config = read
        .state
        .config()
        .ok_or(fusioncell_domain::DomainError::NotConfigured)?;
    Ok(Json(CellView {
        name: config.name.clone(),
        languages: config.languages.clone(),
        acknowledgement: [
            ("flash", config.acknowledgement.flash),
            ("priority", config.acknowledgement.priority),
            ("routine", config.acknowledgement.routine),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        parties: config
            .parties
            .iter()
            .map(|p| PartyView {
                id: p.id.to_string(),
                names: p.names.clone(),
                languages: p.languages.clone(),
                supervisor: config.is_supervisor(&p.id),
            })
            .collect(),
        tracks: config
            .tracks
            .iter()
            .map(|t| TrackView {
                id: t.id.to_string(),
                names: t.names.clone(),
                policy: serde_json::to_value(t.policy)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            })
            .collect(),
    }))
}

/// Users you may list: your party's (the supervisor sees all).
#[utoipa::path(get, path = "/api/v1/users", tag = "accounts", responses((status = 200, body = [UserView]), (status = 401, body = ErrorBody)))]
pub async fn users(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<Vec<UserView>> {
    let read = app.core.read();
    Json(
        queries::users(&read.state, Some(&caller.user.party))
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}

/// Create a user in your party (admins only).
#[utoipa::path(post, path = "/api/v1/users", tag = "accounts", request_body = NewUserBody,
    responses((status = 201, body = UserWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_user(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewUserBody>,
) -> Result<(StatusCode, Json<UserWrite>), ApiError> {
    let id = parse_id("id", &body.id, UserId::new)?;
    let roles = parse_roles(&body.roles)?;
    let events = create_user(
        &app,
        Some(&caller),
        &id,
        &body.display_name,
        &caller.user.party,
        roles,
        body.password,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(UserWrite {
            user: user_view(&app, &caller, &id)?,
            record: record(&events),
        }),
    ))
}

/// Creates a user with a password, on behalf of `caller` (an admin) or of the cell's operator
/// (`None`, the command line). The password is checked and hashed before anything is written.
pub async fn create_user(
    app: &AppState,
    caller: Option<&Caller>,
    id: &UserId,
    display_name: &str,
    party: &fusioncell_domain::PartyId,
    roles: std::collections::BTreeSet<Role>,
    password: String,
) -> Result<Vec<std::sync::Arc<crate::core::Committed>>, ApiError> {
    check_new_password(&password).map_err(|m| ApiError::invalid("password", m))?;
    let command = Command::AddUser {
        user: id.clone(),
        display_name: display_name.to_string(),
        party: party.clone(),
        roles,
    };
    let actor = match caller {
        Some(c) => {
            precheck(app, c, &command)?;
            Actor::User(c.user.id.clone())
        }
        None => Actor::Cell,
    };
    let phc = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::storage)?;
    app.store.set_password(id.as_str(), &phc).await?;
    let mut events = app.core.submit(actor.clone(), command).await?;
    events.extend(
        app.core
            .submit(actor, Command::RecordPasswordSet { user: id.clone() })
            .await?,
    );
    Ok(events)
}

/// Parses role names.
pub fn parse_roles(roles: &[String]) -> Result<std::collections::BTreeSet<Role>, ApiError> {
    roles
        .iter()
        .map(|r| {
            Role::parse(r.trim()).ok_or_else(|| {
                ApiError::invalid(
                    "roles",
                    format!("`{r}` is not one of liaison, analyst, approver, admin, observer"),
                )
            })
        })
        .collect()
}

async fn user_command(
    app: AppState,
    caller: Caller,
    id: String,
    make: impl Fn(UserId) -> Command,
) -> Result<Json<UserWrite>, ApiError> {
    let id = path_id("user", &id, UserId::new)?;
    let events = app
        .core
        .submit(Actor::User(caller.user.id.clone()), make(id.clone()))
        .await?;
    if events.iter().any(|e| {
        matches!(
            e.event.body,
            fusioncell_domain::EventBody::UserDisabled { .. }
        )
    }) {
        app.store.delete_user_sessions(id.as_str()).await?;
    }
    Ok(Json(UserWrite {
        user: user_view(&app, &caller, &id)?,
        record: record(&events),
    }))
}

/// Disable a user of your party (admins only); their sessions end at once.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", tag = "accounts", params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UserWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn disable_user(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<UserWrite>, ApiError> {
    user_command(app, caller, id, |user| Command::DisableUser { user }).await
}

/// Enable a disabled user of your party (admins only).
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", tag = "accounts", params(("id" = String, Path, description = "User id")),
    responses((status = 200, body = UserWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn enable_user(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<UserWrite>, ApiError> {
    user_command(app, caller, id, |user| Command::EnableUser { user }).await
}

/// Your API tokens (an admin sees those of the whole party).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts", responses((status = 200, body = [TokenView]), (status = 401, body = ErrorBody)))]
pub async fn tokens(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<TokenView>>, ApiError> {
    let rows = app.store.api_tokens(None).await?;
    let visible: Vec<TokenView> = {
        let read = app.core.read();
        rows.into_iter()
            .filter(|r| {
                r.user_id == caller.user.id.as_str()
                    || (caller.user.has(Role::Admin)
                        && UserId::new(&r.user_id)
                            .and_then(|u| read.state.users.get(&u))
                            .is_some_and(|u| u.party == caller.user.party))
            })
            .map(Into::into)
            .collect()
    };
    Ok(Json(visible))
}

/// Issue an API token. The secret is returned once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenBody,
    responses((status = 201, body = IssuedToken), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue_token(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewTokenBody>,
) -> Result<(StatusCode, Json<IssuedToken>), ApiError> {
    let owner = match &body.user {
        Some(u) => parse_id("user", u, UserId::new)?,
        None => caller.user.id.clone(),
    };
    let issued = issue(
        &app,
        Actor::User(caller.user.id.clone()),
        &owner,
        &body.label,
        Some(&caller),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// Issues a token for `owner` on behalf of `actor` (also used by the command line).
pub async fn issue(
    app: &AppState,
    actor: Actor,
    owner: &UserId,
    label: &str,
    caller: Option<&Caller>,
) -> Result<IssuedToken, ApiError> {
    let (id, secret) = new_api_token();
    let command = Command::RecordTokenIssued {
        token: id.clone(),
        user: owner.clone(),
        label: label.to_string(),
    };
    if let Some(caller) = caller {
        precheck(app, caller, &command)?;
    }
    let row = ApiTokenRow {
        id: id.clone(),
        user_id: owner.to_string(),
        label: label.to_string(),
        hash: secret_hash(&secret),
        created_at_ms: app.core.clock().now().millis(),
        last_used_at_ms: None,
        revoked_at_ms: None,
    };
    app.store.insert_api_token(&row).await?;
    let events = match app.core.submit(actor, command).await {
        Ok(events) => events,
        Err(e) => {
            app.store.revoke_api_token(&id, row.created_at_ms).await?;
            return Err(e.into());
        }
    };
    Ok(IssuedToken {
        token: row.into(),
        secret,
        record: record(&events),
    })
}

/// Revoke an API token (yours, or of your party as admin).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = String, Path, description = "Token id")),
    responses((status = 200, body = RecordRef), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<RecordRef>, ApiError> {
    let row = app
        .store
        .api_tokens(None)
        .await?
        .into_iter()
        .find(|r| r.id == id && r.revoked_at_ms.is_none());
    let Some(row) = row else {
        return Err(ApiError::not_found("token", &id));
    };
    let owner = UserId::new(&row.user_id).ok_or_else(|| ApiError::not_found("token", &id))?;
    let command = Command::RecordTokenRevoked {
        token: row.id.clone(),
        user: owner,
    };
    // Tokens of other parties do not exist for the caller.
    precheck(&app, &caller, &command).map_err(|e| {
        if e.status == StatusCode::NOT_FOUND {
            ApiError::not_found("token", &id)
        } else {
            e
        }
    })?;
    app.store
        .revoke_api_token(&row.id, app.core.clock().now().millis())
        .await?;
    let events = app
        .core
        .submit(Actor::User(caller.user.id.clone()), command)
        .await?;
    Ok(Json(record(&events)))
}
