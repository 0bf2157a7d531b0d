//! The meetings part of the cell's state, and how each event changes it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::event::MeetingsEvent;
use super::model::{Meeting, MeetingId, Minutes, Statement, StatementId};
use crate::commitments::Approval;
use crate::event::Event;

/// Meetings and joint statements, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MeetingsState {
    /// Meetings by id.
    pub meetings: BTreeMap<MeetingId, Meeting>,
    /// Joint statements by id.
    pub statements: BTreeMap<StatementId, Statement>,
}

impl MeetingsState {
    /// Applies `inner`, the body of `event`.
    pub fn apply(&mut self, event: &Event, inner: &MeetingsEvent) {
        let actor = event.actor.clone().unwrap_or_else(crate::state::cell_user);
        let approval = Approval {
            by: actor.clone(),
            at: event.at,
        };
        match inner {
            MeetingsEvent::MeetingScheduled {
                meeting,
                title,
                starts_at,
                ends_at,
                place,
                participants,
                agenda,
            } => {
                self.meetings.insert(
                    meeting.clone(),
                    Meeting {
                        id: meeting.clone(),
                        title: title.clone(),
                        starts_at: *starts_at,
                        ends_at: *ends_at,
                        place: place.clone(),
                        participants: participants.clone(),
                        agenda: agenda.clone(),
                        scheduled_by: actor,
                        minutes: Vec::new(),
                        audience: event.audience.clone(),
                    },
                );
            }
            MeetingsEvent::MinutesDrafted {
                meeting,
                revision,
                text,
                approvers,
            } => {
                if let Some(m) = self.meetings.get_mut(meeting) {
                    m.minutes.push(Minutes {
                        revision: *revision,
                        text: text.clone(),
                        drafted_by: actor,
                        drafted_at: event.at,
                        approvers: approvers.clone(),
                        approvals: BTreeMap::new(),
                        agreed_at: None,
                    });
                }
            }
            MeetingsEvent::MinutesApproved { meeting, party, .. } => {
                if let Some(m) = self.minutes_mut(meeting) {
                    m.approvals.insert(party.clone(), approval);
                }
            }
            MeetingsEvent::MinutesAgreed { meeting, .. } => {
                if let Some(m) = self.minutes_mut(meeting) {
                    m.agreed_at = Some(event.at);
                }
            }
            MeetingsEvent::StatementDrafted {
                statement,
                revision,
                title,
                meeting,
                authoritative,
                approvers,
            } => {
                let s = self
                    .statements
                    .entry(statement.clone())
                    .or_insert_with(|| Statement {
                        id: statement.clone(),
                        title: title.clone(),
                        meeting: None,
                        authoritative: String::new(),
                        revision: 0,
                        versions: BTreeMap::new(),
                        approvers: approvers.clone(),
                        approvals: BTreeMap::new(),
                        drafted_by: actor,
                        published_at: None,
                        audience: event.audience.clone(),
                    });
                s.title = title.clone();
                s.meeting = meeting.clone();
                s.authoritative = authoritative.clone();
                s.approvers = approvers.clone();
                s.revision = *revision;
                s.approvals.clear();
            }
            MeetingsEvent::StatementTextSet {
                statement,
                revision,
                lang,
                text,
            } => {
                if let Some(s) = self.statements.get_mut(statement) {
                    s.versions.insert(lang.clone(), text.clone());
                    s.revision = *revision;
                    s.approvals.clear();
                }
            }
            MeetingsEvent::StatementApproved {
                statement,
                lang,
                party,
                ..
            } => {
                if let Some(s) = self.statements.get_mut(statement) {
                    s.approvals
                        .entry(lang.clone())
                        .or_default()
                        .insert(party.clone(), approval);
                }
            }
            MeetingsEvent::StatementPublished { statement, .. } => {
                if let Some(s) = self.statements.get_mut(statement) {
                    s.published_at = Some(event.at);
                }
            }
        }
    }

    fn minutes_mut(&mut self, meeting: &MeetingId) -> Option<&mut Minutes> {
        self.meetings.get_mut(meeting)?.minutes.last_mut()
    }
}
