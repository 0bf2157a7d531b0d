//! The record at a glance, for the console's Record page and `/api/v1/log/status`: the current
//! checkpoint, each party's witness (latest cosigned size, lag, trouble) and the alerts.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::visibility::can_see;
use fusioncell_domain::{EventBody, PartyId, Timestamp};
use fusioncell_ledger::SignatureVerifier;
use serde::Serialize;
use utoipa::ToSchema;

use super::LinkState;
use crate::app::AppState;

/// Most recent alerts listed.
const ALERTS_SHOWN: usize = 20;

/// The state of the shared record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordStatus {
    /// The log's verifier key (`<origin>+<key id>+<base64>`), once it has one.
    pub log_key: Option<String>,
    /// The latest published checkpoint.
    pub checkpoint: Option<CheckpointStatus>,
    /// Events committed to the record, whether or not a checkpoint covers them yet.
    pub entries: u64,
    /// Each configured witness.
    pub witnesses: Vec<WitnessStatus>,
    /// Witness refusals recorded, most recent first (at most 20).
    pub alerts: Vec<AlertView>,
    /// Why the record keeper cannot go on, if it cannot.
    pub problem: Option<String>,
}

/// A published checkpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointStatus {
    /// The log's origin.
    pub origin: String,
    /// Entries it covers.
    pub size: u64,
    /// Its root hash, base64.
    pub root: String,
    /// When it was published (RFC 3339).
    pub published_at: String,
    /// The signed note, as served at `/log/checkpoint`.
    pub text: String,
}

/// One party's witness.
#[derive(Debug, Serialize, ToSchema)]
pub struct WitnessStatus {
    /// The party that runs it.
    #[schema(example = "il")]
    pub party: String,
    /// Its key name.
    pub name: String,
    /// Its verifier key.
    pub key: String,
    /// The largest size it is known to have cosigned.
    pub cosigned_size: Option<u64>,
    /// How many entries of the published checkpoint it has not cosigned yet.
    pub behind: Option<u64>,
    /// Time of its latest cosignature received (RFC 3339).
    pub cosigned_at: Option<String>,
    /// Whether its cosignature is on the published checkpoint.
    pub on_checkpoint: bool,
    /// `unknown` (not asked yet), `cosigning`, `failing` (unreachable or unusable answers) or
    /// `refused` (it will not vouch for this record: an alert was raised).
    #[schema(example = "cosigning")]
    pub state: String,
    /// What went wrong, when failing or refused.
    pub problem: Option<String>,
    /// Since when it has been failing or refusing (RFC 3339).
    pub since: Option<String>,
}

/// A recorded witness refusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    /// Index of the alert event in the record.
    pub index: u64,
    /// When it was recorded (RFC 3339).
    pub at: String,
    /// The witness's key name.
    pub witness: String,
    /// Its party.
    pub party: String,
    /// The size it refused.
    pub size: u64,
    /// Why.
    pub reason: String,
}

/// The record's status as a reader of `party` may see it.
pub fn status(app: &AppState, party: &PartyId) -> RecordStatus {
    let view = app.record.view();
    let published = view.published.as_ref();
    let size = published.map(|p| p.size());
    let on_checkpoint = |name: &str, key_id: u32| {
        published.is_some_and(|p| {
            p.signed
                .note
                .signatures()
                .iter()
                .any(|s| s.name == name && s.key_id == key_id)
        })
    };
    let witnesses = app
        .record
        .links()
        .iter()
        .map(|link| {
            let (key, health) = (&link.settings.key, &link.health);
            let (state, problem, since) = match &health.state {
                LinkState::Unknown => ("unknown", None, None),
                LinkState::Cosigning => ("cosigning", None, None),
                LinkState::Failing { error, since } => {
                    ("failing", Some(error.clone()), Some(*since))
                }
                LinkState::Refused { reason, since, .. } => {
                    ("refused", Some(reason.clone()), Some(*since))
                }
            };
            WitnessStatus {
                party: link.settings.party.to_string(),
                name: key.name().to_string(),
                key: key.verifier_key(),
                cosigned_size: health.known_size,
                behind: size
                    .zip(health.known_size)
                    .map(|(size, known)| size.saturating_sub(known)),
                cosigned_at: health.cosigned_at.map(|s| cosignature_time(s).to_rfc3339()),
                on_checkpoint: on_checkpoint(key.name(), key.key_id()),
                state: state.to_string(),
                problem,
                since: since.map(Timestamp::to_rfc3339),
            }
        })
        .collect();
    let read = app.core.read();
    let alerts = read
        .log
        .iter()
        .rev()
        .filter(|c| can_see(&c.event.audience, party))
        .filter_map(|c| match &c.event.body {
            EventBody::WitnessRefused {
                witness,
                party,
                size,
                reason,
            } => Some(AlertView {
                index: c.index,
                at: c.event.at.to_rfc3339(),
                witness: witness.clone(),
                party: party.to_string(),
                size: *size,
                reason: reason.clone(),
            }),
            _ => None,
        })
        .take(ALERTS_SHOWN)
        .collect();
    RecordStatus {
        log_key: view.log_key.as_ref().map(|k| k.verifier_key()),
        checkpoint: published.map(|p| CheckpointStatus {
            origin: p.signed.checkpoint.origin.clone(),
            size: p.size(),
            root: STANDARD.encode(p.signed.checkpoint.root),
            published_at: p.at.to_rfc3339(),
            text: p.text.clone(),
        }),
        entries: read.log.len() as u64,
        witnesses,
        alerts,
        problem: view.problem,
    }
}

/// The time of a cosignature (POSIX seconds) as the domain's timestamp.
pub(crate) fn cosignature_time(seconds: u64) -> Timestamp {
    Timestamp(i64::try_from(seconds.saturating_mul(1000)).unwrap_or(i64::MAX))
}
