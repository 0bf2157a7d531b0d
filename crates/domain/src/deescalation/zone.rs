//! Agreed zones: the supervisor proposes, every other party approves, and only then is the
//! version in force. Every version is kept; a new proposal supersedes a pending one and, once
//! approved, replaces the version in force.

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::{PartyRules, Zone};
use serde::Serialize;

use super::alert;
use super::decide::Ctx;
use super::event::DeescalationEvent;
use super::geometry::Shape;
use super::ids::ZoneId;
use crate::authz;
use crate::error::DomainError;
use crate::event::{Audience, Event};
use crate::ids::{PartyId, UserId};
use crate::language::check_text;
use crate::time::Timestamp;
use crate::visibility::everyone;

/// Longest zone name, in characters.
pub const MAX_ZONE_NAME: usize = 120;
/// Longest zone description, in characters.
pub const MAX_ZONE_DESCRIPTION: usize = 2_000;

/// A zone and all its versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ZoneRecord {
    /// Id.
    pub id: ZoneId,
    /// Every version, oldest first (version `n` at index `n - 1`).
    pub versions: Vec<ZoneVersion>,
    /// The version in force, if any has been approved by all.
    pub in_force: Option<u32>,
    /// Who may see it: every party.
    pub audience: Audience,
}

/// One proposed version of a zone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ZoneVersion {
    /// Version number, from 1.
    pub version: u32,
    /// Name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// Where.
    pub area: Shape,
    /// Rules per party.
    pub rules: BTreeMap<PartyId, PartyRules>,
    /// Who proposed it.
    pub proposed_by: UserId,
    /// When.
    pub proposed_at: Timestamp,
    /// Parties whose approval puts it in force.
    pub approvers: BTreeSet<PartyId>,
    /// Approvals so far.
    pub approvals: BTreeMap<PartyId, Approval>,
    /// When it came into force.
    pub in_force_at: Option<Timestamp>,
}

/// One party's approval.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// The approving officer.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// Where a version stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneStatus {
    /// Awaiting approvals.
    Proposed,
    /// The version in force.
    InForce,
    /// Was in force; a later version replaced it.
    Replaced,
    /// Never came into force; a later version was proposed.
    Superseded,
}

impl ZoneRecord {
    /// Version `n`.
    pub fn version(&self, n: u32) -> Option<&ZoneVersion> {
        self.versions.get((n as usize).checked_sub(1)?)
    }

    /// The latest version proposed.
    pub fn latest(&self) -> Option<&ZoneVersion> {
        self.versions.last()
    }

    /// The version in force.
    pub fn current(&self) -> Option<&ZoneVersion> {
        self.in_force.and_then(|n| self.version(n))
    }

    /// Where version `v` stands.
    pub fn status(&self, v: &ZoneVersion) -> ZoneStatus {
        let latest = self.latest().map_or(0, |l| l.version);
        match (self.in_force, v.in_force_at) {
            (Some(n), _) if n == v.version => ZoneStatus::InForce,
            (_, Some(_)) => ZoneStatus::Replaced,
            _ if v.version == latest => ZoneStatus::Proposed,
            _ => ZoneStatus::Superseded,
        }
    }
}

impl ZoneVersion {
    /// Parties whose approval is still missing.
    pub fn awaiting(&self) -> BTreeSet<PartyId> {
        self.approvers
            .iter()
            .filter(|p| !self.approvals.contains_key(*p))
            .cloned()
            .collect()
    }

    /// The zone for the geometry crate. Stored areas were validated when proposed, so this is
    /// `None` only if the geometry crate's rules change.
    pub fn to_geo(&self, id: &ZoneId) -> Option<Zone> {
        Some(Zone {
            id: id.to_string(),
            name: self.name.clone(),
            area: self.area.to_area("area").ok()?,
            rules: self
                .rules
                .iter()
                .map(|(p, r)| (p.to_string(), r.clone()))
                .collect(),
        })
    }
}

/// Proposes a zone or its next version.
pub(crate) fn propose(
    ctx: &Ctx<'_>,
    zone: &ZoneId,
    name: &str,
    description: &str,
    area: &Shape,
    rules: &BTreeMap<PartyId, PartyRules>,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    authz::require_propose_zone(user, ctx.config)?;
    check_text("name", name, MAX_ZONE_NAME)?;
    check_text("description", description, MAX_ZONE_DESCRIPTION)?;
    area.to_area("area")?;
    for party in rules.keys() {
        ctx.check_party("rules", party)?;
    }
    let version = ctx
        .de()
        .zones
        .get(zone)
        .and_then(ZoneRecord::latest)
        .map_or(1, |v| v.version + 1);
    let approvers = ctx
        .config
        .parties
        .iter()
        .map(|p| p.id.clone())
        .filter(|p| !ctx.config.is_supervisor(p))
        .collect();
    Ok(vec![ctx.event(
        everyone(ctx.config),
        DeescalationEvent::ZoneProposed {
            zone: zone.clone(),
            version,
            name: name.to_string(),
            description: description.to_string(),
            area: area.clone(),
            rules: rules.clone(),
            approvers,
        },
    )])
}

/// Approves the latest version of a zone for the actor's party; the last approval puts it in
/// force.
pub(crate) fn approve(
    ctx: &Ctx<'_>,
    zone: &ZoneId,
    version: u32,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let record = super::queries::zone(ctx.state, ctx.reader(), zone)?;
    let v = record
        .version(version)
        .ok_or_else(|| DomainError::not_found("zone version", format!("{zone} v{version}")))?;
    authz::require_approve_zone(user, &v.approvers)?;
    if record.status(v) != ZoneStatus::Proposed {
        return Err(DomainError::Conflict(format!(
            "version {version} of zone `{zone}` is no longer open for approval"
        )));
    }
    if v.approvals.contains_key(&user.party) {
        return Ok(vec![]);
    }
    let audience = record.audience.clone();
    let mut events = vec![ctx.event(
        audience.clone(),
        DeescalationEvent::ZoneApproved {
            zone: zone.clone(),
            version,
            party: user.party.clone(),
        },
    )];
    if v.awaiting().iter().all(|p| *p == user.party) {
        events.push(ctx.event(
            audience,
            DeescalationEvent::ZoneInForce {
                zone: zone.clone(),
                version,
            },
        ));
        if let Some(area) = v.to_geo(zone) {
            let findings =
                alert::zone_in_force(ctx.state, ctx.config, zone, version, area, ctx.now);
            return Ok(alert::with_alerts(ctx, events, findings));
        }
    }
    Ok(events)
}
