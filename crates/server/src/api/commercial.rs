//! The commercial register over HTTP: propose, list with filters, one entry, move along the
//! pipeline, comment. Every write is a domain command (`fusioncell_domain::commercial`).

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use fusioncell_domain::commercial::queries::{self, OpportunityFilter};
use fusioncell_domain::commercial::{
    CommercialCommand, Document, Opportunity, OpportunityDraft, OpportunityId, Sector, Stage,
    ValueRange,
};
use fusioncell_domain::{Actor, Command, PartyId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::deescalation::views::{name_of, parse_name};
use crate::api::threads::record;
use crate::api::views::{RecordRef, TextView, parse_id, path_id};
use crate::api::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::core::Core;
use crate::error::{ApiError, ErrorBody};

/// The commercial register's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/commercial", get(list).post(propose))
        .route("/api/v1/commercial/{id}", get(show))
        .route("/api/v1/commercial/{id}/move", post(move_to))
        .route("/api/v1/commercial/{id}/comments", post(comment))
}

/// A document: a link and the SHA-256 of what it points to.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentView {
    /// What it is.
    pub title: String,
    /// An http(s) link.
    pub url: String,
    /// SHA-256 of the document, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// A value range in whole units.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueView {
    /// Lowest estimate.
    pub min: u64,
    /// Highest estimate.
    pub max: u64,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
}

/// A new opportunity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityBody {
    /// `energy`, `water`, `agriculture`, `trade`, `transport`, `tourism`, `health`,
    /// `technology` or `other`.
    #[schema(example = "water")]
    pub sector: String,
    /// The counterpart party.
    pub counterpart: String,
    /// A short title.
    pub title: TextView,
    /// What is proposed.
    pub description: TextView,
    /// The value range.
    pub value: ValueView,
    /// Supporting documents.
    #[serde(default)]
    pub documents: Vec<DocumentView>,
}

impl OpportunityBody {
    /// The domain draft; 422 naming a bad field.
    pub fn to_draft(self) -> Result<OpportunityDraft, ApiError> {
        Ok(OpportunityDraft {
            sector: parse_name::<Sector>("sector", &self.sector)?,
            counterpart: parse_id("counterpart", &self.counterpart, PartyId::new)?,
            title: self.title.into(),
            description: self.description.into(),
            value: ValueRange {
                min: self.value.min,
                max: self.value.max,
                currency: self.value.currency,
            },
            documents: self
                .documents
                .into_iter()
                .map(|d| Document {
                    title: d.title,
                    url: d.url,
                    sha256: d.sha256,
                })
                .collect(),
        })
    }
}

/// A move along the pipeline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    /// `under_review`, `agreed`, `in_implementation`, `done` or `declined`.
    #[schema(example = "under_review")]
    pub to: String,
    /// Why (optional).
    pub note: Option<TextView>,
}

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// The comment.
    pub text: TextView,
}

/// A move as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct MoveView {
    /// The stage reached.
    pub stage: String,
    /// Who.
    pub by: String,
    /// Their party.
    pub party: String,
    /// When.
    pub at: String,
    /// Why.
    pub note: Option<TextView>,
}

/// A comment as recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    /// Who.
    pub by: String,
    /// Their party.
    pub party: String,
    /// When.
    pub at: String,
    /// The comment.
    pub text: TextView,
}

/// A register entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityView {
    /// Id.
    pub id: String,
    /// `proposed`, `under_review`, `agreed`, `in_implementation`, `done` or `declined`.
    pub stage: String,
    /// The sector.
    pub sector: String,
    /// The proposing party.
    pub proposer: String,
    /// The counterpart.
    pub counterpart: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// When.
    pub proposed_at: String,
    /// Title.
    pub title: TextView,
    /// Description.
    pub description: TextView,
    /// Value range.
    pub value: ValueView,
    /// Documents.
    pub documents: Vec<DocumentView>,
    /// Moves, oldest first.
    pub moves: Vec<MoveView>,
    /// Comments, oldest first.
    pub comments: Vec<CommentView>,
    /// Parties that see it.
    pub audience: Vec<String>,
}

