//! Deciding commands: `(state, actor, command, now) -> events`. Pure: no clock, no randomness,
//! no I/O. Authorization (crate::authz), validation and visibility are all checked here, before
//! any event exists, so a refused command leaves nothing behind.

use std::collections::BTreeSet;

use crate::authz;
use crate::command::{Actor, Command, NewMessage};
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event, EventBody, SCHEMA_VERSION};
use crate::ids::{MessageId, PartyId, ThreadId, UserId};
use crate::language::{check_language, check_text};
use crate::message::{Message, Thread};
use crate::queries;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::{Role, User};
use crate::visibility::{audience_of, everyone, party_and_supervisor};

/// Longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;
/// Longest message or translation, in characters.
pub const MAX_MESSAGE: usize = 20_000;
/// Longest display name or token label, in characters.
pub const MAX_NAME: usize = 120;
/// Longest reason of a witness alert, in characters.
pub const MAX_REASON: usize = 1000;

/// Decides `command` by `actor` at `now` against `state`. On success the events are returned in
/// order, ready to be appended; an empty list means there was nothing to do (e.g. a second
/// acknowledgement by the same party).
pub fn decide(
    state: &CellState,
    actor: &Actor,
    command: &Command,
    now: Timestamp,
) -> Result<Vec<Event>, DomainError> {
    if let Command::Configure(config) = command {
        return configure(state, actor, config, now);
    }
    let config = state.config().ok_or(DomainError::NotConfigured)?;
    let ctx = Ctx {
        state,
        config,
        now,
        user: match actor {
            Actor::User(id) => {
                let user = state
                    .users
                    .get(id)
                    .ok_or_else(|| DomainError::not_found("user", id))?;
                authz::require_active(user)?;
                Some(user)
            }
            Actor::Cell => None,
        },
    };
    ctx.decide(command)
}

fn configure(
    state: &CellState,
    actor: &Actor,
    config: &CellConfig,
    now: Timestamp,
) -> Result<Vec<Event>, DomainError> {
    if *actor != Actor::Cell {
        return Err(DomainError::Forbidden(
            "only the cell's operator configures it".into(),
        ));
    }
    if state.config.is_some() {
        return Err(DomainError::Conflict(
            "the cell is already configured".into(),
        ));
    }
    config
        .validate()
        .map_err(|e| DomainError::invalid(&format!("config.{}", e.field), e.message))?;
    Ok(vec![Event {
        schema: SCHEMA_VERSION,
        at: now,
        actor: None,
        party: None,
        audience: everyone(config),
        body: EventBody::CellConfigured {
            config: config.clone(),
        },
    }])
}

/// What every decision needs at hand.
struct Ctx<'a> {
    state: &'a CellState,
    config: &'a CellConfig,
    now: Timestamp,
    /// The acting user; `None` when the cell itself acts.
    user: Option<&'a User>,
}

