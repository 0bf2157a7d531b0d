//! Deciding de-escalation commands: `(state, actor, command, now) -> events`, like the rest of
//! [`crate::decide`], which hands these commands here.

use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event, EventBody, SCHEMA_VERSION};
use crate::ids::PartyId;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;

use super::command::DeescalationCommand;
use super::event::DeescalationEvent;
use super::state::DeescalationState;
use super::{activity, crossing, incident, zone};

/// What every de-escalation decision needs at hand.
pub(crate) struct Ctx<'a> {
    pub state: &'a CellState,
    pub config: &'a CellConfig,
    pub now: Timestamp,
    /// The acting user; `None` when the cell itself acts.
    pub user: Option<&'a User>,
}

/// Decides `command`; the caller has already checked that the cell is configured and that the
/// acting account is active.
pub fn decide(
    state: &CellState,
    config: &CellConfig,
    user: Option<&User>,
    now: Timestamp,
    command: &DeescalationCommand,
) -> Result<Vec<Event>, DomainError> {
    let ctx = Ctx {
        state,
        config,
        now,
        user,
    };
    match command {
        DeescalationCommand::ProposeZone {
            zone,
            name,
            description,
            area,
            rules,
        } => zone::propose(&ctx, zone, name, description, area, rules),
        DeescalationCommand::ApproveZone { zone, version } => zone::approve(&ctx, zone, *version),
        DeescalationCommand::NotifyActivity { activity, draft } => {
            activity::notify(&ctx, activity, draft)
        }
        DeescalationCommand::UpdateActivity { activity, draft } => {
            activity::update(&ctx, activity, draft)
        }
        DeescalationCommand::CancelActivity { activity } => activity::cancel(&ctx, activity),
        DeescalationCommand::AcknowledgeActivity { activity } => {
            activity::acknowledge(&ctx, activity)
        }
        DeescalationCommand::EscalateActivity { activity } => activity::escalate(&ctx, activity),
        DeescalationCommand::ReportIncident {
            incident,
            report,
            shared_with,
        } => incident::report(&ctx, incident, report, shared_with),
        DeescalationCommand::RecordCrossings { crossings } => crossing::record(&ctx, crossings),
    }
}

impl<'a> Ctx<'a> {
    /// The de-escalation part of the state.
    pub fn de(&self) -> &'a DeescalationState {
        &self.state.deescalation
    }

    /// The acting user, for commands only users may give.
    pub fn acting_user(&self) -> Result<&'a User, DomainError> {
        self.user
            .ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))
    }

    /// The reading party of the actor (`None` for the cell, which sees everything).
    pub fn reader(&self) -> Option<&'a PartyId> {
        self.user.map(|u| &u.party)
    }

    /// The record index the `n`-th event of this decision will take (alert ids derive from it).
    pub fn index_of(&self, n: usize) -> u64 {
        self.state.next_index + n as u64
    }

    /// An event by the actor at `now`.
    pub fn event(&self, audience: Audience, event: DeescalationEvent) -> Event {
        Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: self.user.map(|u| u.id.clone()),
            party: self.user.map(|u| u.party.clone()),
            audience,
            body: EventBody::Deescalation { event },
        }
    }

    /// Refuses a party that is not one of the cell's, naming `field`.
    pub fn check_party(&self, field: &str, party: &PartyId) -> Result<(), DomainError> {
        match self.config.party(party) {
            Some(_) => Ok(()),
            None => Err(DomainError::invalid(
                field,
                format!("`{party}` is not a party of this cell"),
            )),
        }
    }
}
