//! The disputes part of the cell's state, and how each event changes it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::event::DisputeEvent;
use super::ids::DisputeId;
use super::record::{
    Dispute, DisputeStatus, HistoryEntry, InfoRequest, Obligation, Owed, RulingResponse,
};
use crate::event::Event;
use crate::ids::PartyId;
use crate::time::Timestamp;

/// Disputes, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DisputesState {
    /// Disputes by id.
    pub disputes: BTreeMap<DisputeId, Dispute>,
    /// Open obligations not yet escalated, by deadline, so the timer finds the passed ones in
    /// O(log n).
    pub deadlines: BTreeSet<(Timestamp, DisputeId, PartyId, Owed)>,
}

impl DisputesState {
    /// Disputes with an obligation whose deadline is at or before `now` and not yet escalated.
    pub fn overdue(&self, now: Timestamp) -> Vec<DisputeId> {
        let ids: BTreeSet<DisputeId> = self
            .deadlines
            .iter()
            .take_while(|(t, ..)| *t <= now)
            .map(|(_, d, ..)| d.clone())
            .collect();
        ids.into_iter().collect()
    }

    /// Applies `inner`, the body of `event` at record position `index`.
    pub fn apply(&mut self, index: u64, event: &Event, inner: &DisputeEvent) {
        let by = event.actor.clone().unwrap_or_else(crate::state::cell_user);
        if let DisputeEvent::Raised { dispute, draft, .. } = inner {
            let Some(raiser) = event.party.clone() else {
                return;
            };
            self.disputes.insert(
                dispute.clone(),
                Dispute {
                    id: dispute.clone(),
                    raiser,
                    raised_by: by.clone(),
                    raised_at: event.at,
                    draft: draft.clone(),
                    status: DisputeStatus::Raised,
                    answer: None,
                    mediation_reason: None,
                    requests: Vec::new(),
                    findings: Vec::new(),
                    ruling: None,
                    ruling_responses: BTreeMap::new(),
                    obligations: Vec::new(),
                    history: Vec::new(),
                    audience: event.audience.clone(),
                },
            );
        }
        let id = inner.dispute().clone();
        let Some(d) = self.disputes.get_mut(&id) else {
            return;
        };
        d.history.push(HistoryEntry {
            at: event.at,
            by,
            party: event.party.clone(),
            log_index: index,
            event: inner.clone(),
        });
        let raiser = d.raiser.clone();
        let respondent = d.draft.against.clone();
        let dl = &mut self.deadlines;
        match inner {
            DisputeEvent::Raised { due, .. } => owe(dl, d, &respondent, Owed::Acknowledge, *due),
            DisputeEvent::Acknowledged { due, .. } => {
                d.status = DisputeStatus::Acknowledged;
                settle(dl, d, &respondent, Owed::Acknowledge);
                owe(dl, d, &respondent, Owed::Answer, *due);
            }
            DisputeEvent::Answered { answer, due, .. } => {
                d.status = DisputeStatus::Answered;
                d.answer = Some(answer.clone());
                settle(dl, d, &respondent, Owed::Answer);
                owe(dl, d, &raiser, Owed::Decide, *due);
            }
            DisputeEvent::AnswerAccepted { .. } => {
                d.status = DisputeStatus::Resolved;
                settle(dl, d, &raiser, Owed::Decide);
            }
            DisputeEvent::MediationRequested { reason, .. } => {
                d.status = DisputeStatus::InMediation;
                d.mediation_reason = Some(reason.clone());
                for owed in [Owed::Acknowledge, Owed::Answer] {
                    settle(dl, d, &respondent, owed);
                }
                settle(dl, d, &raiser, Owed::Decide);
            }
            DisputeEvent::InformationRequested {
                request,
                party,
                kind,
                question,
                due,
                ..
            } => {
                d.requests.push(InfoRequest {
                    number: *request,
                    party: party.clone(),
                    kind: *kind,
                    question: question.clone(),
                    asked_at: event.at,
                    due: *due,
                    reply: None,
                });
                owe(dl, d, party, Owed::Reply(*request), *due);
            }
            DisputeEvent::InformationProvided { request, reply, .. } => {
                let Some(r) = d.requests.iter_mut().find(|r| r.number == *request) else {
                    return;
                };
                r.reply = Some((reply.clone(), event.at));
                let party = r.party.clone();
                settle(dl, d, &party, Owed::Reply(*request));
            }
            DisputeEvent::FindingsRecorded { findings, .. } => {
                d.findings.push(findings.clone());
            }
            DisputeEvent::Ruled { ruling, due, .. } => {
                d.status = DisputeStatus::Ruled;
                d.ruling = Some(ruling.clone());
                let open: Vec<(PartyId, Owed)> = d
                    .obligations
                    .iter()
                    .map(|o| (o.party.clone(), o.owed))
                    .collect();
                for (party, owed) in open {
                    settle(dl, d, &party, owed);
                }
                owe(dl, d, &raiser, Owed::RespondToRuling, *due);
                owe(dl, d, &respondent, Owed::RespondToRuling, *due);
            }
            DisputeEvent::RulingAnswered {
                accepted, reason, ..
            } => {
                let Some(party) = event.party.clone() else {
                    return;
                };
                d.ruling_responses.insert(
                    party.clone(),
                    RulingResponse {
                        accepted: *accepted,
                        reason: reason.clone(),
                        at: event.at,
                    },
                );
                if d.ruling_responses.len() == 2 {
                    d.status = if d.ruling_responses.values().all(|r| r.accepted) {
                        DisputeStatus::Resolved
                    } else {
                        DisputeStatus::Contested
                    };
                }
                settle(dl, d, &party, Owed::RespondToRuling);
            }
            DisputeEvent::Escalated {
                party,
                owed,
                deadline,
                ..
            } => {
                if let Some(o) = d
                    .obligations
                    .iter_mut()
                    .find(|o| &o.party == party && o.owed == *owed)
                {
                    o.escalated_at = Some(event.at);
                }
                dl.remove(&(*deadline, id.clone(), party.clone(), *owed));
            }
        }
    }
}

/// Opens an obligation of `party` on `d`.
fn owe(
    deadlines: &mut BTreeSet<(Timestamp, DisputeId, PartyId, Owed)>,
    d: &mut Dispute,
    party: &PartyId,
    owed: Owed,
    due: Timestamp,
) {
    d.obligations.push(Obligation {
        party: party.clone(),
        owed,
        due,
        escalated_at: None,
    });
    d.obligations
        .sort_by(|a, b| (a.due, &a.party, a.owed).cmp(&(b.due, &b.party, b.owed)));
    deadlines.insert((due, d.id.clone(), party.clone(), owed));
}

/// Closes an obligation (met, or no longer owed), and drops it from the deadline index.
fn settle(
    deadlines: &mut BTreeSet<(Timestamp, DisputeId, PartyId, Owed)>,
    d: &mut Dispute,
    party: &PartyId,
    owed: Owed,
) {
    if let Some(i) = d
        .obligations
        .iter()
        .position(|o| &o.party == party && o.owed == owed)
    {
        let o = d.obligations.remove(i);
        deadlines.remove(&(o.due, d.id.clone(), party.clone(), owed));
    }
}
