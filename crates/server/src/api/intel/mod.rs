//! Intelligence sharing over HTTP: reports with their lifecycle (draft, submit, vet, release,
//! acknowledge, respond, correct, withdraw), the list with filters and text search, the compose
//! preview of who will see a report, and the timer's escalation of releases nobody acknowledged.
//!
//! Every write is a domain command (`fusioncell_domain::intel`), so authorization, validation and
//! audiences (the release rule) are decided there; these handlers translate JSON to commands and
//! the reader's view of a report to JSON.

pub mod views;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use fusioncell_domain::intel::queries::{self, ReportFilter};
use fusioncell_domain::intel::{IntelCommand, ReportId, ReportStage, Tlp, VetDecision, release};
use fusioncell_domain::{Actor, Command, PartyId, TrackId};
use serde::Deserialize;
use utoipa::IntoParams;

use self::views::{
    CorroborationBody, FeedbackBody, PreviewBody, PreviewView, ReportBody, ReportJson, ReportWrite,
    SightingBody, VetBody, WithdrawBody,
};
use crate::api::threads::record;
use crate::api::views::{parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::core::Core;
use crate::error::{ApiError, ErrorBody};

/// The track reports go on unless another is named.
pub const DEFAULT_TRACK: &str = "intelligence";

/// The intelligence routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/intel/reports", get(list).post(create))
        .route("/api/v1/intel/preview", post(preview))
        .route("/api/v1/intel/reports/{id}", get(show).put(edit))
        .route("/api/v1/intel/reports/{id}/submit", post(submit))
        .route("/api/v1/intel/reports/{id}/vet", post(vet))
        .route("/api/v1/intel/reports/{id}/acknowledge", post(acknowledge))
        .route("/api/v1/intel/reports/{id}/feedback", post(feedback))
        .route(
            "/api/v1/intel/reports/{id}/corroborations",
            post(corroborate),
        )
        .route("/api/v1/intel/reports/{id}/sightings", post(sighting))
        .route("/api/v1/intel/reports/{id}/withdraw", post(withdraw))
        .route("/api/v1/intel/reports/{id}/corrections", post(correct))
}

/// Filters of the report list; all optional, combined with AND.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Only at this stage: `draft`, `submitted`, `returned`, `released`, `withdrawn`.
    pub stage: Option<String>,
    /// Only with this marking.
    pub tlp: Option<String>,
    /// Only of this originating party.
    pub originator: Option<String>,
    /// Only on this track.
    pub track: Option<String>,
    /// Only those awaiting your party's acknowledgement.
    pub awaiting: Option<bool>,
    /// Text search in the title, summary and body you see (any case).
    pub q: Option<String>,
}

