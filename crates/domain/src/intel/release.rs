//! THE release rule: who sees an intelligence report and each of its events. Every audience of
//! an intelligence event is computed here and nowhere else; reads then filter with
//! [`crate::visibility::can_see`] like every other record of the cell.
//!
//! The rule, by how far a text has gone ([`Reach`]):
//! - **Draft** (never submitted): the originator's party only, not even the supervisor.
//! - **Submitted, in vetting, returned, or a correction awaiting vetting**: the originator and
//!   the supervisor. The originator sees every vetting decision and every sanitized text.
//! - **Released**: the originator, the parties of the release list and the supervisor. What is
//!   released is the text as approved (sanitized if so); the originator's original wording
//!   reaches only the originator and the supervisor.
//!
//! TLP 2.0 inside the cell:
//! - A marking never widens an audience. TLP:CLEAR does not mean "every party": between parties
//!   in conflict the originator names each recipient, and only the release list counts.
//! - AMBER+STRICT ("the recipient's organisation only") and RED ("individual recipients only")
//!   keep each recipient's acknowledgement, feedback, corroboration and sightings between that
//!   recipient, the originator and the supervisor ([`response_audience`]): what a recipient
//!   makes of a strictly marked report stays within its own organisation and the originator's
//!   (the supervisor answers for the cell). The release list itself is part of the report, so
//!   recipients know who else received it, not what each did with it. Under CLEAR, GREEN and
//!   AMBER every party of the release sees the responses.
//! - The marking travels with the report to its recipients (the TAXII collections and STIX
//!   exports carry it); what a recipient may do with it outside the cell is the marking's own
//!   rule, which the cell cannot enforce.
//!
//! A correction may change the release list: the parties of the latest release see the report
//! from then on; a party dropped from it no longer sees the report, though the events it was
//! already shown stay in its view of the shared record.

use std::collections::BTreeSet;

use crate::config::{CellConfig, SupervisionPolicy};
use crate::event::Audience;
use crate::ids::{PartyId, TrackId};

use super::marking::Tlp;
use super::report::{ReportRecord, ReportStage};

/// How far a text of a report has gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach<'a> {
    /// A draft: the originator only.
    Originator,
    /// Submitted or in vetting: the originator and the supervisor.
    Vetting,
    /// Released to these parties (besides the originator and the supervisor).
    Released(&'a BTreeSet<PartyId>),
}

/// THE audience of an intelligence event or text of a report by `originator` at `reach`.
pub fn audience(config: &CellConfig, originator: &PartyId, reach: Reach<'_>) -> Audience {
    let mut parties = BTreeSet::from([originator.clone()]);
    match reach {
        Reach::Originator => {}
        Reach::Vetting => {
            parties.insert(config.supervisor.clone());
        }
        Reach::Released(to) => {
            parties.insert(config.supervisor.clone());
            parties.extend(to.iter().filter(|p| config.party(p).is_some()).cloned());
        }
    }
    Audience(parties)
}

/// The audience of a response (acknowledgement, feedback, corroboration, sighting) by
/// `responder` to a report released to `releasable_to` under `tlp`: the whole release, or, for
/// AMBER+STRICT and RED, only the responder, the originator and the supervisor.
pub fn response_audience(
    config: &CellConfig,
    originator: &PartyId,
    releasable_to: &BTreeSet<PartyId>,
    tlp: Tlp,
    responder: &PartyId,
) -> Audience {
    if tlp.is_strict() {
        let mut a = audience(config, originator, Reach::Vetting);
        a.0.insert(responder.clone());
        a
    } else {
        audience(config, originator, Reach::Released(releasable_to))
    }
}

/// The parties that must acknowledge a release: the release list without the originator and
/// the supervisor (who observes).
pub fn recipients(
    config: &CellConfig,
    originator: &PartyId,
    releasable_to: &BTreeSet<PartyId>,
) -> BTreeSet<PartyId> {
    releasable_to
        .iter()
        .filter(|p| *p != originator && !config.is_supervisor(p))
        .cloned()
        .collect()
}

/// Whether reports of `originator` on `track` wait for the supervisor's vetting before release:
/// when the track's policy is `vet`, unless the supervisor is the originator.
pub fn needs_vetting(config: &CellConfig, track: &TrackId, originator: &PartyId) -> bool {
    !config.is_supervisor(originator)
        && config
            .track(track)
            .is_some_and(|t| t.policy == SupervisionPolicy::Vet)
}

/// How far the report as a whole has gone: its last release, or else vetting once submitted,
/// or else its originator only. Withdrawal and responses go to this audience.
pub fn record_audience(config: &CellConfig, report: &ReportRecord) -> Audience {
    let reach = match report.current_release() {
        Some(r) => Reach::Released(&r.content.releasable_to),
        None if report.stage == ReportStage::Draft => Reach::Originator,
        None => Reach::Vetting,
    };
    audience(config, &report.originator, reach)
}

/// Exactly who would see a report at each stage: for the compose page's preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// Who sees the draft.
    pub draft: Audience,
    /// Who sees it once submitted, while in vetting.
    pub submitted: Audience,
    /// Who sees it once released.
    pub released: Audience,
    /// Who must acknowledge it.
    pub recipients: BTreeSet<PartyId>,
    /// Whether the supervisor vets it before release.
    pub vetted: bool,
    /// Whether each recipient's responses stay between it, the originator and the supervisor.
    pub strict: bool,
}

/// Who would see a report of `originator` on `track` releasable to `releasable_to` under `tlp`,
/// by the rule above (parties that are not the cell's are left out, as a draft would refuse
/// them).
pub fn preview(
    config: &CellConfig,
    originator: &PartyId,
    track: &TrackId,
    releasable_to: &BTreeSet<PartyId>,
    tlp: Tlp,
) -> Preview {
    let vetted = needs_vetting(config, track, originator);
    Preview {
        draft: audience(config, originator, Reach::Originator),
        submitted: if vetted {
            audience(config, originator, Reach::Vetting)
        } else {
            audience(config, originator, Reach::Released(releasable_to))
        },
        released: audience(config, originator, Reach::Released(releasable_to)),
        recipients: recipients(config, originator, releasable_to)
            .into_iter()
            .filter(|p| config.party(p).is_some())
            .collect(),
        vetted,
        strict: tlp.is_strict(),
    }
}
