//! Incident reports: any party reports what happened, where and when, linked to an activity or
//! a zone when it concerns one, and shares it with the parties it chooses (the supervisor sees
//! every report shared beyond its author).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::decide::Ctx;
use super::event::DeescalationEvent;
use super::geometry::Coord7;
use super::ids::{ActivityId, IncidentId, ZoneId};
use super::queries;
use crate::authz;
use crate::error::DomainError;
use crate::event::{Audience, Event};
use crate::ids::{PartyId, UserId};
use crate::language::{LangText, check_language, check_text};
use crate::time::{Span, Timestamp};
use crate::visibility::audience_of;

/// Longest incident description, in characters.
pub const MAX_INCIDENT_TEXT: usize = 4_000;
/// How far ahead of the cell's clock a report's time may be (the reporter's clock may run fast).
pub const CLOCK_SKEW: Span = Span::minutes(5);

/// What kind of incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentCategory {
    /// An aircraft or drone where it should not be.
    AirspaceViolation,
    /// Ground forces where they should not be.
    GroundIncursion,
    /// Shots, shelling or strikes.
    Fire,
    /// An incident at sea.
    Naval,
    /// Forces of two parties came dangerously close.
    NearMiss,
    /// Mines, shells or other explosive remnants.
    UnexplodedOrdnance,
    /// Harm to or obstruction of civilians or aid.
    Humanitarian,
    /// Anything else.
    Other,
}

impl IncidentCategory {
    /// Every category, in the order forms offer them.
    pub const ALL: [IncidentCategory; 8] = [
        IncidentCategory::AirspaceViolation,
        IncidentCategory::GroundIncursion,
        IncidentCategory::Fire,
        IncidentCategory::Naval,
        IncidentCategory::NearMiss,
        IncidentCategory::UnexplodedOrdnance,
        IncidentCategory::Humanitarian,
        IncidentCategory::Other,
    ];
}

/// What the reporter says happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentReport {
    /// When it happened.
    pub occurred_at: Timestamp,
    /// Where.
    pub place: Coord7,
    /// What kind.
    pub category: IncidentCategory,
    /// What happened, in the reporter's language.
    pub description: LangText,
    /// The notified activity it concerns, if any.
    pub activity: Option<ActivityId>,
    /// The zone it concerns, if any.
    pub zone: Option<ZoneId>,
}

/// A reported incident.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Incident {
    /// Id.
    pub id: IncidentId,
    /// The reporting party.
    pub party: PartyId,
    /// The reporting officer.
    pub reported_by: UserId,
    /// When it was reported.
    pub reported_at: Timestamp,
    /// The report.
    pub report: IncidentReport,
    /// Who may see it.
    pub audience: Audience,
}

/// Records an incident report.
pub(crate) fn report(
    ctx: &Ctx<'_>,
    incident: &IncidentId,
    report: &IncidentReport,
    shared_with: &BTreeSet<PartyId>,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    authz::require_report_incident(user)?;
    if ctx.de().incidents.contains_key(incident) {
        return Err(DomainError::Conflict(format!(
            "incident `{incident}` already exists"
        )));
    }
    check_language(
        "description.lang",
        &report.description.lang,
        &ctx.config.languages,
    )?;
    check_text(
        "description.text",
        &report.description.text,
        MAX_INCIDENT_TEXT,
    )?;
    Coord7::from_degrees("place", report.place.lon(), report.place.lat())?;
    if report.occurred_at > ctx.now.plus(CLOCK_SKEW) {
        return Err(DomainError::invalid("occurred_at", "is in the future"));
    }
    if let Some(a) = &report.activity {
        queries::activity(ctx.state, ctx.reader(), a)
            .map_err(|_| DomainError::invalid("activity", format!("no activity `{a}`")))?;
    }
    if let Some(z) = &report.zone {
        queries::zone(ctx.state, ctx.reader(), z)
            .map_err(|_| DomainError::invalid("zone", format!("no zone `{z}`")))?;
    }
    for p in shared_with {
        ctx.check_party("shared_with", p)?;
    }
    let mut parties = shared_with.clone();
    parties.insert(user.party.clone());
    Ok(vec![ctx.event(
        audience_of(&parties, ctx.config),
        DeescalationEvent::IncidentReported {
            incident: incident.clone(),
            report: report.clone(),
            parties,
        },
    )])
}
