//! Activity notifications: notify, change, cancel, acknowledge, list with filters, and the dry
//! run that shows what a notification would raise before it is sent.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fusioncell_domain::deescalation::queries::{self, ActivityFilter};
use fusioncell_domain::deescalation::{
    ActivityId, ActivityStatus, DeescalationCommand, DeescalationEvent, check,
};
use fusioncell_domain::{Actor, Command, EventBody, PartyId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::{ActivityBody, ActivityView, AlertView, LeadView, parse_name, parse_time};
use crate::api::threads::record;
use crate::api::views::{RecordRef, parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::core::Committed;
use crate::error::{ApiError, ErrorBody};

/// Filters of the activity list; all optional, combined with AND.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// Only this party's.
    pub party: Option<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only these statuses, comma-separated: `upcoming,active,ended,cancelled`.
    pub status: Option<String>,
    /// Only those still going on after this time (RFC 3339).
    pub from: Option<String>,
    /// Only those starting before this time (RFC 3339).
    pub to: Option<String>,
    /// Only late (`true`) or timely (`false`) notifications.
    pub late: Option<bool>,
    /// Only those awaiting this party's acknowledgement.
    pub awaiting: Option<String>,
}

impl ActivityQuery {
    /// The domain filter; 422 naming a bad parameter.
    pub fn to_filter(&self) -> Result<ActivityFilter, ApiError> {
        let party = |field: &str, p: &Option<String>| {
            p.as_deref()
                .map(|p| parse_id(field, p, PartyId::new))
                .transpose()
        };
        Ok(ActivityFilter {
            party: party("party", &self.party)?,
            kind: self
                .kind
                .as_deref()
                .map(|k| parse_name("kind", k))
                .transpose()?,
            status: self
                .status
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| parse_name::<ActivityStatus>("status", s))
                .collect::<Result<_, _>>()?,
            from: self
                .from
                .as_deref()
                .map(|t| parse_time("from", t))
                .transpose()?,
            to: self
                .to
                .as_deref()
                .map(|t| parse_time("to", t))
                .transpose()?,
            late: self.late,
            awaiting: party("awaiting", &self.awaiting)?,
        })
    }
}

/// Which activity a dry run is for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CheckTarget {
    /// The activity being changed; absent for a new one.
    pub activity: Option<String>,
}

/// What notifying would bring.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckView {
    /// The version it would be.
    pub version: u32,
    /// Notice it gives.
    pub lead: LeadView,
    /// Parties that would have to acknowledge it.
    pub addressed: Vec<String>,
    /// When their acknowledgements would be due.
    pub deadline: Option<String>,
    /// The alerts it would raise: conflicts, broken zone rules, exceeded force caps.
    pub alerts: Vec<AlertView>,
}

/// The answer to a write on an activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityWrite {
    /// The activity as it now stands.
    pub activity: ActivityView,
    /// The alerts the write raised.
    pub alerts: Vec<AlertView>,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// Runs an activity command and answers with the activity and the alerts it raised.
pub(crate) async fn activity_command(
    app: &AppState,
    caller: &Caller,
    id: &ActivityId,
    command: DeescalationCommand,
) -> Result<ActivityWrite, ApiError> {
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Deescalation(command),
        )
        .await?;
    let now = app.core.clock().now();
    let read = app.core.read();
    let party = Some(&caller.user.party);
    Ok(ActivityWrite {
        activity: ActivityView::new(queries::activity(&read.state, party, id)?, now),
        alerts: raised(&read.state, party, &events),
        record: record(&events),
    })
}

/// The alerts among `events` that `party` may see.
pub(crate) fn raised(
    state: &fusioncell_domain::CellState,
    party: Option<&PartyId>,
    events: &[Arc<Committed>],
) -> Vec<AlertView> {
    let ids: Vec<_> = events
        .iter()
        .filter_map(|c| match &c.event.body {
            EventBody::Deescalation {
                event: DeescalationEvent::Alert { alert, .. },
            } => Some(alert),
            _ => None,
        })
        .collect();
    queries::alerts(state, party)
        .into_iter()
        .filter(|a| ids.contains(&&a.id))
        .rev()
        .map(Into::into)
        .collect()
}

/// Activities you may see, by start time, filtered.
#[utoipa::path(get, path = "/api/v1/activities", tag = "de-escalation", params(ActivityQuery),
    responses((status = 200, body = [ActivityView]), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ActivityQuery>,
) -> Result<Json<Vec<ActivityView>>, ApiError> {
    let filter = query.to_filter()?;
    let now = app.core.clock().now();
    let read = app.core.read();
    Ok(Json(
        queries::activities(&read.state, Some(&caller.user.party), &filter, now)
            .into_iter()
            .map(|a| ActivityView::new(a, now))
            .collect(),
    ))
}

