//! Meetings, their minutes, and joint statements over HTTP.
//!
//! Every write is a domain command (`fusioncell_domain::meetings`); these handlers translate
//! JSON (RFC 3339 times) to commands and records to views.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use fusioncell_domain::meetings::queries::{self, MeetingFilter};
use fusioncell_domain::meetings::{Meeting, MeetingId, MeetingsCommand, Statement, StatementId};
use fusioncell_domain::{Actor, Command, PartyId, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::deescalation::views::parse_time;
use crate::api::threads::record;
use crate::api::views::{RecordRef, TextView, parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::error::{ApiError, ErrorBody};

/// The meetings and joint statements routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/meetings", get(list).post(schedule))
        .route("/api/v1/meetings/{id}", get(show))
        .route("/api/v1/meetings/{id}/minutes", put(draft_minutes))
        .route(
            "/api/v1/meetings/{id}/minutes/approve",
            post(approve_minutes),
        )
        .route("/api/v1/statements", get(statements).post(draft_statement))
        .route("/api/v1/statements/{id}", get(statement))
        .route("/api/v1/statements/{id}/versions/{lang}", put(set_text))
        .route("/api/v1/statements/{id}/approve", post(approve_statement))
        .route("/api/v1/statements/{id}/publish", post(publish))
}

/// A new meeting.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingBody {
    /// What it is.
    pub title: TextView,
    /// When it starts (RFC 3339).
    pub starts_at: String,
    /// When it ends (RFC 3339).
    pub ends_at: String,
    /// Where.
    pub place: String,
    /// The parties taking part.
    pub participants: Vec<String>,
    /// The agenda.
    #[serde(default)]
    pub agenda: Vec<TextView>,
}

/// A text to set (minutes).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesBody {
    /// The minutes.
    pub text: TextView,
}

/// An approval of a revision.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisionBody {
    /// The revision approved.
    pub revision: u32,
    /// The language version approved (statements only).
    pub lang: Option<String>,
}

/// A joint statement's draft.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementBody {
    /// An existing statement's id to change it; a new one is made when absent.
    pub id: Option<String>,
    /// Its title.
    pub title: TextView,
    /// The meeting it comes from.
    pub meeting: Option<String>,
    /// The authoritative language.
    pub authoritative: String,
}

/// The text of one language version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionBody {
    /// The text.
    pub text: String,
}

/// Meeting list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MeetingQuery {
    /// Only those this party takes part in.
    pub participant: Option<String>,
    /// Only those starting at or after (RFC 3339).
    pub from: Option<String>,
    /// Only those starting before (RFC 3339).
    pub to: Option<String>,
    /// Only those whose minutes await this party's approval.
    pub awaiting: Option<String>,
}

/// Statement list filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatementQuery {
    /// Only published (`true`) or unpublished (`false`) statements.
    pub published: Option<bool>,
}

/// A meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    /// Id.
    pub id: String,
    /// What it is.
    pub title: TextView,
    /// Start (RFC 3339).
    pub starts_at: String,
    /// End (RFC 3339).
    pub ends_at: String,
    /// Where.
    pub place: String,
    /// The parties taking part.
    pub participants: Vec<String>,
    /// The agenda.
    pub agenda: Vec<TextView>,
    /// The current minutes, if drafted.
    pub minutes: Option<MinutesView>,
}

/// A meeting's current minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct MinutesView {
    /// Revision.
    pub revision: u32,
    /// The text.
    pub text: TextView,
    /// Parties that approved this revision.
    pub approved_by: Vec<String>,
    /// Parties whose approval is missing.
    pub awaiting: Vec<String>,
    /// When every party had approved (RFC 3339).
    pub agreed_at: Option<String>,
}

/// One language version of a statement.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Language.
    pub lang: String,
    /// Text.
    pub text: String,
    /// Whether it is the authoritative version.
    pub authoritative: bool,
    /// Parties that approved it at the current revision.
    pub approved_by: Vec<String>,
    /// Parties whose approval is missing.
    pub awaiting: Vec<String>,
}

/// A joint statement.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementView {
    /// Id.
    pub id: String,
    /// Title.
    pub title: TextView,
    /// The meeting it comes from.
    pub meeting: Option<String>,
    /// The authoritative language.
    pub authoritative: String,
    /// Current revision; approvals are of it.
    pub revision: u32,
    /// Its language versions.
    pub versions: Vec<VersionView>,
    /// When it was published (RFC 3339); it never changes after.
    pub published_at: Option<String>,
}

/// The answer to a meeting write.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingWrite {
    /// The meeting as it now stands.
    pub meeting: MeetingView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// The answer to a statement write.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementWrite {
    /// The statement as it now stands.
    pub statement: StatementView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

fn names<'a>(it: impl IntoIterator<Item = &'a PartyId>) -> Vec<String> {
    it.into_iter().map(ToString::to_string).collect()
}