impl ReportQuery {
    /// The domain filter for a reader of `party`; 422 naming a bad parameter.
    pub fn to_filter(&self, party: &PartyId) -> Result<ReportFilter, ApiError> {
        Ok(ReportFilter {
            stage: self
                .stage
                .as_deref()
                .map(|s| {
                    ReportStage::parse(s).ok_or_else(|| {
                        ApiError::invalid(
                            "stage",
                            "must be draft, submitted, returned, released or withdrawn",
                        )
                    })
                })
                .transpose()?,
            tlp: self
                .tlp
                .as_deref()
                .map(|t| {
                    Tlp::parse(t).ok_or_else(|| {
                        ApiError::invalid("tlp", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
                    })
                })
                .transpose()?,
            originator: self
                .originator
                .as_deref()
                .map(|p| parse_id("originator", p, PartyId::new))
                .transpose()?,
            track: self
                .track
                .as_deref()
                .map(|t| parse_id("track", t, TrackId::new))
                .transpose()?,
            awaiting: self.awaiting.unwrap_or(false).then(|| party.clone()),
            text: self.q.clone().filter(|q| !q.trim().is_empty()),
        })
    }
}

fn report_id(id: &str) -> Result<ReportId, ApiError> {
    path_id("report", id, ReportId::new)
}

/// Reports you may see, most recently changed first. What you see of each is what the release
/// rule allows: recipients see released text only.
#[utoipa::path(get, path = "/api/v1/intel/reports", tag = "intelligence", params(ReportQuery),
    responses((status = 200, body = [ReportJson]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Json<Vec<ReportJson>>, ApiError> {
    let filter = query.to_filter(&caller.user.party)?;
    let read = app.core.read();
    Ok(Json(
        queries::reports(&read.state, Some(&caller.user.party), &filter)
            .iter()
            .map(Into::into)
            .collect(),
    ))
}

/// One report, as you may see it.
#[utoipa::path(get, path = "/api/v1/intel/reports/{id}", tag = "intelligence", params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ReportJson>, ApiError> {
    let id = report_id(&id)?;
    let read = app.core.read();
    Ok(Json(
        (&queries::report(&read.state, Some(&caller.user.party), &id)?).into(),
    ))
}

/// Runs `command` for `caller` and answers with the report as they now see it.
pub async fn run(
    core: &Core,
    caller: &Caller,
    id: &ReportId,
    command: IntelCommand,
) -> Result<Json<ReportWrite>, ApiError> {
    let events = core
        .submit(Actor::User(caller.user.id.clone()), Command::Intel(command))
        .await?;
    let read = core.read();
    let report = (&queries::report(&read.state, Some(&caller.user.party), id)?).into();
    Ok(Json(ReportWrite {
        report,
        record: record(&events),
    }))
}

/// The track a body names, or the default.
fn track_of(track: Option<&str>) -> Result<TrackId, ApiError> {
    parse_id("track", track.unwrap_or(DEFAULT_TRACK), TrackId::new)
}

/// Draft a report. Only your party sees it until you submit it.
#[utoipa::path(post, path = "/api/v1/intel/reports", tag = "intelligence", request_body = ReportBody,
    responses((status = 201, body = ReportWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<(StatusCode, Json<ReportWrite>), ApiError> {
    let content = body.to_content()?;
    let track = track_of(body.track.as_deref())?;
    let report = ReportId::new(&random_id("ir-")).expect("random ids are valid");
    let command = IntelCommand::Draft {
        report: report.clone(),
        track,
        content,
    };
    Ok((
        StatusCode::CREATED,
        run(&app.core, &caller, &report, command).await?,
    ))
}

/// Revise a draft or a returned report (a new version; the old ones are kept).
#[utoipa::path(put, path = "/api/v1/intel/reports/{id}", tag = "intelligence", request_body = ReportBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let content = content_without_track(&body)?;
    run(
        &app.core,
        &caller,
        &report,
        IntelCommand::Edit {
            report: report.clone(),
            content,
        },
    )
    .await
}

/// A report's track is chosen when it is drafted and never changes.
fn content_without_track(
    body: &ReportBody,
) -> Result<fusioncell_domain::intel::ReportContent, ApiError> {
    if body.track.is_some() {
        return Err(ApiError::invalid(
            "track",
            "is chosen when the report is drafted and cannot change",
        ));
    }
    body.to_content()
}

/// Submit the working version: to the supervisor's vetting when the track's policy is `vet`,
/// else released at once.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/submit", tag = "intelligence", params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    run(
        &app.core,
        &caller,
        &report,
        IntelCommand::Submit {
            report: report.clone(),
        },
    )
    .await
}

/// The domain's vetting decision from a request body.
pub fn vet_decision(body: &VetBody) -> Result<VetDecision, ApiError> {
    let comment = body.comment.clone().map(Into::into);
    match body.decision.as_str() {
        "approve" => Ok(VetDecision::Approve { comment }),
        "return" => Ok(VetDecision::Return {
            comment: comment
                .ok_or_else(|| ApiError::invalid("comment", "is required to return a report"))?,
        }),
        "approve_sanitized" => Ok(VetDecision::ApproveSanitized {
            sanitized: body
                .sanitized
                .clone()
                .ok_or_else(|| {
                    ApiError::invalid("sanitized", "is required to approve a sanitized text")
                })?
                .into(),
            comment,
        }),
        _ => Err(ApiError::invalid(
            "decision",
            "must be approve, return or approve_sanitized",
        )),
    }
}

/// Vet a submitted version (the supervisor's approvers): approve, return with a comment, or
/// approve a sanitized text. The originator sees every decision and every change.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/vet", tag = "intelligence", request_body = VetBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vet(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VetBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let decision = vet_decision(&body)?;
    let command = IntelCommand::Vet {
        report: report.clone(),
        version: body.version,
        decision,
    };
    run(&app.core, &caller, &report, command).await
}

