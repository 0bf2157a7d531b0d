//! De-escalation over HTTP: agreed zones, activity notifications with their dry run, incident
//! reports, alerts, zone crossings and the position feed; and the timer's escalation of
//! notifications nobody acknowledged.
//!
//! Every write is a domain command (`fusioncell_domain::deescalation`), so authorization,
//! validation and audiences are decided there; these handlers translate JSON (degrees, RFC 3339
//! times) to commands and records to views.

pub mod activities;
pub mod incidents;
pub mod positions;
pub mod views;
pub mod zones;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::{Extension, Router};
use fusioncell_domain::deescalation::DeescalationCommand;
use fusioncell_domain::{Actor, Command};

use crate::app::AppState;
use crate::core::Core;

/// The de-escalation routes, with the position feed's tracker (one per server).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/zones", get(zones::list).post(zones::propose))
        .route("/api/v1/zones/{id}", get(zones::show))
        .route("/api/v1/zones/{id}/approve", post(zones::approve))
        .route(
            "/api/v1/activities",
            get(activities::list).post(activities::notify),
        )
        .route("/api/v1/activities/check", post(activities::dry_run))
        .route(
            "/api/v1/activities/{id}",
            get(activities::show).put(activities::update),
        )
        .route("/api/v1/activities/{id}/cancel", post(activities::cancel))
        .route(
            "/api/v1/activities/{id}/acknowledge",
            post(activities::acknowledge),
        )
        .route(
            "/api/v1/incidents",
            get(incidents::list).post(incidents::report),
        )
        .route("/api/v1/incidents/{id}", get(incidents::show))
        .route("/api/v1/alerts", get(incidents::alerts))
        .route("/api/v1/crossings", get(incidents::crossings))
        .route("/api/v1/positions", post(positions::feed))
        .layer(Extension(Arc::new(positions::Feed::default())))
}

/// Escalates every notification whose acknowledgement deadline passed with parties silent, as
/// the cell itself (called by [`crate::timer`]). Returns how many escalations were recorded.
pub async fn escalate_overdue(core: &Core) -> usize {
    let overdue = {
        let read = core.read();
        read.state.deescalation.overdue(core.clock().now())
    };
    let mut escalated = 0;
    for activity in overdue {
        let command = Command::Deescalation(DeescalationCommand::EscalateActivity { activity });
        match core.submit(Actor::Cell, command).await {
            Ok(events) => escalated += events.len(),
            Err(e) => tracing::warn!(error = %e, "escalation not recorded; retrying next tick"),
        }
    }
    escalated
}
