//! Disputes over HTTP: raise, list with filters, counts, one dispute with its full history, and
//! each step of the workflow; and the timer's escalation of missed deadlines.
//!
//! Every write is a domain command (`fusioncell_domain::disputes`), so authorization,
//! validation and audiences are decided there; these handlers translate JSON to commands and
//! records to views.

pub mod steps;
pub mod views;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use fusioncell_domain::disputes::queries::{self, DisputeFilter};
use fusioncell_domain::disputes::{DisputeCommand, DisputeId, DisputeStatus};
use fusioncell_domain::{Actor, Command, PartyId, TrackId};
use serde::Deserialize;
use utoipa::IntoParams;

use self::views::{CountsView, DisputeBody, DisputeView, DisputeWrite};
use crate::api::deescalation::views::parse_name;
use crate::api::threads::record;
use crate::api::views::{parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::core::Core;
use crate::error::{ApiError, ErrorBody};

/// The dispute routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/disputes", get(list).post(raise))
        .route("/api/v1/disputes/counts", get(counts))
        .route("/api/v1/disputes/{id}", get(show))
        .route(
            "/api/v1/disputes/{id}/acknowledge",
            post(steps::acknowledge),
        )
        .route("/api/v1/disputes/{id}/answer", post(steps::answer))
        .route("/api/v1/disputes/{id}/accept", post(steps::accept))
        .route("/api/v1/disputes/{id}/mediation", post(steps::mediation))
        .route("/api/v1/disputes/{id}/requests", post(steps::request))
        .route(
            "/api/v1/disputes/{id}/requests/{n}/reply",
            post(steps::reply),
        )
        .route("/api/v1/disputes/{id}/findings", post(steps::findings))
        .route("/api/v1/disputes/{id}/ruling", post(steps::rule))
        .route(
            "/api/v1/disputes/{id}/ruling/answer",
            post(steps::answer_ruling),
        )
}

/// Filters of the dispute list; all optional, combined with AND.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DisputeQuery {
    /// Only these statuses, comma-separated: `raised,acknowledged,answered,in_mediation,ruled,resolved,contested`.
    pub status: Option<String>,
    /// Only on this track.
    pub track: Option<String>,
    /// Only those this party raised or is the respondent of.
    pub party: Option<String>,
    /// Only overdue (`true`) or not overdue (`false`) ones.
    pub overdue: Option<bool>,
}

impl DisputeQuery {
    /// The domain filter; 422 naming a bad parameter.
    pub fn to_filter(&self) -> Result<DisputeFilter, ApiError> {
        Ok(DisputeFilter {
            status: self
                .status
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| parse_name::<DisputeStatus>("status", s))
                .collect::<Result<_, _>>()?,
            track: self
                .track
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(|t| parse_id("track", t, TrackId::new))
                .transpose()?,
            party: self
                .party
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| parse_id("party", p, PartyId::new))
                .transpose()?,
            overdue: self.overdue,
        })
    }
}

/// Disputes you may see, most recently raised first.
#[utoipa::path(get, path = "/api/v1/disputes", tag = "disputes", params(DisputeQuery),
    responses((status = 200, body = [DisputeView]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<DisputeQuery>,
) -> Result<Json<Vec<DisputeView>>, ApiError> {
    let filter = query.to_filter()?;
    let now = app.core.clock().now();
    let read = app.core.read();
    Ok(Json(
        queries::disputes(&read.state, Some(&caller.user.party), &filter, now)
            .into_iter()
            .map(|d| DisputeView::new(d, now))
            .collect(),
    ))
}

/// Counts of the disputes you may see: per status, track, month raised, and overdue. Both
/// parties to the disputes see the same counts.
#[utoipa::path(get, path = "/api/v1/disputes/counts", tag = "disputes",
    responses((status = 200, body = CountsView), (status = 401, body = ErrorBody)))]
pub async fn counts(State(app): State<AppState>, ApiCaller(caller): ApiCaller) -> Json<CountsView> {
    let now = app.core.clock().now();
    let read = app.core.read();
    Json(queries::counts(&read.state, Some(&caller.user.party), now).into())
}

/// One dispute, with its obligations and full history.
#[utoipa::path(get, path = "/api/v1/disputes/{id}", tag = "disputes", params(("id" = String, Path, description = "Dispute id")),
    responses((status = 200, body = DisputeView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<DisputeView>, ApiError> {
    let id = path_id("dispute", &id, DisputeId::new)?;
    Ok(Json(view(&app.core, &caller, &id)?))
}

/// Raise a dispute against another party: track, what, when, where (a GeoJSON Point) and
/// evidence (records you can see). The other party must acknowledge it within the
/// `[disputes]` deadline.
#[utoipa::path(post, path = "/api/v1/disputes", tag = "disputes", request_body = DisputeBody,
    responses((status = 201, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn raise(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<DisputeBody>,
) -> Result<(StatusCode, Json<DisputeWrite>), ApiError> {
    let (status, write) = raise_dispute(&app, &caller, body).await?;
    Ok((status, Json(write)))
}

/// Raises a dispute for `caller` (the API and the console's form).
pub async fn raise_dispute(
    app: &AppState,
    caller: &Caller,
    body: DisputeBody,
) -> Result<(StatusCode, DisputeWrite), ApiError> {
    let draft = body.to_draft()?;
    let dispute = DisputeId::new(&random_id("dp-")).expect("random ids are valid");
    let command = DisputeCommand::Raise {
        dispute: dispute.clone(),
        draft,
    };
    Ok((
        StatusCode::CREATED,
        submit(&app.core, caller, &dispute, command).await?,
    ))
}

/// Submits a dispute command as `caller` and answers with the dispute as it now stands.
pub async fn submit(
    core: &Core,
    caller: &Caller,
    dispute: &DisputeId,
    command: DisputeCommand,
) -> Result<DisputeWrite, ApiError> {
    let events = core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Dispute(command),
        )
        .await?;
    Ok(DisputeWrite {
        dispute: view(core, caller, dispute)?,
        record: record(&events),
    })
}

fn view(core: &Core, caller: &Caller, id: &DisputeId) -> Result<DisputeView, ApiError> {
    let now = core.clock().now();
    let read = core.read();
    Ok(DisputeView::new(
        queries::dispute(&read.state, Some(&caller.user.party), id)?,
        now,
    ))
}

/// Escalates every missed dispute deadline, as the cell itself (called by [`crate::timer`]).
/// Returns how many escalations were recorded.
pub async fn escalate_overdue(core: &Core) -> usize {
    let overdue = {
        let read = core.read();
        read.state.disputes.overdue(core.clock().now())
    };
    let mut escalated = 0;
    for dispute in overdue {
        let command = Command::Dispute(DisputeCommand::Escalate { dispute });
        match core.submit(Actor::Cell, command).await {
            Ok(events) => escalated += events.len(),
            Err(e) => tracing::warn!(error = %e, "escalation not recorded; retrying next tick"),
        }
    }
    escalated
}