/// Acknowledge receipt of the current release for your party.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/acknowledge", tag = "intelligence", params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    run(
        &app.core,
        &caller,
        &report,
        IntelCommand::Acknowledge {
            report: report.clone(),
        },
    )
    .await
}

/// Say how useful a released report was.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/feedback", tag = "intelligence", request_body = FeedbackBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn feedback(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FeedbackBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let command = IntelCommand::Feedback {
        report: report.clone(),
        usefulness: body.usefulness()?,
        comment: body.comment.map(Into::into),
    };
    run(&app.core, &caller, &report, command).await
}

/// Agree or disagree with a released report, as a STIX opinion.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/corroborations", tag = "intelligence", request_body = CorroborationBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn corroborate(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CorroborationBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let command = IntelCommand::Corroborate {
        report: report.clone(),
        opinion: body.opinion()?,
        comment: body.comment.into(),
    };
    run(&app.core, &caller, &report, command).await
}

/// Report a sighting of what a released report describes.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/sightings", tag = "intelligence", request_body = SightingBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn sighting(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SightingBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let command = IntelCommand::Sighting {
        report: report.clone(),
        sighting: body.to_sighting()?,
    };
    run(&app.core, &caller, &report, command).await
}

/// Withdraw a report (the originator); everyone who could see it is told.
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/withdraw", tag = "intelligence", request_body = WithdrawBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn withdraw(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let command = IntelCommand::Withdraw {
        report: report.clone(),
        reason: body.reason.into(),
    };
    run(&app.core, &caller, &report, command).await
}

/// Correct a released report: a new version, vetted when the track says so, then released in
/// place of the current one (recipients keep the current one meanwhile; every version is kept).
#[utoipa::path(post, path = "/api/v1/intel/reports/{id}/corrections", tag = "intelligence", request_body = ReportBody, params(("id" = String, Path, description = "Report id")),
    responses((status = 200, body = ReportWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn correct(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReportBody>,
) -> Result<Json<ReportWrite>, ApiError> {
    let report = report_id(&id)?;
    let content = content_without_track(&body)?;
    run(
        &app.core,
        &caller,
        &report,
        IntelCommand::Correct {
            report: report.clone(),
            content,
        },
    )
    .await
}

/// Exactly who would see a report of your party at each stage, by the release rule.
#[utoipa::path(post, path = "/api/v1/intel/preview", tag = "intelligence", request_body = PreviewBody,
    responses((status = 200, body = PreviewView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn preview(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<PreviewBody>,
) -> Result<Json<PreviewView>, ApiError> {
    let track = track_of(body.track.as_deref())?;
    let to = body
        .releasable_to
        .iter()
        .map(|p| parse_id("releasable_to", p, PartyId::new))
        .collect::<Result<_, _>>()?;
    let tlp = match body.tlp.as_deref() {
        Some(t) => Tlp::parse(t).ok_or_else(|| {
            ApiError::invalid("tlp", "must be CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
        })?,
        None => Tlp::Amber,
    };
    let read = app.core.read();
    let config = read
        .state
        .config()
        .ok_or_else(|| ApiError::from(fusioncell_domain::DomainError::NotConfigured))?;
    let p = release::preview(config, &caller.user.party, &track, &to, tlp);
    let names = |a: &fusioncell_domain::Audience| a.0.iter().map(ToString::to_string).collect();
    Ok(Json(PreviewView {
        draft: names(&p.draft),
        submitted: names(&p.submitted),
        released: names(&p.released),
        recipients: p.recipients.iter().map(ToString::to_string).collect(),
        vetted: p.vetted,
        strict: p.strict,
    }))
}

/// Escalates every release whose acknowledgement deadline passed with recipients silent, as the
/// cell itself (called by [`crate::timer`]). Returns how many escalations were recorded.
pub async fn escalate_overdue(core: &Core) -> usize {
    let overdue = {
        let read = core.read();
        read.state.intel.overdue(core.clock().now())
    };
    let mut escalated = 0;
    for report in overdue {
        match core
            .submit(
                Actor::Cell,
                Command::Intel(IntelCommand::Escalate { report }),
            )
            .await
        {
            Ok(events) => escalated += events.len(),
            Err(e) => tracing::warn!(error = %e, "escalation not recorded; retrying next tick"),
        }
    }
    escalated
}