impl From<&Opportunity> for OpportunityView {
    fn from(o: &Opportunity) -> OpportunityView {
        let d = &o.draft;
        OpportunityView {
            id: o.id.to_string(),
            stage: o.stage.name().into(),
            sector: name_of(&d.sector),
            proposer: o.proposer.to_string(),
            counterpart: d.counterpart.to_string(),
            proposed_by: o.proposed_by.to_string(),
            proposed_at: o.proposed_at.to_rfc3339(),
            title: (&d.title).into(),
            description: (&d.description).into(),
            value: ValueView {
                min: d.value.min,
                max: d.value.max,
                currency: d.value.currency.clone(),
            },
            documents: d
                .documents
                .iter()
                .map(|x| DocumentView {
                    title: x.title.clone(),
                    url: x.url.clone(),
                    sha256: x.sha256.clone(),
                })
                .collect(),
            moves: o
                .moves
                .iter()
                .map(|m| MoveView {
                    stage: m.stage.name().into(),
                    by: m.by.to_string(),
                    party: m.party.to_string(),
                    at: m.at.to_rfc3339(),
                    note: m.note.as_ref().map(Into::into),
                })
                .collect(),
            comments: o
                .comments
                .iter()
                .map(|c| CommentView {
                    by: c.by.to_string(),
                    party: c.party.to_string(),
                    at: c.at.to_rfc3339(),
                    text: (&c.text).into(),
                })
                .collect(),
            audience: o.audience.0.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The answer to a write.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityWrite {
    /// The entry as it now stands.
    pub opportunity: OpportunityView,
    /// Where the change landed in the record.
    pub record: RecordRef,
}

/// Filters of the register; all optional, combined with AND.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OpportunityQuery {
    /// Only these stages, comma-separated.
    pub stage: Option<String>,
    /// Only this sector.
    pub sector: Option<String>,
    /// Only those this party proposed or is the counterpart of.
    pub party: Option<String>,
}

impl OpportunityQuery {
    /// The domain filter; 422 naming a bad parameter.
    pub fn to_filter(&self) -> Result<OpportunityFilter, ApiError> {
        Ok(OpportunityFilter {
            stage: self
                .stage
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| parse_name::<Stage>("stage", s))
                .collect::<Result<_, _>>()?,
            sector: self
                .sector
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| parse_name("sector", s))
                .transpose()?,
            party: self
                .party
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| parse_id("party", p, PartyId::new))
                .transpose()?,
        })
    }
}

/// Register entries you may see, most recently proposed first.
#[utoipa::path(get, path = "/api/v1/commercial", tag = "commercial", params(OpportunityQuery),
    responses((status = 200, body = [OpportunityView]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(query): ApiQuery<OpportunityQuery>,
) -> Result<Json<Vec<OpportunityView>>, ApiError> {
    let filter = query.to_filter()?;
    let read = app.core.read();
    Ok(Json(
        queries::opportunities(&read.state, Some(&caller.user.party), &filter)
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// One entry, with its moves and comments.
#[utoipa::path(get, path = "/api/v1/commercial/{id}", tag = "commercial", params(("id" = String, Path, description = "Opportunity id")),
    responses((status = 200, body = OpportunityView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<OpportunityView>, ApiError> {
    let id = path_id("opportunity", &id, OpportunityId::new)?;
    Ok(Json(view(&app.core, &caller, &id)?))
}

/// Propose an opportunity to another party.
#[utoipa::path(post, path = "/api/v1/commercial", tag = "commercial", request_body = OpportunityBody,
    responses((status = 201, body = OpportunityWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<OpportunityBody>,
) -> Result<(StatusCode, Json<OpportunityWrite>), ApiError> {
    let draft = body.to_draft()?;
    let opportunity = OpportunityId::new(&random_id("co-")).expect("random ids are valid");
    let command = CommercialCommand::Propose {
        opportunity: opportunity.clone(),
        draft,
    };
    Ok((
        StatusCode::CREATED,
        Json(submit(&app.core, &caller, &opportunity, command).await?),
    ))
}

/// Move an entry along the pipeline: the counterpart reviews and agrees, the proposer starts
/// and completes implementation, either declines before implementation.
#[utoipa::path(post, path = "/api/v1/commercial/{id}/move", tag = "commercial", params(("id" = String, Path, description = "Opportunity id")), request_body = MoveBody,
    responses((status = 200, body = OpportunityWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn move_to(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MoveBody>,
) -> Result<Json<OpportunityWrite>, ApiError> {
    let opportunity = path_id("opportunity", &id, OpportunityId::new)?;
    let command = CommercialCommand::Move {
        opportunity: opportunity.clone(),
        to: parse_name("to", &body.to)?,
        note: body.note.map(Into::into),
    };
    Ok(Json(
        submit(&app.core, &caller, &opportunity, command).await?,
    ))
}

/// Comment on an entry.
#[utoipa::path(post, path = "/api/v1/commercial/{id}/comments", tag = "commercial", params(("id" = String, Path, description = "Opportunity id")), request_body = CommentBody,
    responses((status = 200, body = OpportunityWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comment(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<Json<OpportunityWrite>, ApiError> {
    let opportunity = path_id("opportunity", &id, OpportunityId::new)?;
    let command = CommercialCommand::Comment {
        opportunity: opportunity.clone(),
        text: body.text.into(),
    };
    Ok(Json(
        submit(&app.core, &caller, &opportunity, command).await?,
    ))
}

/// Submits a register command as `caller` and answers with the entry as it now stands.
pub async fn submit(
    core: &Core,
    caller: &Caller,
    opportunity: &OpportunityId,
    command: CommercialCommand,
) -> Result<OpportunityWrite, ApiError> {
    let events = core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Commercial(command),
        )
        .await?;
    Ok(OpportunityWrite {
        opportunity: view(core, caller, opportunity)?,
        record: record(&events),
    })
}

fn view(core: &Core, caller: &Caller, id: &OpportunityId) -> Result<OpportunityView, ApiError> {
    let read = core.read();
    Ok(queries::opportunity(&read.state, Some(&caller.user.party), id)?.into())
}
