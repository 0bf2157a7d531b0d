//! Reads of intelligence reports on behalf of a reader. A report the reader may not see does not
//! exist for it, and of a report it may see, every version, vetting step and response is
//! filtered one by one with [`crate::visibility::can_see`]: a recipient sees the released text,
//! never the originator's drafts or the supervisor's comments.

use std::collections::BTreeSet;

use serde::Serialize;

use super::ids::ReportId;
use super::marking::Tlp;
use super::report::{
    Acknowledgement, Corroboration, Feedback, ReportContent, ReportRecord, ReportStage, Sighting,
    Versioned, VetStep,
};
use crate::error::DomainError;
use crate::event::Audience;
use crate::ids::{PartyId, TrackId, UserId};
use crate::language::LangText;
use crate::queries::Reader;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::visibility::can_see;

fn visible(audience: &Audience, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(audience, p))
}

/// The raw record of a report, if `reader` may see that it exists. Only the domain's decisions
/// use it; everything shown to a reader goes through [`report`] or [`reports`].
pub(crate) fn record<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &ReportId,
) -> Result<&'s ReportRecord, DomainError> {
    state
        .intel
        .reports
        .get(id)
        .filter(|r| visible(&r.audience, reader))
        .ok_or_else(|| DomainError::not_found("report", id))
}

/// A report as one reader may see it.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView<'s> {
    /// Id.
    pub id: &'s ReportId,
    /// Track.
    pub track: &'s TrackId,
    /// Originating party.
    pub originator: &'s PartyId,
    /// Who drafted it (shown to the originator and the supervisor only).
    pub author: Option<&'s UserId>,
    /// When it was drafted.
    pub created_at: Timestamp,
    /// Where it came from when imported.
    pub imported_from: Option<&'s str>,
    /// The stage as this reader knows it (a correction in vetting is invisible to recipients).
    pub stage: ReportStage,
    /// The text this reader sees: the working text for the originator and the supervisor, the
    /// released text for recipients.
    pub content: &'s ReportContent,
    /// Its version.
    pub version: u32,
    /// Whether it is a sanitized text.
    pub sanitized: bool,
    /// Whether the reader sees the originator's working text (originator and supervisor).
    pub sees_working: bool,
    /// The originator's versions this reader may see, oldest first.
    pub versions: Vec<&'s Versioned>,
    /// The releases this reader may see, oldest first.
    pub released: Vec<&'s Versioned>,
    /// Vetting decisions this reader may see.
    pub vetting: Vec<&'s VetStep>,
    /// Parties that must acknowledge the current release.
    pub recipients: &'s BTreeSet<PartyId>,
    /// Acknowledgements this reader may see.
    pub acknowledgements: Vec<(&'s PartyId, &'s Acknowledgement)>,
    /// Recipients yet to acknowledge (for the originator and the supervisor).
    pub missing: Option<BTreeSet<PartyId>>,
    /// When acknowledgements are due.
    pub deadline: Option<Timestamp>,
    /// When it escalated.
    pub escalated_at: Option<Timestamp>,
    /// Feedback this reader may see.
    pub feedback: Vec<&'s Feedback>,
    /// Corroborations this reader may see.
    pub corroborations: Vec<&'s Corroboration>,
    /// Sightings this reader may see.
    pub sightings: Vec<&'s Sighting>,
    /// When and why it was withdrawn.
    pub withdrawn: Option<(Timestamp, &'s LangText)>,
    /// Whether the reader's party owes an acknowledgement.
    pub awaits_reader: bool,
}

