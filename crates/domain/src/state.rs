//! The cell's state: the events of the record applied in order. `apply` never fails: events are
//! facts that were validated when they were decided.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::config::CellConfig;
use crate::event::{Event, EventBody};
use crate::ids::{MessageId, ThreadId, UserId};
use crate::message::{Message, Receipt, Thread, Translation};
use crate::time::Timestamp;
use crate::user::User;
use crate::visibility::audience_of;

/// Everything the cell knows, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CellState {
    /// The configuration, once the cell is set up.
    pub config: Option<CellConfig>,
    /// Users by id.
    pub users: BTreeMap<UserId, User>,
    /// Threads by id.
    pub threads: HashMap<ThreadId, Thread>,
    /// Messages by id.
    pub messages: HashMap<MessageId, Message>,
    /// Messages awaiting acknowledgements, ordered by deadline, so the timer finds the next one
    /// in O(log n).
    pub deadlines: BTreeSet<(Timestamp, MessageId)>,
    /// Escalated messages, most recent last.
    pub escalations: Vec<MessageId>,
    /// Number of events applied (the index the next event will take).
    pub next_index: u64,
    /// Zones, activities, incidents, alerts and crossings.
    pub deescalation: crate::deescalation::DeescalationState,
    /// Disputes and their deadlines.
    pub disputes: crate::disputes::DisputesState,
    /// The commercial register.
    pub commercial: crate::commercial::CommercialState,
    /// Intelligence reports.
    pub intel: crate::intel::IntelState,
    /// Commitments and their milestones.
    pub commitments: crate::commitments::CommitmentsState,
    /// Meetings and joint statements.
    pub meetings: crate::meetings::MeetingsState,
}

impl CellState {
    /// The configuration; `None` before the cell is configured.
    pub fn config(&self) -> Option<&CellConfig> {
        self.config.as_ref()
    }