/// A meeting as the API shows it.
pub fn meeting_view(m: &Meeting) -> MeetingView {
    MeetingView {
        id: m.id.to_string(),
        title: (&m.title).into(),
        starts_at: m.starts_at.to_rfc3339(),
        ends_at: m.ends_at.to_rfc3339(),
        place: m.place.clone(),
        participants: names(&m.participants),
        agenda: m.agenda.iter().map(Into::into).collect(),
        minutes: m.current_minutes().map(|x| MinutesView {
            revision: x.revision,
            text: (&x.text).into(),
            approved_by: names(x.approvals.keys()),
            awaiting: names(&x.awaiting()),
            agreed_at: x.agreed_at.map(Timestamp::to_rfc3339),
        }),
    }
}

/// A joint statement as the API shows it.
pub fn statement_view(s: &Statement) -> StatementView {
    StatementView {
        id: s.id.to_string(),
        title: (&s.title).into(),
        meeting: s.meeting.as_ref().map(ToString::to_string),
        authoritative: s.authoritative.clone(),
        revision: s.revision,
        versions: s
            .versions
            .iter()
            .map(|(lang, text)| VersionView {
                lang: lang.clone(),
                text: text.clone(),
                authoritative: *lang == s.authoritative,
                approved_by: names(s.approvals.get(lang).into_iter().flat_map(|a| a.keys())),
                awaiting: names(&s.awaiting(lang)),
            })
            .collect(),
        published_at: s.published_at.map(Timestamp::to_rfc3339),
    }
}

async fn submit(
    app: &AppState,
    caller: &Caller,
    command: MeetingsCommand,
) -> Result<RecordRef, ApiError> {
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Meetings(command),
        )
        .await?;
    Ok(record(&events))
}

fn meeting_write(
    app: &AppState,
    caller: &Caller,
    id: &MeetingId,
    record: RecordRef,
) -> Result<MeetingWrite, ApiError> {
    let read = app.core.read();
    Ok(MeetingWrite {
        meeting: meeting_view(queries::meeting(&read.state, Some(&caller.user.party), id)?),
        record,
    })
}

fn statement_write(
    app: &AppState,
    caller: &Caller,
    id: &StatementId,
    record: RecordRef,
) -> Result<StatementWrite, ApiError> {
    let read = app.core.read();
    Ok(StatementWrite {
        statement: statement_view(queries::statement(
            &read.state,
            Some(&caller.user.party),
            id,
        )?),
        record,
    })
}

/// The filter of a meeting list query.
pub fn meeting_filter(q: MeetingQuery) -> Result<MeetingFilter, ApiError> {
    let party =
        |field: &str, p: Option<String>| p.map(|p| parse_id(field, &p, PartyId::new)).transpose();
    let time = |field: &str, t: Option<String>| t.map(|t| parse_time(field, &t)).transpose();
    Ok(MeetingFilter {
        participant: party("participant", q.participant)?,
        from: time("from", q.from)?,
        to: time("to", q.to)?,
        awaiting: party("awaiting", q.awaiting)?,
    })
}

/// Meetings you may see, earliest first, with filters.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", params(MeetingQuery),
    responses((status = 200, body = [MeetingView]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<MeetingQuery>,
) -> Result<Json<Vec<MeetingView>>, ApiError> {
    let filter = meeting_filter(q)?;
    let read = app.core.read();
    Ok(Json(
        queries::meetings(&read.state, Some(&caller.user.party), &filter)
            .into_iter()
            .map(meeting_view)
            .collect(),
    ))
}

/// One meeting with its current minutes.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings", params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MeetingView>, ApiError> {
    let id = path_id("meeting", &id, MeetingId::new)?;
    let read = app.core.read();
    Ok(Json(meeting_view(queries::meeting(
        &read.state,
        Some(&caller.user.party),
        &id,
    )?)))
}

