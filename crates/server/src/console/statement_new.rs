//! The console's form to draft a joint statement (the supervisor): its title in one of the
//! cell's languages, the meeting it comes from if any, and the authoritative language. The
//! language versions' texts are then written on the statement's page. Writes go through the
//! same domain command as the API; a refusal shows the form again, filled in.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use fusioncell_domain::meetings::queries::{self, MeetingFilter};
use fusioncell_domain::meetings::{MeetingId, MeetingsCommand, StatementId};
use fusioncell_domain::{Command, LangText, authz};

use super::forms::FormData;
use super::i18n::I18n;
use super::pages::{create_from_form, last_index, page_or_error, view};
use super::session::SignedIn;
use super::view::{Choice, Frame, Problem, ProblemField};
use crate::api::views::parse_id;
use crate::app::AppState;
use crate::auth::random_id;
use crate::error::ApiError;

/// The form as typed, kept to show it again after a refusal.
#[derive(Clone, Debug, Default)]
pub struct StatementDraft {
    lang: String,
    title: String,
    /// A meeting id, or empty for none.
    meeting: String,
    authoritative: String,
}

impl StatementDraft {
    fn from_form(form: &FormData) -> Self {
        StatementDraft {
            lang: form.get("lang").into(),
            title: form.get("title").into(),
            meeting: form.get("meeting").into(),
            authoritative: form.get("authoritative").into(),
        }
    }

    fn command(&self, statement: StatementId) -> Result<MeetingsCommand, ApiError> {
        let meeting = self.meeting.trim();
        Ok(MeetingsCommand::DraftStatement {
            statement,
            title: LangText {
                lang: self.lang.clone(),
                text: self.title.trim().into(),
            },
            meeting: (!meeting.is_empty())
                .then(|| parse_id("meeting", meeting, MeetingId::new))
                .transpose()?,
            authoritative: self.authoritative.clone(),
        })
    }
}

/// The form field a refusal names, with its label.
fn field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, key) = match field {
        f if f.starts_with("title") => ("statement-title", "statement-what"),
        "meeting" => ("statement-meeting", "statement-meeting"),
        "authoritative" => ("statement-authoritative", "statement-authoritative"),
        _ => return None,
    };
    Some(ProblemField {
        id: id.into(),
        label: t.tr(key),
    })
}

/// `GET /statements/new`.
#[derive(Template)]
#[template(path = "statement_new.html")]
pub struct NewPage {
    t: I18n,
    frame: Frame,
    languages: Vec<Choice>,
    authoritative: Vec<Choice>,
    meetings: Vec<Choice>,
    draft: StatementDraft,
    problem: Option<Problem>,
}

fn new_page(
    app: &AppState,
    visitor: &SignedIn,
    mut draft: StatementDraft,
    problem: Option<Problem>,
) -> Result<NewPage, ApiError> {
    view(app, visitor, |v, read| {
        // Only the supervisor's liaison officers are shown the form.
        authz::meetings::require_draft(v.user, v.config)?;
        if draft.lang.is_empty() {
            draft.lang = v.writing_language();
        }
        if draft.authoritative.is_empty() {
            draft.authoritative = draft.lang.clone();
        }
        Ok(NewPage {
            frame: v.frame(
                visitor,
                v.t.tr("statement-new"),
                "/meetings",
                last_index(read),
            ),
            languages: v.text_languages(&draft.lang),
            authoritative: v.text_languages(&draft.authoritative),
            meetings: queries::meetings(v.state, Some(v.party()), &MeetingFilter::default())
                .into_iter()
                .map(|m| Choice {
                    value: m.id.to_string(),
                    label: format!("{} · {}", m.title.text, v.t.date_time(m.starts_at)),
                    selected: m.id.as_str() == draft.meeting,
                })
                .collect(),
            draft,
            problem,
            t: v.t,
        })
    })
}

/// `GET /statements/new`: the empty form.
pub async fn new_form(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(
        &app,
        &visitor,
        new_page(&app, &visitor, StatementDraft::default(), None),
    )
}

/// `POST /statements`: drafts the statement, then shows it (or the form with the refusal).
pub async fn create(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    let draft = StatementDraft::from_form(&form);
    let id = StatementId::new(&random_id("js-")).expect("random ids are valid");
    let command = draft.command(id.clone()).map(Command::Meetings);
    create_from_form(
        &app,
        &visitor,
        &form,
        command,
        &format!("/statements/{id}"),
        field,
        |problem| new_page(&app, &visitor, draft, Some(problem)),
    )
    .await
}
