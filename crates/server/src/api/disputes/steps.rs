//! The steps of a dispute after it is raised, one endpoint each. Who may take which step is the
//! domain's to decide; these handlers only read the body.

use axum::Json;
use axum::extract::{Path, State};
use fusioncell_domain::PartyId;
use fusioncell_domain::disputes::{DisputeCommand, DisputeId, RequestKind};

use super::submit;
use super::views::{DisputeWrite, RequestBody, RulingAnswerBody, TextBody};
use crate::api::ApiJson;
use crate::api::deescalation::views::{parse_name, parse_time};
use crate::api::views::{parse_id, path_id};
use crate::app::AppState;
use crate::caller::ApiCaller;
use crate::error::{ApiError, ErrorBody};

type Written = Result<Json<DisputeWrite>, ApiError>;

async fn step(
    app: &AppState,
    caller: &crate::caller::Caller,
    id: &str,
    make: impl FnOnce(DisputeId) -> Result<DisputeCommand, ApiError>,
) -> Written {
    let dispute = path_id("dispute", id, DisputeId::new)?;
    let command = make(dispute.clone())?;
    Ok(Json(submit(&app.core, caller, &dispute, command).await?))
}

/// Acknowledge a dispute raised against your party (receipt, not agreement).
#[utoipa::path(post, path = "/api/v1/disputes/{id}/acknowledge", tag = "disputes", params(("id" = String, Path, description = "Dispute id")),
    responses((status = 200, body = DisputeWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::Acknowledge { dispute })
    })
    .await
}

/// Answer a dispute raised against your party.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/answer", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = TextBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::Answer {
            dispute,
            answer: body.text.into(),
        })
    })
    .await
}

/// Accept the answer to your party's dispute: resolved.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/accept", tag = "disputes", params(("id" = String, Path, description = "Dispute id")),
    responses((status = 200, body = DisputeWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn accept(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::AcceptAnswer { dispute })
    })
    .await
}

/// Send your party's dispute to the supervisor's mediation: once it is answered, or once the
/// other party missed a deadline.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/mediation", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = TextBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mediation(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::RequestMediation {
            dispute,
            reason: body.text.into(),
        })
    })
    .await
}

/// Ask a party to the dispute for information or an inspection (the supervisor), with a
/// deadline (`due`, RFC 3339) or the `[disputes]` default.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/requests", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = RequestBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RequestBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::RequestInformation {
            dispute,
            party: parse_id("party", &body.party, PartyId::new)?,
            kind: parse_name::<RequestKind>("kind", &body.kind)?,
            question: body.question.into(),
            due: body
                .due
                .as_deref()
                .map(|t| parse_time("due", t))
                .transpose()?,
        })
    })
    .await
}

/// Reply to the supervisor's request `n` to your party.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/requests/{n}/reply", tag = "disputes",
    params(("id" = String, Path, description = "Dispute id"), ("n" = u32, Path, description = "Request number")), request_body = TextBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path((id, n)): Path<(String, String)>,
    ApiJson(body): ApiJson<TextBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::ProvideInformation {
            dispute,
            request: n.parse().map_err(|_| ApiError::not_found("request", &n))?,
            reply: body.text.into(),
        })
    })
    .await
}

/// Record findings (the supervisor, in mediation).
#[utoipa::path(post, path = "/api/v1/disputes/{id}/findings", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = TextBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn findings(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::RecordFindings {
            dispute,
            findings: body.text.into(),
        })
    })
    .await
}

/// Rule on the dispute (the supervisor, once findings are recorded).
#[utoipa::path(post, path = "/api/v1/disputes/{id}/ruling", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = TextBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn rule(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TextBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::Rule {
            dispute,
            ruling: body.text.into(),
        })
    })
    .await
}

/// Accept or contest the ruling for your party.
#[utoipa::path(post, path = "/api/v1/disputes/{id}/ruling/answer", tag = "disputes", params(("id" = String, Path, description = "Dispute id")), request_body = RulingAnswerBody,
    responses((status = 200, body = DisputeWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn answer_ruling(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RulingAnswerBody>,
) -> Written {
    step(&app, &caller, &id, |dispute| {
        Ok(DisputeCommand::AnswerRuling {
            dispute,
            accept: body.accept,
            reason: body.reason.map(Into::into),
        })
    })
    .await
}
