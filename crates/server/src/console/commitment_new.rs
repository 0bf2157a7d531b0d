//! The console's form to propose a commitment: owner, beneficiary, track, what is committed to
//! in one of the cell's languages, and up to [`ROWS`] milestones with due dates (rows left
//! empty are not sent). Writes go through the same domain command as the API; a refusal shows
//! the form again, filled in, with the fields to correct.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use fusioncell_domain::commitments::{
    CommitmentId, CommitmentsCommand, MilestoneDraft, MilestoneId,
};
use fusioncell_domain::{Command, LangText, PartyId, TrackId, authz};

use super::forms::{FormData, utc_from_local};
use super::i18n::I18n;
use super::pages::{create_from_form, last_index, page_or_error, view};
use super::session::SignedIn;
use super::view::{Choice, Frame, Problem, ProblemField};
use crate::api::deescalation::views::parse_time;
use crate::api::views::parse_id;
use crate::app::AppState;
use crate::auth::random_id;
use crate::error::ApiError;

/// Milestone rows the form offers; a commitment needing more is revised through the API.
pub const ROWS: usize = 6;

/// One milestone row as typed.
#[derive(Clone, Debug, Default)]
pub struct MilestoneRow {
    /// Its number on the form, from 1.
    number: usize,
    title: String,
    /// A `datetime-local` value, UTC.
    due: String,
}

impl MilestoneRow {
    fn is_empty(&self) -> bool {
        self.title.trim().is_empty() && self.due.trim().is_empty()
    }
}

/// The form as typed, kept to show it again after a refusal.
#[derive(Clone, Debug, Default)]
pub struct CommitmentDraft {
    owner: String,
    beneficiary: String,
    track: String,
    lang: String,
    title: String,
    milestones: Vec<MilestoneRow>,
}

impl CommitmentDraft {
    fn from_form(form: &FormData) -> Self {
        CommitmentDraft {
            owner: form.get("owner").into(),
            beneficiary: form.get("beneficiary").into(),
            track: form.get("track").into(),
            lang: form.get("lang").into(),
            title: form.get("title").into(),
            milestones: (1..=ROWS)
                .map(|number| MilestoneRow {
                    number,
                    title: form.get(&format!("m{number}_title")).into(),
                    due: form.get(&format!("m{number}_due")).into(),
                })
                .collect(),
        }
    }

    /// The rows sent, in order: the `i`-th is the API's `milestones[i]`, with id `m{i+1}`.
    fn sent(&self) -> impl Iterator<Item = &MilestoneRow> {
        self.milestones.iter().filter(|m| !m.is_empty())
    }

    /// The command, refusing malformed ids and times by the API's field names.
    fn command(&self, commitment: CommitmentId) -> Result<CommitmentsCommand, ApiError> {
        let text = |text: &str| LangText {
            lang: self.lang.clone(),
            text: text.trim().into(),
        };
        let milestones = self
            .sent()
            .enumerate()
            .map(|(i, m)| {
                Ok(MilestoneDraft {
                    id: MilestoneId::new(&format!("m{}", i + 1)).expect("m1.. are valid ids"),
                    title: text(&m.title),
                    due: parse_time(
                        &format!("milestones[{i}].due"),
                        &utc_from_local(m.due.trim()),
                    )?,
                })
            })
            .collect::<Result<_, ApiError>>()?;
        Ok(CommitmentsCommand::Propose {
            commitment,
            owner: parse_id("owner", &self.owner, PartyId::new)?,
            beneficiary: parse_id("beneficiary", &self.beneficiary, PartyId::new)?,
            track: parse_id("track", &self.track, TrackId::new)?,
            title: text(&self.title),
            milestones,
        })
    }

    /// The form field a refusal names, with its label: `milestones[i]` is the row the `i`-th
    /// milestone sent came from.
    fn field(&self, t: &I18n, field: &str) -> Option<ProblemField> {
        let (id, key) = match field {
            "owner" => ("commitment-owner".to_string(), "commitment-owner"),
            "beneficiary" => ("commitment-beneficiary".into(), "commitment-beneficiary"),
            "track" => ("commitment-track".into(), "commitment-track"),
            f if f.starts_with("title") => ("commitment-title".into(), "commitment-what"),
            f if f.starts_with("milestones[") => {
                let i: usize = f["milestones[".len()..].split(']').next()?.parse().ok()?;
                let row = self.sent().nth(i).map_or(1, |m| m.number);
                let part = if f.ends_with(".due") { "due" } else { "title" };
                (format!("m{row}-{part}"), "commitment-milestones")
            }
            f if f.starts_with("milestones") => ("m1-title".into(), "commitment-milestones"),
            _ => return None,
        };
        Some(ProblemField {
            id,
            label: t.tr(key),
        })
    }
}

/// `GET /commitments/new`.
#[derive(Template)]
#[template(path = "commitment_new.html")]
pub struct NewPage {
    t: I18n,
    frame: Frame,
    owners: Vec<Choice>,
    beneficiaries: Vec<Choice>,
    tracks: Vec<Choice>,
    languages: Vec<Choice>,
    draft: CommitmentDraft,
    problem: Option<Problem>,
}

fn new_page(
    app: &AppState,
    visitor: &SignedIn,
    mut draft: CommitmentDraft,
    problem: Option<Problem>,
) -> Result<NewPage, ApiError> {
    view(app, visitor, |v, read| {
        // Only those who may propose are shown the form.
        authz::commitments::require_propose(v.user, v.config, None)?;
        let parties = |chosen: &str| -> Vec<Choice> {
            v.config
                .parties
                .iter()
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: p.id.as_str() == chosen,
                })
                .collect()
        };
        if draft.lang.is_empty() {
            draft.lang = v.writing_language();
        }
        Ok(NewPage {
            frame: v.frame(
                visitor,
                v.t.tr("commitment-propose"),
                "/commitments",
                last_index(read),
            ),
            owners: parties(&draft.owner),
            beneficiaries: parties(&draft.beneficiary),
            tracks: v
                .config
                .tracks
                .iter()
                .map(|tr| Choice {
                    value: tr.id.to_string(),
                    label: v.track_name(&tr.id),
                    selected: tr.id.as_str() == draft.track,
                })
                .collect(),
            languages: v.text_languages(&draft.lang),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /commitments/new`: the empty form, the visitor's party as the owner.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    let draft = CommitmentDraft {
        owner: visitor.caller.user.party.to_string(),
        milestones: (1..=ROWS)
            .map(|number| MilestoneRow {
                number,
                ..MilestoneRow::default()
            })
            .collect(),
        ..CommitmentDraft::default()
    };
    page_or_error(&app, &visitor, new_page(&app, &visitor, draft, None))
}

/// `POST /commitments`: proposes the commitment, then shows it (or the form with the refusal).
pub async fn create(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    let draft = CommitmentDraft::from_form(&form);
    let id = CommitmentId::new(&random_id("cm-")).expect("random ids are valid");
    let command = draft.command(id.clone()).map(Command::Commitments);
    create_from_form(
        &app,
        &visitor,
        &form,
        command,
        &format!("/commitments/{id}"),
        |t, f| draft.field(t, f),
        |problem| new_page(&app, &visitor, draft.clone(), Some(problem)),
    )
    .await
}