/// One activity with its versions.
#[utoipa::path(get, path = "/api/v1/activities/{id}", tag = "de-escalation", params(("id" = String, Path, description = "Activity id")),
    responses((status = 200, body = ActivityView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ActivityView>, ApiError> {
    let id = path_id("activity", &id, ActivityId::new)?;
    let now = app.core.clock().now();
    let read = app.core.read();
    let a = queries::activity(&read.state, Some(&caller.user.party), &id)?;
    Ok(Json(ActivityView::new(a, now)))
}

/// Notify an activity of your party. It is deconflicted at once: each conflict with another
/// party's activity, broken zone rule or exceeded force cap becomes an alert. A notification
/// with less notice than its kind requires is accepted and flagged late.
#[utoipa::path(post, path = "/api/v1/activities", tag = "de-escalation", request_body = ActivityBody,
    responses((status = 201, body = ActivityWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn notify(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ActivityBody>,
) -> Result<(StatusCode, Json<ActivityWrite>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(notify_activity(&app, &caller, &body).await?),
    ))
}

/// Notifies an activity of the caller's party, shared with the console's form.
pub(crate) async fn notify_activity(
    app: &AppState,
    caller: &Caller,
    body: &ActivityBody,
) -> Result<ActivityWrite, ApiError> {
    let draft = body.to_draft()?;
    let activity = ActivityId::new(&random_id("ac-")).expect("random ids are valid");
    let command = DeescalationCommand::NotifyActivity {
        activity: activity.clone(),
        draft,
    };
    activity_command(app, caller, &activity, command).await
}

/// Change an activity of your party: a new version, deconflicted and acknowledged afresh.
#[utoipa::path(put, path = "/api/v1/activities/{id}", tag = "de-escalation", request_body = ActivityBody,
    params(("id" = String, Path, description = "Activity id")),
    responses((status = 200, body = ActivityWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ActivityBody>,
) -> Result<Json<ActivityWrite>, ApiError> {
    let activity = path_id("activity", &id, ActivityId::new)?;
    let command = DeescalationCommand::UpdateActivity {
        activity: activity.clone(),
        draft: body.to_draft()?,
    };
    Ok(Json(
        activity_command(&app, &caller, &activity, command).await?,
    ))
}

/// Call off an activity of your party.
#[utoipa::path(post, path = "/api/v1/activities/{id}/cancel", tag = "de-escalation",
    params(("id" = String, Path, description = "Activity id")),
    responses((status = 200, body = ActivityWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn cancel(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ActivityWrite>, ApiError> {
    let activity = path_id("activity", &id, ActivityId::new)?;
    let command = DeescalationCommand::CancelActivity {
        activity: activity.clone(),
    };
    Ok(Json(
        activity_command(&app, &caller, &activity, command).await?,
    ))
}

/// Acknowledge receipt of an activity's current version for your party (receipt, not
/// approval).
#[utoipa::path(post, path = "/api/v1/activities/{id}/acknowledge", tag = "de-escalation",
    params(("id" = String, Path, description = "Activity id")),
    responses((status = 200, body = ActivityWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ActivityWrite>, ApiError> {
    let activity = path_id("activity", &id, ActivityId::new)?;
    let command = DeescalationCommand::AcknowledgeActivity {
        activity: activity.clone(),
    };
    Ok(Json(
        activity_command(&app, &caller, &activity, command).await?,
    ))
}

/// Dry run: the notice a notification would give and the alerts it would raise, recording
/// nothing. With `?activity=ID`, for a change to that activity.
#[utoipa::path(post, path = "/api/v1/activities/check", tag = "de-escalation", request_body = ActivityBody, params(CheckTarget),
    responses((status = 200, body = CheckView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dry_run(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(target): ApiQuery<CheckTarget>,
    ApiJson(body): ApiJson<ActivityBody>,
) -> Result<Json<CheckView>, ApiError> {
    Ok(Json(check_draft(
        &app,
        &caller,
        target.activity.as_deref(),
        &body,
    )?))
}

/// The dry run of `body` by `caller`, for `activity` when it changes one.
fn check_draft(
    app: &AppState,
    caller: &Caller,
    activity: Option<&str>,
    body: &ActivityBody,
) -> Result<CheckView, ApiError> {
    let draft = body.to_draft()?;
    let id = match activity {
        Some(a) => parse_id("activity", a, ActivityId::new)?,
        None => ActivityId::new(&random_id("ac-")).expect("random ids are valid"),
    };
    let now = app.core.clock().now();
    let read = app.core.read();
    let c = check(&read.state, &caller.user, &id, &draft, now)?;
    Ok(CheckView {
        version: c.version,
        lead: (&c.lead).into(),
        addressed: c.addressed.iter().map(ToString::to_string).collect(),
        deadline: c.deadline.map(|d| d.to_rfc3339()),
        alerts: c.findings.iter().map(Into::into).collect(),
    })
}