/// The view of `r` for `reader`, who may see that it exists.
fn view<'s>(r: &'s ReportRecord, reader: Reader<'_>) -> Option<ReportView<'s>> {
    let working = r.working();
    let sees_working = visible(&working.audience, reader);
    let release = r
        .released
        .iter()
        .rev()
        .find(|v| visible(&v.audience, reader));
    let shown = if sees_working { working } else { release? };
    let stage = match (sees_working, r.stage) {
        (true, s) | (false, s @ ReportStage::Withdrawn) => s,
        (false, _) => ReportStage::Released,
    };
    Some(ReportView {
        id: &r.id,
        track: &r.track,
        originator: &r.originator,
        author: sees_working.then_some(&r.author),
        created_at: r.created_at,
        imported_from: r.imported_from.as_deref(),
        stage,
        content: &shown.content,
        version: shown.version,
        sanitized: shown.sanitized,
        sees_working,
        versions: r
            .versions
            .iter()
            .filter(|v| visible(&v.audience, reader))
            .collect(),
        released: r
            .released
            .iter()
            .filter(|v| visible(&v.audience, reader))
            .collect(),
        vetting: r
            .vetting
            .iter()
            .filter(|v| visible(&v.audience, reader))
            .collect(),
        recipients: &r.recipients,
        acknowledgements: r
            .acknowledgements
            .iter()
            .filter(|(_, a)| visible(&a.audience, reader))
            .collect(),
        missing: sees_working.then(|| r.unacknowledged()),
        deadline: r.deadline,
        escalated_at: r.escalated_at,
        feedback: r
            .feedback
            .iter()
            .filter(|f| visible(&f.audience, reader))
            .collect(),
        corroborations: r
            .corroborations
            .iter()
            .filter(|c| visible(&c.audience, reader))
            .collect(),
        sightings: r
            .sightings
            .iter()
            .filter(|s| visible(&s.audience, reader))
            .collect(),
        withdrawn: r.withdrawn.as_ref().map(|(t, why)| (*t, why)),
        awaits_reader: reader.is_some_and(|p| r.awaits(p)),
    })
}

/// One report as `reader` may see it.
pub fn report<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &ReportId,
) -> Result<ReportView<'s>, DomainError> {
    record(state, reader, id)
        .ok()
        .and_then(|r| view(r, reader))
        .ok_or_else(|| DomainError::not_found("report", id))
}

/// Which reports to list.
#[derive(Clone, Debug, Default)]
pub struct ReportFilter {
    /// Only at this stage (as the reader sees it).
    pub stage: Option<ReportStage>,
    /// Only with this marking.
    pub tlp: Option<Tlp>,
    /// Only of this originating party.
    pub originator: Option<PartyId>,
    /// Only on this track.
    pub track: Option<TrackId>,
    /// Only those awaiting this party's acknowledgement.
    pub awaiting: Option<PartyId>,
    /// Only those whose visible title, summary or body contains this text (any case).
    pub text: Option<String>,
}

impl ReportFilter {
    fn keeps(&self, v: &ReportView<'_>, r: &ReportRecord) -> bool {
        let needle = self.text.as_ref().map(|t| t.to_lowercase());
        self.stage.is_none_or(|s| s == v.stage)
            && self.tlp.is_none_or(|t| t == v.content.tlp)
            && self.originator.as_ref().is_none_or(|p| p == v.originator)
            && self.track.as_ref().is_none_or(|t| t == v.track)
            && self.awaiting.as_ref().is_none_or(|p| r.awaits(p))
            && needle.is_none_or(|n| {
                [&v.content.title, &v.content.summary, &v.content.body]
                    .iter()
                    .any(|t| t.text.to_lowercase().contains(&n))
            })
    }
}

/// The reports `reader` may see that `filter` keeps, most recently changed first.
pub fn reports<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &ReportFilter,
) -> Vec<ReportView<'s>> {
    let mut list: Vec<(u64, ReportView<'s>)> = state
        .intel
        .reports
        .values()
        .filter(|r| visible(&r.audience, reader))
        .filter_map(|r| view(r, reader).map(|v| (r, v)))
        .filter(|(r, v)| filter.keeps(v, r))
        .map(|(r, v)| (r.last_index, v))
        .collect();
    list.sort_by_key(|(index, _)| std::cmp::Reverse(*index));
    list.into_iter().map(|(_, v)| v).collect()
}