impl<'a> Ctx<'a> {
    fn event(&self, audience: Audience, body: EventBody) -> Event {
        Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: self.user.map(|u| u.id.clone()),
            party: self.user.map(|u| u.party.clone()),
            audience,
            body,
        }
    }

    /// The acting user, for commands only users may give.
    fn acting_user(&self) -> Result<&'a User, DomainError> {
        self.user
            .ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))
    }

    /// A user the actor may administer (the cell's operator may administer anyone).
    fn managed_user(&self, id: &UserId) -> Result<&'a User, DomainError> {
        let target = self.state.users.get(id);
        match self.user {
            None => target.ok_or_else(|| DomainError::not_found("user", id)),
            Some(actor) => {
                // A user of another party does not exist for this admin.
                let target = target
                    .filter(|t| t.party == actor.party)
                    .ok_or_else(|| DomainError::not_found("user", id))?;
                authz::require_manage_users(actor, &target.party)?;
                Ok(target)
            }
        }
    }

    /// A thread the actor may see; others do not exist for them.
    fn visible_thread(&self, id: &ThreadId) -> Result<&'a Thread, DomainError> {
        queries::thread(self.state, self.user.map(|u| &u.party), id)
    }

    /// A message the actor may see, with its thread.
    fn visible_message(&self, id: &MessageId) -> Result<(&'a Message, &'a Thread), DomainError> {
        queries::message(self.state, self.user.map(|u| &u.party), id)
    }

    fn decide(&self, command: &Command) -> Result<Vec<Event>, DomainError> {
        match command {
            Command::Configure(_) => unreachable!("handled before a context exists"),
            Command::AddUser {
                user,
                display_name,
                party,
                roles,
            } => self.add_user(user, display_name, party, roles),
            Command::SetRoles { user, roles } => {
                let target = self.managed_user(user)?;
                check_roles(roles)?;
                if &target.roles == roles {
                    return Ok(vec![]);
                }
                Ok(vec![self.event(
                    party_and_supervisor(&target.party, self.config),
                    EventBody::UserRolesChanged {
                        user: user.clone(),
                        roles: roles.clone(),
                    },
                )])
            }
            Command::DisableUser { user } => {
                let target = self.managed_user(user)?;
                if self.user.is_some_and(|u| &u.id == user) {
                    return Err(DomainError::Conflict(
                        "you cannot disable your own account".into(),
                    ));
                }
                if target.disabled {
                    return Ok(vec![]);
                }
                Ok(vec![self.event(
                    party_and_supervisor(&target.party, self.config),
                    EventBody::UserDisabled { user: user.clone() },
                )])
            }
            Command::EnableUser { user } => {
                let target = self.managed_user(user)?;
                if !target.disabled {
                    return Ok(vec![]);
                }
                Ok(vec![self.event(
                    party_and_supervisor(&target.party, self.config),
                    EventBody::UserEnabled { user: user.clone() },
                )])
            }
            Command::RecordPasswordSet { user } => {
                let target = self.self_or_managed(user)?;
                Ok(vec![self.event(
                    party_and_supervisor(&target.party, self.config),
                    EventBody::PasswordSet { user: user.clone() },
                )])
            }
            Command::RecordTotpChanged { user, enabled } => {
                let target = self.self_or_managed(user)?;
                Ok(vec![self.event(
                    party_and_supervisor(&target.party, self.config),
                    EventBody::TotpChanged {
                        user: user.clone(),
                        enabled: *enabled,
                    },
                )])
            }
            Command::RecordTokenIssued { token, user, label } => {
                let owner = self.token_owner(user)?;
                check_text("label", label, MAX_NAME)?;
                Ok(vec![self.event(
                    party_and_supervisor(&owner.party, self.config),
                    EventBody::ApiTokenIssued {
                        token: token.clone(),
                        user: user.clone(),
                        label: label.clone(),
                    },
                )])
            }
            Command::RecordTokenRevoked { token, user } => {
                let owner = self.token_owner(user)?;
                Ok(vec![self.event(
                    party_and_supervisor(&owner.party, self.config),
                    EventBody::ApiTokenRevoked {
                        token: token.clone(),
                        user: user.clone(),
                    },
                )])
            }
            Command::OpenThread {
                thread,
                track,
                subject,
                participants,
                first,
            } => self.open_thread(thread, track, subject, participants, first.as_ref()),
            Command::PostMessage { thread, message } => {
                let user = self.acting_user()?;
                let thread = self.visible_thread(thread)?;
                authz::require_post_in(user, thread, self.config)?;
                Ok(vec![self.post(user, thread, message)?])
            }
            Command::Translate { message, text } => {
                let user = self.acting_user()?;
                let (message, thread) = self.visible_message(message)?;
                authz::require_translate(user, &thread.track)?;
                check_language("lang", &text.lang, &self.config.languages)?;
                check_text("text", &text.text, MAX_MESSAGE)?;
                if text.lang == message.body.lang {
                    return Err(DomainError::invalid(
                        "lang",
                        "a translation must be in another language than the original",
                    ));
                }
                Ok(vec![self.event(
                    thread.audience.clone(),
                    EventBody::TranslationAdded {
                        message: message.id.clone(),
                        thread: thread.id.clone(),
                        text: text.clone(),
                    },
                )])
            }
            Command::MarkDelivered { message } => self.receipts(message, Receipts::Delivered),
            Command::MarkRead { message } => self.receipts(message, Receipts::Read),
            Command::Acknowledge { message } => {
                authz::require_acknowledge(self.acting_user()?)?;
                let (m, _) = self.visible_message(message)?;
                if !m.addressed.contains(&self.acting_user()?.party) {
                    return Err(DomainError::Conflict(
                        "this message is not addressed to your party".into(),
                    ));
                }
                self.receipts(message, Receipts::Acknowledged)
            }
            Command::EscalateOverdue { message } => self.escalate(message),
            Command::RecordWitnessRefused {
                witness,
                party,
                size,
                reason,
            } => self.witness_refused(witness, party, *size, reason),
            Command::Deescalation(c) => {
                crate::deescalation::decide(self.state, self.config, self.user, self.now, c)
            }
            Command::Dispute(c) => {
                crate::disputes::decide(self.state, self.config, self.user, self.now, c)
            }
            Command::Commercial(c) => {
                crate::commercial::decide(self.state, self.config, self.user, self.now, c)
            }
            Command::Intel(c) => {
                crate::intel::decide(self.state, self.config, self.user, self.now, c)
            }
            Command::Commitments(c) => {
                crate::commitments::decide(self.state, self.config, self.user, self.now, c)
            }
            Command::Meetings(c) => {
                crate::meetings::decide(self.state, self.config, self.user, self.now, c)
            }
        }
    }

    fn self_or_managed(&self, id: &UserId) -> Result<&'a User, DomainError> {
        match self.user {
            Some(u) if &u.id == id => Ok(u),
            _ => self.managed_user(id),
        }
    }

    fn token_owner(&self, id: &UserId) -> Result<&'a User, DomainError> {
        let owner = self
            .state
            .users
            .get(id)
            .filter(|o| self.user.is_none_or(|u| u.party == o.party))
            .ok_or_else(|| DomainError::not_found("user", id))?;
        if let Some(actor) = self.user {
            authz::require_manage_tokens(actor, owner)?;
        }
        Ok(owner)
    }

    fn add_user(
        &self,
        user: &UserId,
        display_name: &str,
        party: &PartyId,
        roles: &BTreeSet<Role>,
    ) -> Result<Vec<Event>, DomainError> {
        if let Some(actor) = self.user {
            authz::require_manage_users(actor, party)?;
        }
        if self.config.party(party).is_none() {
            return Err(DomainError::invalid(
                "party",
                format!("`{party}` is not a party of this cell"),
            ));
        }
        if user.as_str() == "cell" {
            return Err(DomainError::invalid(
                "user",
                "`cell` is reserved for the cell itself",
            ));
        }
        if self.state.users.contains_key(user) {
            return Err(DomainError::Conflict(format!(
                "user `{user}` already exists"
            )));
        }
        check_text("display_name", display_name, MAX_NAME)?;
        check_roles(roles)?;
        Ok(vec![self.event(
            party_and_supervisor(party, self.config),
            EventBody::UserAdded {
                user: user.clone(),
                display_name: display_name.to_string(),
                party: party.clone(),
                roles: roles.clone(),
            },
        )])
    }

    fn open_thread(
        &self,
        thread: &ThreadId,
        track: &crate::ids::TrackId,
        subject: &crate::language::LangText,
        participants: &BTreeSet<PartyId>,
        first: Option<&NewMessage>,
    ) -> Result<Vec<Event>, DomainError> {
        let user = self.acting_user()?;
        if self.config.track(track).is_none() {
            return Err(DomainError::invalid(
                "track",
                format!("`{track}` is not a track of this cell"),
            ));
        }
        authz::require_write_on(user, track)?;
        check_language("subject.lang", &subject.lang, &self.config.languages)?;
        check_text("subject.text", &subject.text, MAX_SUBJECT)?;
        if let Some(p) = participants.iter().find(|p| self.config.party(p).is_none()) {
            return Err(DomainError::invalid(
                "participants",
                format!("`{p}` is not a party of this cell"),
            ));
        }
        if self.state.threads.contains_key(thread) {
            return Err(DomainError::Conflict(format!(
                "thread `{thread}` already exists"
            )));
        }
        let mut all = participants.clone();
        all.insert(user.party.clone());
        let opened = self.event(
            audience_of(&all, self.config),
            EventBody::ThreadOpened {
                thread: thread.clone(),
                track: track.clone(),
                subject: subject.clone(),
                participants: all.clone(),
            },
        );
        let mut events = vec![opened];
        if let Some(message) = first {
            let draft = Thread {
                id: thread.clone(),
                track: track.clone(),
                subject: subject.clone(),
                audience: audience_of(&all, self.config),
                participants: all,
                opened_by: user.id.clone(),
                opened_at: self.now,
                messages: vec![],
                last_activity: self.now,
            };
            events.push(self.post(user, &draft, message)?);
        }
        Ok(events)
    }

    fn post(
        &self,
        user: &User,
        thread: &Thread,
        message: &NewMessage,
    ) -> Result<Event, DomainError> {
        check_language("body.lang", &message.body.lang, &self.config.languages)?;
        check_text("body.text", &message.body.text, MAX_MESSAGE)?;
        if self.state.messages.contains_key(&message.id) {
            return Err(DomainError::Conflict(format!(
                "message `{}` already exists",
                message.id
            )));
        }
        // Everyone in the conversation but the sender's own party must acknowledge; a message
        // from the supervisor is addressed to all participants.
        let addressed: BTreeSet<PartyId> = thread
            .participants
            .iter()
            .filter(|p| **p != user.party)
            .cloned()
            .collect();
        let deadline = (!addressed.is_empty()).then(|| {
            self.now
                .plus(self.config.acknowledgement.for_priority(message.priority))
        });
        Ok(self.event(
            thread.audience.clone(),
            EventBody::MessagePosted {
                message: message.id.clone(),
                thread: thread.id.clone(),
                author_name: user.display_name.clone(),
                body: message.body.clone(),
                priority: message.priority,
                addressed,
                deadline,
            },
        ))
    }

    /// Records receipts for the actor's party: each kind implies the ones before it, and each is
    /// recorded once, so repeating a receipt is harmless.
    fn receipts(&self, message: &MessageId, upto: Receipts) -> Result<Vec<Event>, DomainError> {
        let user = self.acting_user()?;
        let (m, thread) = self.visible_message(message)?;
        let Some(receipt) = m.receipts.get(&user.party) else {
            // Not addressed to this party (its own message, or the supervisor observing).
            return Ok(vec![]);
        };
        let mut events = Vec::new();
        let ids = (m.id.clone(), thread.id.clone(), user.party.clone());
        if receipt.delivered_at.is_none() {
            events.push(self.event(
                thread.audience.clone(),
                EventBody::MessageDelivered {
                    message: ids.0.clone(),
                    thread: ids.1.clone(),
                    recipient: ids.2.clone(),
                },
            ));
        }
        if upto >= Receipts::Read && receipt.read_at.is_none() {
            events.push(self.event(
                thread.audience.clone(),
                EventBody::MessageRead {
                    message: ids.0.clone(),
                    thread: ids.1.clone(),
                    recipient: ids.2.clone(),
                },
            ));
        }
        if upto == Receipts::Acknowledged && receipt.acknowledged_at.is_none() {
            events.push(self.event(
                thread.audience.clone(),
                EventBody::MessageAcknowledged {
                    message: ids.0,
                    thread: ids.1,
                    recipient: ids.2,
                    late: m.deadline.is_some_and(|d| self.now > d),
                },
            ));
        }
        Ok(events)
    }

    fn escalate(&self, message: &MessageId) -> Result<Vec<Event>, DomainError> {
        if self.user.is_some() {
            return Err(DomainError::Forbidden(
                "escalations are raised by the cell's timer".into(),
            ));
        }
        let (m, thread) = self.visible_message(message)?;
        let missing = m.unacknowledged();
        let Some(deadline) = m.deadline else {
            return Ok(vec![]);
        };
        if m.escalated_at.is_some() || missing.is_empty() || self.now < deadline {
            return Ok(vec![]);
        }
        Ok(vec![self.event(
            thread.audience.clone(),
            EventBody::AcknowledgementOverdue {
                message: m.id.clone(),
                thread: thread.id.clone(),
                missing,
                deadline,
            },
        )])
    }
}

