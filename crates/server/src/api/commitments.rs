//! Commitments over HTTP: proposals, versions and approvals, milestones attested and verified,
//! list filters; and the timer's escalation of overdue milestones.
//!
//! Every write is a domain command (`fusioncell_domain::commitments`), so authorization,
//! validation and audiences are decided there; these handlers translate JSON (RFC 3339 times)
//! to commands and records to views.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use fusioncell_domain::commitments::queries::{self, CommitmentFilter};
use fusioncell_domain::commitments::{
    Commitment, CommitmentId, CommitmentStatus, CommitmentVersion, CommitmentsCommand, Evidence,
    MilestoneDraft, MilestoneId, Step,
};
use fusioncell_domain::{Actor, Command, PartyId, Timestamp, TrackId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::deescalation::views::parse_time;
use crate::api::threads::record;
use crate::api::views::{RecordRef, TextView, parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::ApiCaller;
use crate::core::Core;
use crate::error::{ApiError, ErrorBody};

/// The commitments routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/commitments", get(list).post(propose))
        .route("/api/v1/commitments/{id}", get(show).put(revise))
        .route("/api/v1/commitments/{id}/approve", post(approve))
        .route(
            "/api/v1/commitments/{id}/milestones/{milestone}/attest",
            post(attest),
        )
        .route(
            "/api/v1/commitments/{id}/milestones/{milestone}/verify",
            post(verify),
        )
}

/// A milestone as proposed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneBody {
    /// Its id within the commitment, e.g. `m1`.
    pub id: String,
    /// What is to be done.
    pub title: TextView,
    /// When it is due (RFC 3339).
    pub due: String,
}

/// A new commitment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposeBody {
    /// The party that commits.
    pub owner: String,
    /// The party it is owed to.
    pub beneficiary: String,
    /// Its track.
    pub track: String,
    /// What is committed to.
    pub title: TextView,
    /// Milestones with due dates.
    pub milestones: Vec<MilestoneBody>,
}

/// A new version of a commitment's text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviseBody {
    /// What is committed to now.
    pub title: TextView,
    /// The milestones now.
    pub milestones: Vec<MilestoneBody>,
}

/// An approval of a version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveBody {
    /// The version approved.
    pub version: u32,
}

/// An attestation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttestBody {
    /// What was done.
    pub text: TextView,
    /// URLs or record ids that show it.
    #[serde(default)]
    pub links: Vec<String>,
}

/// A verification.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    /// Verified, or not.
    pub verified: bool,
    /// Why not (required when not verified).
    pub reason: Option<TextView>,
}

/// List filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only those owned by this party.
    pub owner: Option<String>,
    /// Only those owed to this party.
    pub beneficiary: Option<String>,
    /// Only this track's.
    pub track: Option<String>,
    /// `proposed`, `in_force` or `completed`.
    pub status: Option<String>,
    /// Only those with (`true`) or without (`false`) an overdue milestone.
    pub overdue: Option<bool>,
    /// Only those awaiting this party's approval.
    pub awaiting: Option<String>,
}

/// A milestone of the version shown, with its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneView {
    /// Id.
    pub id: String,
    /// What is to be done.
    pub title: TextView,
    /// Due date (RFC 3339).
    pub due: String,
    /// `open`, `attested` or `verified`.
    pub status: String,
    /// Open past its due date.
    pub overdue: bool,
    /// What happened to it, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
}

/// One version of a commitment's text.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Version number.
    pub version: u32,
    /// What is committed to.
    pub title: TextView,
    /// Ids and due dates of its milestones.
    #[schema(value_type = Vec<Object>)]
    pub milestones: Vec<serde_json::Value>,
    /// Who proposed it.
    pub proposed_by: String,
    /// When (RFC 3339).
    pub proposed_at: String,
    /// Parties that approved it.
    pub approved_by: Vec<String>,
    /// Parties whose approval is missing.
    pub awaiting: Vec<String>,
    /// When it came into force.
    pub in_force_at: Option<String>,
}

/// A commitment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentView {
    /// Id.
    pub id: String,
    /// The party that commits.
    pub owner: String,
    /// The party it is owed to.
    pub beneficiary: String,
    /// Its track.
    pub track: String,
    /// `proposed`, `in_force` or `completed`.
    pub status: String,
    /// The version in force.
    pub in_force: Option<u32>,
    /// The version awaiting approvals, if any.
    pub pending: Option<u32>,
    /// The title of the version shown (in force, else latest).
    pub title: TextView,
    /// The milestones of the version shown.
    pub milestones: Vec<MilestoneView>,
    /// Every version, oldest first.
    pub versions: Vec<VersionView>,
}

/// The answer to a write.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentWrite {
    /// The commitment as it now stands.
    pub commitment: CommitmentView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

