//! The console's form to schedule a meeting: what it is in one of the cell's languages, when it
//! starts and ends (UTC), where, the parties taking part, and the agenda one item per line.
//! Writes go through the same domain command as the API; a refusal shows the form again,
//! filled in, with the field to correct.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use fusioncell_domain::meetings::{MeetingId, MeetingsCommand};
use fusioncell_domain::{Command, LangText, PartyId, authz};

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

/// The form as typed, kept to show it again after a refusal.
#[derive(Clone, Debug, Default)]
pub struct MeetingDraft {
    lang: String,
    title: String,
    /// `datetime-local` values, UTC.
    starts_at: String,
    ends_at: String,
    place: String,
    participants: Vec<String>,
    /// One agenda item per line.
    agenda: String,
}

impl MeetingDraft {
    fn from_form(form: &FormData) -> Self {
        MeetingDraft {
            lang: form.get("lang").into(),
            title: form.get("title").into(),
            starts_at: form.get("starts_at").into(),
            ends_at: form.get("ends_at").into(),
            place: form.get("place").into(),
            participants: form.all("participants"),
            agenda: form.get("agenda").into(),
        }
    }

    /// The command, refusing malformed times and party ids by the API's field names.
    fn command(&self, meeting: MeetingId) -> Result<MeetingsCommand, ApiError> {
        let text = |text: &str| LangText {
            lang: self.lang.clone(),
            text: text.trim().into(),
        };
        let time = |field: &str, value: &str| parse_time(field, &utc_from_local(value.trim()));
        let participants = self
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| parse_id(&format!("participants[{i}]"), p, PartyId::new))
            .collect::<Result<BTreeSet<_>, _>>()?;
        Ok(MeetingsCommand::Schedule {
            meeting,
            title: text(&self.title),
            starts_at: time("starts_at", &self.starts_at)?,
            ends_at: time("ends_at", &self.ends_at)?,
            place: self.place.trim().into(),
            participants,
            agenda: self
                .agenda
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(text)
                .collect(),
        })
    }
}

/// The form field a refusal names, with its label.
fn field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, key) = match field {
        f if f.starts_with("title") => ("meeting-title", "meeting-what"),
        f if f.starts_with("starts_at") => ("meeting-starts", "meeting-when"),
        f if f.starts_with("ends_at") => ("meeting-ends", "meeting-when"),
        f if f.starts_with("place") => ("meeting-place", "meeting-place"),
        f if f.starts_with("participants") => ("meeting-participants", "meeting-participants"),
        f if f.starts_with("agenda") => ("meeting-agenda", "meeting-agenda"),
        _ => return None,
    };
    Some(ProblemField {
        id: id.into(),
        label: t.tr(key),
    })
}

/// `GET /meetings/new`.
#[derive(Template)]
#[template(path = "meeting_new.html")]
pub struct NewPage {
    t: I18n,
    frame: Frame,
    parties: Vec<Choice>,
    languages: Vec<Choice>,
    draft: MeetingDraft,
    problem: Option<Problem>,
}

fn new_page(
    app: &AppState,
    visitor: &SignedIn,
    mut draft: MeetingDraft,
    problem: Option<Problem>,
) -> Result<NewPage, ApiError> {
    view(app, visitor, |v, read| {
        // Only those who may schedule a meeting their party takes part in are shown the form.
        authz::meetings::require_schedule_own(v.user, v.config)?;
        if draft.lang.is_empty() {
            draft.lang = v.writing_language();
        }
        Ok(NewPage {
            frame: v.frame(
                visitor,
                v.t.tr("meeting-schedule"),
                "/meetings",
                last_index(read),
            ),
            parties: v
                .config
                .parties
                .iter()
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: draft.participants.iter().any(|c| c == p.id.as_str()),
                })
                .collect(),
            languages: v.text_languages(&draft.lang),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /meetings/new`: the empty form, the visitor's party taking part.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    let draft = MeetingDraft {
        participants: vec![visitor.caller.user.party.to_string()],
        ..MeetingDraft::default()
    };
    page_or_error(&app, &visitor, new_page(&app, &visitor, draft, None))
}

/// `POST /meetings`: schedules the meeting, then shows it (or the form with the refusal).
pub async fn create(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    let draft = MeetingDraft::from_form(&form);
    let id = MeetingId::new(&random_id("mt-")).expect("random ids are valid");
    let command = draft.command(id.clone()).map(Command::Meetings);
    create_from_form(
        &app,
        &visitor,
        &form,
        command,
        &format!("/meetings/{id}"),
        field,
        |problem| new_page(&app, &visitor, draft, Some(problem)),
    )
    .await
}