impl Ctx<'_> {
    /// A witness alert concerns the whole record, so every party sees it.
    fn witness_refused(
        &self,
        witness: &str,
        party: &PartyId,
        size: u64,
        reason: &str,
    ) -> Result<Vec<Event>, DomainError> {
        if self.user.is_some() {
            return Err(DomainError::Forbidden(
                "witness alerts are raised by the cell's record keeper".into(),
            ));
        }
        if self.config.party(party).is_none() {
            return Err(DomainError::invalid(
                "party",
                format!("`{party}` is not a party of this cell"),
            ));
        }
        check_text("witness", witness, MAX_NAME)?;
        check_text("reason", reason, MAX_REASON)?;
        Ok(vec![self.event(
            everyone(self.config),
            EventBody::WitnessRefused {
                witness: witness.to_string(),
                party: party.clone(),
                size,
                reason: reason.to_string(),
            },
        )])
    }
}

/// How far a receipt goes: each kind implies the ones before it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Receipts {
    Delivered,
    Read,
    Acknowledged,
}

fn check_roles(roles: &BTreeSet<Role>) -> Result<(), DomainError> {
    if roles.is_empty() {
        Err(DomainError::invalid(
            "roles",
            "at least one role is required",
        ))
    } else {
        Ok(())
    }
}