fn version_view(v: &CommitmentVersion) -> VersionView {
    VersionView {
        version: v.version,
        title: (&v.title).into(),
        milestones: v
            .milestones
            .iter()
            .map(|m| serde_json::json!({"id": m.id, "title": TextView::from(&m.title), "due": m.due.to_rfc3339()}))
            .collect(),
        proposed_by: v.proposed_by.to_string(),
        proposed_at: v.proposed_at.to_rfc3339(),
        approved_by: v.approvals.keys().map(ToString::to_string).collect(),
        awaiting: v.awaiting().iter().map(ToString::to_string).collect(),
        in_force_at: v.in_force_at.map(Timestamp::to_rfc3339),
    }
}

fn step_view(s: &Step) -> serde_json::Value {
    let mut v = serde_json::to_value(s).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        for key in ["at", "due"] {
            if let Some(ms) = o.get(key).and_then(serde_json::Value::as_i64) {
                o.insert(key.into(), Timestamp(ms).to_rfc3339().into());
            }
        }
    }
    v
}

/// A commitment as the API shows it at `now`.
pub fn view(c: &Commitment, now: Timestamp) -> CommitmentView {
    let shown = c.shown();
    CommitmentView {
        id: c.id.to_string(),
        owner: c.owner.to_string(),
        beneficiary: c.beneficiary.to_string(),
        track: c.track.to_string(),
        status: c.status().as_str().into(),
        in_force: c.in_force,
        pending: c.pending().map(|v| v.version),
        title: (&shown.title).into(),
        milestones: shown
            .milestones
            .iter()
            .map(|m| MilestoneView {
                id: m.id.to_string(),
                title: (&m.title).into(),
                due: m.due.to_rfc3339(),
                status: c.milestone_status(&m.id).as_str().into(),
                overdue: c.is_overdue(m, now),
                history: c
                    .progress
                    .get(&m.id)
                    .map(|p| p.history.iter().map(step_view).collect())
                    .unwrap_or_default(),
            })
            .collect(),
        versions: c.versions.iter().map(version_view).collect(),
    }
}

fn milestones(body: Vec<MilestoneBody>) -> Result<Vec<MilestoneDraft>, ApiError> {
    body.into_iter()
        .enumerate()
        .map(|(i, m)| {
            Ok(MilestoneDraft {
                id: parse_id(&format!("milestones[{i}].id"), &m.id, MilestoneId::new)?,
                title: m.title.into(),
                due: parse_time(&format!("milestones[{i}].due"), &m.due)?,
            })
        })
        .collect()
}

/// The filter of a list query, refusing unknown parties, tracks and statuses.
pub fn filter(q: ListQuery) -> Result<CommitmentFilter, ApiError> {
    let party =
        |field: &str, p: Option<String>| p.map(|p| parse_id(field, &p, PartyId::new)).transpose();
    Ok(CommitmentFilter {
        owner: party("owner", q.owner)?,
        beneficiary: party("beneficiary", q.beneficiary)?,
        track: q
            .track
            .map(|t| parse_id("track", &t, TrackId::new))
            .transpose()?,
        status: q
            .status
            .map(|s| {
                CommitmentStatus::parse(&s).ok_or_else(|| {
                    ApiError::invalid("status", "must be proposed, in_force or completed")
                })
            })
            .transpose()?,
        overdue: q.overdue,
        awaiting: party("awaiting", q.awaiting)?,
    })
}

async fn write(
    app: &AppState,
    caller: &crate::caller::Caller,
    id: &CommitmentId,
    command: CommitmentsCommand,
) -> Result<CommitmentWrite, ApiError> {
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Commitments(command),
        )
        .await?;
    let read = app.core.read();
    let c = queries::commitment(&read.state, Some(&caller.user.party), id)?;
    Ok(CommitmentWrite {
        commitment: view(c, app.core.clock().now()),
        record: record(&events),
    })
}