    /// The earliest pending acknowledgement deadline.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    /// Messages whose acknowledgement deadline is at or before `now` and that still await a party.
    pub fn overdue(&self, now: Timestamp) -> Vec<MessageId> {
        self.deadlines
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, m)| m.clone())
            .collect()
    }

    /// Applies the event at position `index` of the record.
    pub fn apply(&mut self, index: u64, event: &Event) {
        self.next_index = index + 1;
        let actor = event.actor.clone();
        match &event.body {
            EventBody::CellConfigured { config } => self.config = Some(config.clone()),
            EventBody::UserAdded {
                user,
                display_name,
                party,
                roles,
            } => {
                self.users.insert(
                    user.clone(),
                    User {
                        id: user.clone(),
                        display_name: display_name.clone(),
                        party: party.clone(),
                        roles: roles.clone(),
                        disabled: false,
                    },
                );
            }
            EventBody::UserRolesChanged { user, roles } => {
                if let Some(u) = self.users.get_mut(user) {
                    u.roles = roles.clone();
                }
            }
            EventBody::UserDisabled { user } => {
                if let Some(u) = self.users.get_mut(user) {
                    u.disabled = true;
                }
            }
            EventBody::UserEnabled { user } => {
                if let Some(u) = self.users.get_mut(user) {
                    u.disabled = false;
                }
            }
            EventBody::PasswordSet { .. }
            | EventBody::TotpChanged { .. }
            | EventBody::ApiTokenIssued { .. }
            | EventBody::ApiTokenRevoked { .. }
            | EventBody::WitnessRefused { .. } => {}
            EventBody::ThreadOpened {
                thread,
                track,
                subject,
                participants,
            } => {
                let Some(config) = &self.config else { return };
                self.threads.insert(
                    thread.clone(),
                    Thread {
                        id: thread.clone(),
                        track: track.clone(),
                        subject: subject.clone(),
                        participants: participants.clone(),
                        audience: audience_of(participants, config),
                        opened_by: actor.clone().unwrap_or_else(cell_user),
                        opened_at: event.at,
                        messages: Vec::new(),
                        last_activity: event.at,
                    },
                );
            }
            EventBody::MessagePosted {
                message,
                thread,
                author_name,
                body,
                priority,
                addressed,
                deadline,
            } => {
                if let Some(t) = self.threads.get_mut(thread) {
                    t.messages.push(message.clone());
                    t.last_activity = event.at;
                }
                if let Some(d) = deadline {
                    self.deadlines.insert((*d, message.clone()));
                }
                self.messages.insert(
                    message.clone(),
                    Message {
                        id: message.clone(),
                        thread: thread.clone(),
                        log_index: index,
                        author: actor.clone().unwrap_or_else(cell_user),
                        author_name: author_name.clone(),
                        author_party: event.party.clone().unwrap_or_else(|| {
                            self.config
                                .as_ref()
                                .map(|c| c.supervisor.clone())
                                .expect("messages are posted in a configured cell")
                        }),
                        body: body.clone(),
                        priority: *priority,
                        posted_at: event.at,
                        addressed: addressed.clone(),
                        deadline: *deadline,
                        receipts: addressed
                            .iter()
                            .map(|p| (p.clone(), Receipt::default()))
                            .collect(),
                        translations: Vec::new(),
                        escalated_at: None,
                    },
                );
            }
            EventBody::TranslationAdded { message, text, .. } => {
                if let Some(m) = self.messages.get_mut(message) {
                    m.translations.push(Translation {
                        text: text.clone(),
                        translator: actor.clone().unwrap_or_else(cell_user),
                        translator_party: event
                            .party
                            .clone()
                            .unwrap_or_else(|| m.author_party.clone()),
                        at: event.at,
                    });
                }
            }
            EventBody::MessageDelivered {
                message, recipient, ..
            } => {
                if let Some(r) = self.receipt_mut(message, recipient) {
                    r.delivered_at.get_or_insert(event.at);
                }
            }
            EventBody::MessageRead {
                message, recipient, ..
            } => {
                if let Some(r) = self.receipt_mut(message, recipient) {
                    r.read_at.get_or_insert(event.at);
                }
            }
            EventBody::MessageAcknowledged {
                message, recipient, ..
            } => {
                if let Some(r) = self.receipt_mut(message, recipient) {
                    r.acknowledged_at.get_or_insert(event.at);
                    r.acknowledged_by = actor.clone();
                }
                self.settle_deadline(message);
            }
            EventBody::AcknowledgementOverdue { message, .. } => {
                if let Some(m) = self.messages.get_mut(message) {
                    m.escalated_at = Some(event.at);
                    if let Some(d) = m.deadline {
                        self.deadlines.remove(&(d, message.clone()));
                    }
                }
                self.escalations.push(message.clone());
            }
            EventBody::Deescalation { event: inner } => {
                self.deescalation.apply(index, event, inner)
            }
            EventBody::Dispute { event: inner } => self.disputes.apply(index, event, inner),
            EventBody::Commercial { event: inner } => self.commercial.apply(index, event, inner),
            EventBody::Intel { event: inner } => self.intel.apply(index, event, inner),
            EventBody::Commitments { event: inner } => self.commitments.apply(event, inner),
            EventBody::Meetings { event: inner } => self.meetings.apply(event, inner),
        }
    }

    fn receipt_mut(
        &mut self,
        message: &MessageId,
        party: &crate::ids::PartyId,
    ) -> Option<&mut Receipt> {
        self.messages
            .get_mut(message)
            .and_then(|m| m.receipts.get_mut(party))
    }

    /// Drops a message from the deadline index once nobody owes an acknowledgement.
    fn settle_deadline(&mut self, message: &MessageId) {
        if let Some(m) = self.messages.get(message)
            && m.unacknowledged().is_empty()
            && let Some(d) = m.deadline
        {
            self.deadlines.remove(&(d, message.clone()));
        }
    }
}

/// The user id recorded for acts of the cell itself.
pub(crate) fn cell_user() -> UserId {
    UserId::new("cell").expect("`cell` is a valid id")
}
