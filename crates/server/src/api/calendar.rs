//! The calendar feed: per user, an iCalendar file of the due dates of milestones that concern
//! the user's party and of the meetings the party may see, at `/calendar/<token>.ics`.
//!
//! Calendar clients cannot send headers, so the token is the URL's secret. It is made here,
//! shown once, and only its SHA-256 is stored (like API tokens); creating a new one revokes the
//! old, and revoking deletes it. Unknown or revoked tokens get `404`.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fusioncell_domain::meetings::queries::{MeetingFilter, meetings};
use fusioncell_domain::{CellState, PartyId, Timestamp, UserId};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::auth::{random_bytes, secret_hash};
use crate::caller::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::ical::{CalendarEvent, calendar};

/// The calendar routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/calendar/token",
            get(status).post(create).delete(revoke),
        )
        .route("/calendar/{file}", get(feed))
}

/// A freshly made feed token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedToken {
    /// The secret token.
    pub token: String,
    /// The feed's path; subscribe to it with a calendar client.
    pub url: String,
}

/// Whether you have a feed token.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedStatus {
    /// When your current token was made (RFC 3339), if you have one.
    pub created_at: Option<String>,
}

/// Makes a new feed token for `user`, replacing any earlier one.
pub async fn new_token(app: &AppState, user: &UserId) -> Result<FeedToken, ApiError> {
    let token = format!("fcf_{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()));
    app.store
        .set_feed_token(
            user.as_str(),
            &secret_hash(&token),
            app.core.clock().now().millis(),
        )
        .await
        .map_err(ApiError::storage)?;
    Ok(FeedToken {
        url: format!("/calendar/{token}.ics"),
        token,
    })
}

/// Make a calendar feed token (replacing and so revoking any earlier one).
#[utoipa::path(post, path = "/api/v1/calendar/token", tag = "calendar",
    responses((status = 201, body = FeedToken), (status = 401, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<(StatusCode, Json<FeedToken>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(new_token(&app, &caller.user.id).await?),
    ))
}

/// Whether you have a calendar feed token.
#[utoipa::path(get, path = "/api/v1/calendar/token", tag = "calendar",
    responses((status = 200, body = FeedStatus), (status = 401, body = ErrorBody)))]
pub async fn status(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<FeedStatus>, ApiError> {
    let created = app
        .store
        .feed_token_created(caller.user.id.as_str())
        .await
        .map_err(ApiError::storage)?;
    Ok(Json(FeedStatus {
        created_at: created.map(|ms| Timestamp(ms).to_rfc3339()),
    }))
}

/// Revoke your calendar feed token.
#[utoipa::path(delete, path = "/api/v1/calendar/token", tag = "calendar",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Result<StatusCode, ApiError> {
    let revoked = app
        .store
        .delete_feed_token(caller.user.id.as_str())
        .await
        .map_err(ApiError::storage)?;
    if revoked {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("feed token", caller.user.id.as_str()))
    }
}

/// The iCalendar feed of a token's user.
pub async fn feed(
    State(app): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let gone = || ApiError::not_found("calendar", "feed");
    let token = file.strip_suffix(".ics").ok_or_else(gone)?;
    let user = app
        .store
        .feed_token_user(&secret_hash(token))
        .await
        .map_err(ApiError::storage)?
        .ok_or_else(gone)?;
    let now = app.core.clock().now();
    let read = app.core.read();
    let user = read
        .state
        .users
        .values()
        .find(|u| u.id.as_str() == user && !u.disabled)
        .ok_or_else(gone)?;
    let name = read
        .state
        .config()
        .map_or("Fusion Cell", |c| c.name.as_str());
    let text = calendar(name, now, &events(&read.state, &user.party));
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response())
}

/// The events of `party`'s calendar: milestone due dates and meetings.
pub fn events(state: &CellState, party: &PartyId) -> Vec<CalendarEvent> {
    let mut list: Vec<CalendarEvent> = super::commitments::due_dates(state, party)
        .into_iter()
        .map(|(c, m)| CalendarEvent {
            uid: format!("milestone-{}-{}@fusioncell", c.id, m.id),
            start: m.due,
            end: None,
            summary: format!("{} — {}", m.title.text, c.shown().title.text),
            description: format!(
                "Milestone {} of commitment {} ({} to {}), status {}",
                m.id,
                c.id,
                c.owner,
                c.beneficiary,
                c.milestone_status(&m.id).as_str()
            ),
            location: None,
            url: Some(format!("/commitments/{}", c.id)),
            category: "milestone",
        })
        .collect();
    list.extend(
        meetings(state, Some(party), &MeetingFilter::default())
            .into_iter()
            .map(|m| CalendarEvent {
                uid: format!("meeting-{}@fusioncell", m.id),
                start: m.starts_at,
                end: Some(m.ends_at),
                summary: m.title.text.clone(),
                description: m
                    .agenda
                    .iter()
                    .map(|a| a.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
                location: Some(m.place.clone()),
                url: Some(format!("/meetings/{}", m.id)),
                category: "meeting",
            }),
    );
    list
}