/// Commitments you may see, with filters.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "commitments", params(ListQuery),
    responses((status = 200, body = [CommitmentView]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Vec<CommitmentView>>, ApiError> {
    let filter = filter(q)?;
    let now = app.core.clock().now();
    let read = app.core.read();
    Ok(Json(
        queries::commitments(&read.state, Some(&caller.user.party), &filter, now)
            .into_iter()
            .map(|c| view(c, now))
            .collect(),
    ))
}

/// One commitment with its versions and milestones.
#[utoipa::path(get, path = "/api/v1/commitments/{id}", tag = "commitments", params(("id" = String, Path, description = "Commitment id")),
    responses((status = 200, body = CommitmentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<CommitmentView>, ApiError> {
    let id = path_id("commitment", &id, CommitmentId::new)?;
    let read = app.core.read();
    let c = queries::commitment(&read.state, Some(&caller.user.party), &id)?;
    Ok(Json(view(c, app.core.clock().now())))
}

/// Propose a commitment; it is in force once every party approved it.
#[utoipa::path(post, path = "/api/v1/commitments", tag = "commitments", request_body = ProposeBody,
    responses((status = 201, body = CommitmentWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ProposeBody>,
) -> Result<(StatusCode, Json<CommitmentWrite>), ApiError> {
    let id = CommitmentId::new(&random_id("cm-")).expect("random ids are valid");
    let command = CommitmentsCommand::Propose {
        commitment: id.clone(),
        owner: parse_id("owner", &body.owner, PartyId::new)?,
        beneficiary: parse_id("beneficiary", &body.beneficiary, PartyId::new)?,
        track: parse_id("track", &body.track, TrackId::new)?,
        title: body.title.into(),
        milestones: milestones(body.milestones)?,
    };
    Ok((
        StatusCode::CREATED,
        Json(write(&app, &caller, &id, command).await?),
    ))
}

/// Propose a new version of the text; approvals start afresh.
#[utoipa::path(put, path = "/api/v1/commitments/{id}", tag = "commitments", request_body = ReviseBody,
    params(("id" = String, Path, description = "Commitment id")),
    responses((status = 200, body = CommitmentWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revise(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReviseBody>,
) -> Result<Json<CommitmentWrite>, ApiError> {
    let id = path_id("commitment", &id, CommitmentId::new)?;
    let command = CommitmentsCommand::Revise {
        commitment: id.clone(),
        title: body.title.into(),
        milestones: milestones(body.milestones)?,
    };
    Ok(Json(write(&app, &caller, &id, command).await?))
}

/// Approve a version for your party.
#[utoipa::path(post, path = "/api/v1/commitments/{id}/approve", tag = "commitments", request_body = ApproveBody,
    params(("id" = String, Path, description = "Commitment id")),
    responses((status = 200, body = CommitmentWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ApproveBody>,
) -> Result<Json<CommitmentWrite>, ApiError> {
    let id = path_id("commitment", &id, CommitmentId::new)?;
    let command = CommitmentsCommand::Approve {
        commitment: id.clone(),
        version: body.version,
    };
    Ok(Json(write(&app, &caller, &id, command).await?))
}

/// Attest a milestone done, with evidence (the owner).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/milestones/{milestone}/attest", tag = "commitments", request_body = AttestBody,
    params(("id" = String, Path, description = "Commitment id"), ("milestone" = String, Path, description = "Milestone id")),
    responses((status = 200, body = CommitmentWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn attest(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, milestone)): Path<(String, String)>,
    ApiJson(body): ApiJson<AttestBody>,
) -> Result<Json<CommitmentWrite>, ApiError> {
    let id = path_id("commitment", &id, CommitmentId::new)?;
    let command = CommitmentsCommand::Attest {
        commitment: id.clone(),
        milestone: path_id("milestone", &milestone, MilestoneId::new)?,
        evidence: Evidence {
            text: body.text.into(),
            links: body.links,
        },
    };
    Ok(Json(write(&app, &caller, &id, command).await?))
}

/// Verify an attested milestone, or refuse it with a reason (the supervisor).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/milestones/{milestone}/verify", tag = "commitments", request_body = VerifyBody,
    params(("id" = String, Path, description = "Commitment id"), ("milestone" = String, Path, description = "Milestone id")),
    responses((status = 200, body = CommitmentWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn verify(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, milestone)): Path<(String, String)>,
    ApiJson(body): ApiJson<VerifyBody>,
) -> Result<Json<CommitmentWrite>, ApiError> {
    let id = path_id("commitment", &id, CommitmentId::new)?;
    let command = CommitmentsCommand::Verify {
        commitment: id.clone(),
        milestone: path_id("milestone", &milestone, MilestoneId::new)?,
        verified: body.verified,
        reason: body.reason.map(Into::into),
    };
    Ok(Json(write(&app, &caller, &id, command).await?))
}

/// Alerts every party to each open milestone whose due date passed, as the cell itself (called
/// by [`crate::timer`]). Returns how many alerts were recorded.
pub async fn escalate_overdue(core: &Core) -> usize {
    let overdue = {
        let read = core.read();
        read.state.commitments.overdue(core.clock().now())
    };
    let mut escalated = 0;
    for (commitment, milestone) in overdue {
        let command = Command::Commitments(CommitmentsCommand::Escalate {
            commitment,
            milestone,
        });
        match core.submit(Actor::Cell, command).await {
            Ok(events) => escalated += events.len(),
            Err(e) => tracing::warn!(error = %e, "escalation not recorded; retrying next tick"),
        }
    }
    escalated
}

/// Milestone due dates by party, for the calendar: `(commitment, milestone, due)` of every
/// milestone of a version in force that concerns `party` (as owner or beneficiary, or any as
/// the supervisor).
pub fn due_dates<'s>(
    state: &'s fusioncell_domain::CellState,
    party: &PartyId,
) -> Vec<(&'s Commitment, &'s MilestoneDraft)> {
    let supervisor = state.config().is_some_and(|c| c.is_supervisor(party));
    queries::commitments(
        state,
        Some(party),
        &CommitmentFilter::default(),
        Timestamp(0),
    )
    .into_iter()
    .filter(|c| supervisor || c.owner == *party || c.beneficiary == *party)
    .flat_map(|c| {
        c.current()
            .map(|v| v.milestones.iter().map(move |m| (c, m)).collect::<Vec<_>>())
            .unwrap_or_default()
    })
    .collect()
}
