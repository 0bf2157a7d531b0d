//! The Record page: the shared record at a glance — the log's key, the current checkpoint, each
//! party's witness (what it cosigned, how far behind, any trouble) and the witnesses' refusals.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use fusioncell_domain::Timestamp;

use super::i18n::I18n;
use super::pages::{last_index, page_or_error, view};
use super::session::SignedIn;
use super::view::{Frame, When};
use crate::app::AppState;
use crate::record::{RecordStatus, status};

/// One witness as the page shows it.
pub struct WitnessRow {
    /// The party that runs it, by name.
    pub party: String,
    /// Its key name.
    pub name: String,
    /// The size it last cosigned, or a dash.
    pub cosigned: String,
    /// How far behind the checkpoint it is, or a dash.
    pub behind: String,
    /// When it last cosigned.
    pub cosigned_at: Option<When>,
    /// Whether its cosignature is on the published checkpoint.
    pub on_checkpoint: String,
    /// Its state in words.
    pub state: String,
    /// CSS class of the state.
    pub state_class: &'static str,
    /// What went wrong, if anything.
    pub problem: Option<String>,
}

/// One refusal.
pub struct AlertRow {
    /// Its index in the record.
    pub index: u64,
    /// When it was recorded.
    pub at: Option<When>,
    /// The refusing witness and its party.
    pub witness: String,
    /// The size refused.
    pub size: u64,
    /// Why.
    pub reason: String,
}

/// `GET /record`.
#[derive(Template)]
#[template(path = "record.html")]
pub struct RecordPage {
    t: I18n,
    frame: Frame,
    log_key: Option<String>,
    entries: u64,
    checkpoint: Option<(u64, String, Option<When>, String)>,
    uncovered: u64,
    witnesses: Vec<WitnessRow>,
    alerts: Vec<AlertRow>,
    problem: Option<String>,
}

fn when(t: &I18n, rfc3339: Option<&str>) -> Option<When> {
    rfc3339
        .and_then(Timestamp::parse_rfc3339)
        .map(|at| When::new(t, at))
}

fn build(app: &AppState, visitor: &SignedIn) -> Result<RecordPage, crate::error::ApiError> {
    let RecordStatus {
        log_key,
        checkpoint,
        entries,
        witnesses,
        alerts,
        problem,
    } = status(app, &visitor.caller.user.party);
    view(app, visitor, |v, read| {
        let t = v.t;
        let party_name = |id: &str| {
            fusioncell_domain::PartyId::new(id)
                .and_then(|p| v.config.party(&p))
                .map(|p| fusioncell_domain::config::name_in(&p.names, t.code()).to_string())
                .unwrap_or_else(|| id.to_string())
        };
        let dash = || "—".to_string();
        Ok(RecordPage {
            frame: v.frame(visitor, t.tr("record-heading"), "/record", last_index(read)),
            uncovered: entries.saturating_sub(checkpoint.as_ref().map_or(0, |c| c.size)),
            checkpoint: checkpoint
                .map(|c| (c.size, c.root, when(&t, Some(&c.published_at)), c.text)),
            log_key,
            entries,
            witnesses: witnesses
                .into_iter()
                .map(|w| {
                    let (state, state_class) = match w.state.as_str() {
                        "cosigning" => (t.tr("record-state-cosigning"), "ok"),
                        "failing" => (t.tr("record-state-failing"), "warn"),
                        "refused" => (t.tr("record-state-refused"), "bad"),
                        _ => (t.tr("record-state-unknown"), "warn"),
                    };
                    WitnessRow {
                        party: party_name(&w.party),
                        name: w.name,
                        cosigned: w.cosigned_size.map_or_else(dash, |s| s.to_string()),
                        behind: w.behind.map_or_else(dash, |b| b.to_string()),
                        cosigned_at: when(&t, w.cosigned_at.as_deref()),
                        on_checkpoint: if w.on_checkpoint {
                            t.tr("record-yes")
                        } else {
                            t.tr("record-no")
                        },
                        state,
                        state_class,
                        problem: w.problem,
                    }
                })
                .collect(),
            alerts: alerts
                .into_iter()
                .map(|a| AlertRow {
                    index: a.index,
                    at: when(&t, Some(&a.at)),
                    witness: format!("{} ({})", a.witness, party_name(&a.party)),
                    size: a.size,
                    reason: a.reason,
                })
                .collect(),
            problem,
            t,
        })
    })
}

/// `GET /record`: the shared record's checkpoint, witnesses and alerts.
pub async fn page(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(&app, &visitor, build(&app, &visitor))
}