/// Schedule a meeting.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings", request_body = MeetingBody,
    responses((status = 201, body = MeetingWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn schedule(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<MeetingBody>,
) -> Result<(StatusCode, Json<MeetingWrite>), ApiError> {
    let id = MeetingId::new(&random_id("mt-")).expect("random ids are valid");
    let participants = body
        .participants
        .iter()
        .map(|p| parse_id("participants", p, PartyId::new))
        .collect::<Result<_, _>>()?;
    let command = MeetingsCommand::Schedule {
        meeting: id.clone(),
        title: body.title.into(),
        starts_at: parse_time("starts_at", &body.starts_at)?,
        ends_at: parse_time("ends_at", &body.ends_at)?,
        place: body.place,
        participants,
        agenda: body.agenda.into_iter().map(Into::into).collect(),
    };
    let record = submit(&app, &caller, command).await?;
    Ok((
        StatusCode::CREATED,
        Json(meeting_write(&app, &caller, &id, record)?),
    ))
}

/// Draft or change the minutes (the supervisor); every approval starts afresh.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/minutes", tag = "meetings", request_body = MinutesBody,
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_minutes(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MinutesBody>,
) -> Result<Json<MeetingWrite>, ApiError> {
    let id = path_id("meeting", &id, MeetingId::new)?;
    let command = MeetingsCommand::DraftMinutes {
        meeting: id.clone(),
        text: body.text.into(),
    };
    let record = submit(&app, &caller, command).await?;
    Ok(Json(meeting_write(&app, &caller, &id, record)?))
}

/// Approve a revision of the minutes for your party.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes/approve", tag = "meetings", request_body = RevisionBody,
    params(("id" = String, Path, description = "Meeting id")),
    responses((status = 200, body = MeetingWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve_minutes(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevisionBody>,
) -> Result<Json<MeetingWrite>, ApiError> {
    let id = path_id("meeting", &id, MeetingId::new)?;
    let command = MeetingsCommand::ApproveMinutes {
        meeting: id.clone(),
        revision: body.revision,
    };
    let record = submit(&app, &caller, command).await?;
    Ok(Json(meeting_write(&app, &caller, &id, record)?))
}

/// Joint statements you may see.
#[utoipa::path(get, path = "/api/v1/statements", tag = "meetings", params(StatementQuery),
    responses((status = 200, body = [StatementView]), (status = 401, body = ErrorBody)))]
pub async fn statements(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(q): ApiQuery<StatementQuery>,
) -> Json<Vec<StatementView>> {
    let read = app.core.read();
    Json(
        queries::statements(&read.state, Some(&caller.user.party), q.published)
            .into_iter()
            .map(statement_view)
            .collect(),
    )
}

/// One joint statement with its versions.
#[utoipa::path(get, path = "/api/v1/statements/{id}", tag = "meetings", params(("id" = String, Path, description = "Statement id")),
    responses((status = 200, body = StatementView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn statement(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<StatementView>, ApiError> {
    let id = path_id("joint statement", &id, StatementId::new)?;
    let read = app.core.read();
    Ok(Json(statement_view(queries::statement(
        &read.state,
        Some(&caller.user.party),
        &id,
    )?)))
}

/// Draft a joint statement, or change its title or authoritative language (the supervisor).
#[utoipa::path(post, path = "/api/v1/statements", tag = "meetings", request_body = StatementBody,
    responses((status = 201, body = StatementWrite), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_statement(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<StatementBody>,
) -> Result<(StatusCode, Json<StatementWrite>), ApiError> {
    let id = match &body.id {
        Some(id) => parse_id("id", id, StatementId::new)?,
        None => StatementId::new(&random_id("js-")).expect("random ids are valid"),
    };
    let command = MeetingsCommand::DraftStatement {
        statement: id.clone(),
        title: body.title.into(),
        meeting: body
            .meeting
            .map(|m| parse_id("meeting", &m, MeetingId::new))
            .transpose()?,
        authoritative: body.authoritative,
    };
    let record = submit(&app, &caller, command).await?;
    Ok((
        StatusCode::CREATED,
        Json(statement_write(&app, &caller, &id, record)?),
    ))
}

/// Set the text of one language version (the supervisor); every approval starts afresh.
#[utoipa::path(put, path = "/api/v1/statements/{id}/versions/{lang}", tag = "meetings", request_body = VersionBody,
    params(("id" = String, Path, description = "Statement id"), ("lang" = String, Path, description = "Language")),
    responses((status = 200, body = StatementWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_text(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, lang)): Path<(String, String)>,
    ApiJson(body): ApiJson<VersionBody>,
) -> Result<Json<StatementWrite>, ApiError> {
    let id = path_id("joint statement", &id, StatementId::new)?;
    let command = MeetingsCommand::SetStatementText {
        statement: id.clone(),
        lang,
        text: body.text,
    };
    let record = submit(&app, &caller, command).await?;
    Ok(Json(statement_write(&app, &caller, &id, record)?))
}

/// Approve one language version of a revision for your party.
#[utoipa::path(post, path = "/api/v1/statements/{id}/approve", tag = "meetings", request_body = RevisionBody,
    params(("id" = String, Path, description = "Statement id")),
    responses((status = 200, body = StatementWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve_statement(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevisionBody>,
) -> Result<Json<StatementWrite>, ApiError> {
    let id = path_id("joint statement", &id, StatementId::new)?;
    let lang = body
        .lang
        .ok_or_else(|| ApiError::invalid("lang", "is required"))?;
    let command = MeetingsCommand::ApproveStatement {
        statement: id.clone(),
        revision: body.revision,
        lang,
    };
    let record = submit(&app, &caller, command).await?;
    Ok(Json(statement_write(&app, &caller, &id, record)?))
}

/// Publish a statement every party approved in every version (the supervisor).
#[utoipa::path(post, path = "/api/v1/statements/{id}/publish", tag = "meetings",
    params(("id" = String, Path, description = "Statement id")),
    responses((status = 200, body = StatementWrite), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn publish(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<StatementWrite>, ApiError> {
    let id = path_id("joint statement", &id, StatementId::new)?;
    let record = submit(
        &app,
        &caller,
        MeetingsCommand::PublishStatement {
            statement: id.clone(),
        },
    )
    .await?;
    Ok(Json(statement_write(&app, &caller, &id, record)?))
}
