//! Agreed zones: proposals by the supervisor, approvals by the parties, versions.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fusioncell_domain::deescalation::{DeescalationCommand, Shape, ZoneId, queries};
use fusioncell_domain::{Actor, Command, PartyId};
use fusioncell_geo::PartyRules;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::{ApproveBody, ZoneBody, ZoneView};
use crate::api::ApiJson;
use crate::api::threads::record;
use crate::api::views::{RecordRef, parse_id, path_id};
use crate::app::AppState;
use crate::caller::ApiCaller;
use crate::error::{ApiError, ErrorBody};

/// The answer to a proposal or an approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct ZoneWrite {
    /// The zone as it now stands.
    pub zone: ZoneView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// Rules per party from a request, refusing unknown parties' ids, fields and names.
fn parse_rules(
    rules: &BTreeMap<String, serde_json::Value>,
) -> Result<BTreeMap<PartyId, PartyRules>, ApiError> {
    rules
        .iter()
        .map(|(party, value)| {
            let field = format!("rules.{party}");
            let party = parse_id(&field, party, PartyId::new)?;
            if let Some(extra) = value.as_object().and_then(|o| {
                o.keys()
                    .find(|k| !matches!(k.as_str(), "forbidden_kinds" | "force_caps"))
            }) {
                return Err(ApiError::invalid(
                    &format!("{field}.{extra}"),
                    "is not a rule: use forbidden_kinds and force_caps",
                ));
            }
            let rules = serde_json::from_value(value.clone())
                .map_err(|e| ApiError::invalid(&field, e.to_string()))?;
            Ok((party, rules))
        })
        .collect()
}

fn zone_view(app: &AppState, party: &PartyId, id: &ZoneId) -> Result<ZoneView, ApiError> {
    let read = app.core.read();
    Ok(queries::zone(&read.state, Some(party), id)?.into())
}

/// Every zone with its versions.
#[utoipa::path(get, path = "/api/v1/zones", tag = "de-escalation",
    responses((status = 200, body = [ZoneView]), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<Vec<ZoneView>> {
    let read = app.core.read();
    Json(
        queries::zones(&read.state, Some(&caller.user.party))
            .into_iter()
            .map(Into::into)
            .collect(),
    )
}

/// One zone with its versions.
#[utoipa::path(get, path = "/api/v1/zones/{id}", tag = "de-escalation", params(("id" = String, Path, description = "Zone id")),
    responses((status = 200, body = ZoneView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ZoneView>, ApiError> {
    let id = path_id("zone", &id, ZoneId::new)?;
    Ok(Json(zone_view(&app, &caller.user.party, &id)?))
}

/// Propose a zone, or the next version of one (the supervisor). It is in force once every
/// other party approved it.
#[utoipa::path(post, path = "/api/v1/zones", tag = "de-escalation", request_body = ZoneBody,
    responses((status = 201, body = ZoneWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn propose(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<ZoneBody>,
) -> Result<(StatusCode, Json<ZoneWrite>), ApiError> {
    let zone = parse_id("id", &body.id, ZoneId::new)?;
    let command = DeescalationCommand::ProposeZone {
        zone: zone.clone(),
        name: body.name,
        description: body.description,
        area: Shape::from_geojson("area", &body.area.to_string())?,
        rules: parse_rules(&body.rules)?,
    };
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Deescalation(command),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ZoneWrite {
            zone: zone_view(&app, &caller.user.party, &zone)?,
            record: record(&events),
        }),
    ))
}

/// Approve a proposed zone version for your party.
#[utoipa::path(post, path = "/api/v1/zones/{id}/approve", tag = "de-escalation", request_body = ApproveBody,
    params(("id" = String, Path, description = "Zone id")),
    responses((status = 200, body = ZoneWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ApproveBody>,
) -> Result<Json<ZoneWrite>, ApiError> {
    let zone = path_id("zone", &id, ZoneId::new)?;
    let events = app
        .core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::Deescalation(DeescalationCommand::ApproveZone {
                zone: zone.clone(),
                version: body.version,
            }),
        )
        .await?;
    Ok(Json(ZoneWrite {
        zone: zone_view(&app, &caller.user.party, &zone)?,
        record: record(&events),
    }))
}
