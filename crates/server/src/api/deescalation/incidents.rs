//! Incident reports, the alerts list and the zone crossings of tracks.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fusioncell_domain::deescalation::{
    ActivityId, DeescalationCommand, IncidentId, IncidentReport, ZoneId, queries,
};
use fusioncell_domain::{Actor, Command, PartyId};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::{
    AlertView, CrossingView, IncidentBody, IncidentView, coord, parse_name, parse_time,
};
use crate::api::ApiJson;
use crate::api::threads::record;
use crate::api::views::{RecordRef, parse_id, path_id};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::error::{ApiError, ErrorBody};

/// The answer to an incident report.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentWrite {
    /// The incident.
    pub incident: IncidentView,
    /// Where it landed in the record.
    pub record: RecordRef,
}

/// Incidents you may see, most recent first.
#[utoipa::path(get, path = "/api/v1/incidents", tag = "de-escalation",
    responses((status = 200, body = [IncidentView]), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<Vec<IncidentView>> {
    let read = app.core.read();
    Json(
        queries::incidents(&read.state, Some(&caller.user.party))
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}

/// One incident.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "de-escalation", params(("id" = String, Path, description = "Incident id")),
    responses((status = 200, body = IncidentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<IncidentView>, ApiError> {
    let id = path_id("incident", &id, IncidentId::new)?;
    let read = app.core.read();
    Ok(Json(
        queries::incident(&read.state, Some(&caller.user.party), &id)?.into(),
    ))
}

/// Report an incident: when, where, what, and the activity or zone it concerns. Shared with
/// every party unless `shared_with` says otherwise.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "de-escalation", request_body = IncidentBody,
    responses((status = 201, body = IncidentWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn report(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<IncidentBody>,
) -> Result<(StatusCode, Json<IncidentWrite>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(report_incident(&app, &caller, &body).await?),
    ))
}

/// Records an incident report of the caller's party, shared with the console's form.
pub(crate) async fn report_incident(
    app: &AppState,
    caller: &Caller,
    body: &IncidentBody,
) -> Result<IncidentWrite, ApiError> {
    let shared_with = match &body.shared_with {
        Some(list) => list
            .iter()
            .map(|p| parse_id("shared_with", p, PartyId::new))
            .collect::<Result<_, _>>()?,
        None => {
            let read = app.core.read();
            read.state
                .config()
                .map(|c| c.parties.iter().map(|p| p.id.clone()).collect())
                .unwrap_or_default()
        }
    };
    let report = IncidentReport {
        occurred_at: parse_time("occurred_at", &body.occurred_at)?,
        place: coord("place", body.place)?,
        category: parse_name("category", &body.category)?,
        description: body.description.clone().into(),
        activity: body
            .activity
            .as_deref()
            .map(|a| parse_id("activity", a, ActivityId::new))
            .transpose()?,
        zone: body
            .zone
            .as_deref()
            .map(|z| parse_id("zone", z, ZoneId::new))
            .transpose()?,
    };
    let incident = IncidentId::new(&random_id("in-")).expect("random ids are valid");
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Deescalation(DeescalationCommand::ReportIncident {
                incident: incident.clone(),
                report,
                shared_with,
            }),
        )
        .await?;
    let read = app.core.read();
    let view = queries::incident(&read.state, Some(&caller.user.party), &incident)?.into();
    Ok(IncidentWrite {
        incident: view,
        record: record(&events),
    })
}

/// Deconfliction alerts you may see, most recent first.
#[utoipa::path(get, path = "/api/v1/alerts", tag = "de-escalation",
    responses((status = 200, body = [AlertView]), (status = 401, body = ErrorBody)))]
pub async fn alerts(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<Vec<AlertView>> {
    let read = app.core.read();
    Json(
        queries::alerts(&read.state, Some(&caller.user.party))
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}

/// Zone entries and exits of tracks you may see (your party's; all for the supervisor),
/// oldest first.
#[utoipa::path(get, path = "/api/v1/crossings", tag = "de-escalation",
    responses((status = 200, body = [CrossingView]), (status = 401, body = ErrorBody)))]
pub async fn crossings(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<Vec<CrossingView>> {
    let read = app.core.read();
    Json(
        queries::crossings(&read.state, Some(&caller.user.party))
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}
