//! Meetings and joint statements in the console: the list (with a participant filter), a
//! meeting's page with its agenda and minutes (the supervisor's draft form, each party's
//! approve button), and a joint statement's page with its language versions side by side, the
//! authoritative one marked, each party's approve buttons and the supervisor's publish button.
//!
//! Writes go through the same domain commands as the API.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use fusioncell_domain::meetings::queries::{self, MeetingFilter};
use fusioncell_domain::meetings::{MeetingId, MeetingsCommand, StatementId};
use fusioncell_domain::{Actor, Command, LangText, PartyId, authz, language};
use serde::Deserialize;

use super::forms::FormData;
use super::i18n::I18n;
use super::pages::{error_page, last_index, page_or_error, render, view};
use super::session::{FragmentReader, SignedIn};
use super::view::{Frame, Problem, Text, When};
use crate::api::views::path_id;
use crate::app::AppState;
use crate::error::ApiError;

/// The meetings pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/meetings", get(list).post(super::meeting_new::create))
        .route("/meetings/new", get(super::meeting_new::new_form))
        .route("/meetings-fragment", get(list_fragment))
        .route("/meetings/{id}", get(meeting))
        .route("/meetings/{id}/fragment", get(meeting_fragment))
        .route("/meetings/{id}/minutes", post(draft_minutes))
        .route("/meetings/{id}/minutes/approve", post(approve_minutes))
        .route("/statements", post(super::statement_new::create))
        .route("/statements/new", get(super::statement_new::new_form))
        .route("/statements/{id}", get(statement))
        .route("/statements/{id}/fragment", get(statement_fragment))
        .route("/statements/{id}/versions/{lang}", post(set_text))
        .route("/statements/{id}/approve", post(approve_statement))
        .route("/statements/{id}/publish", post(publish))
}

/// A meeting or a statement in a list.
pub struct Row {
    href: String,
    title: Text,
    when: Option<When>,
    detail: String,
}

/// An option of the participant filter.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// The list's filter.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    participant: Option<String>,
}

/// `GET /meetings`.
#[derive(Template)]
#[template(path = "meetings.html", blocks = ["live"])]
pub struct ListPage {
    t: I18n,
    frame: Frame,
    /// Where the script fetches the live part (the two lists) from.
    fragment: String,
    parties: Vec<Choice>,
    meetings: Vec<Row>,
    statements: Vec<Row>,
    /// Whether the reader may schedule a meeting (the form's link is shown).
    can_schedule: bool,
    /// Whether the reader may draft a joint statement (the supervisor's liaison officers).
    can_draft: bool,
}

/// Meetings and joint statements, filtered by participant.
fn list_page(app: &AppState, visitor: &SignedIn, q: &ListQuery) -> Result<ListPage, ApiError> {
    view(app, visitor, |v, read| {
        let filter = MeetingFilter {
            participant: q.participant.as_deref().and_then(PartyId::new),
            ..MeetingFilter::default()
        };
        Ok(ListPage {
            frame: v.frame(
                visitor,
                v.t.tr("nav-meetings"),
                "/meetings",
                last_index(read),
            ),
            fragment: format!(
                "/meetings-fragment{}",
                super::pages::query_string(&[("participant", &q.participant)])
            ),
            parties: v
                .config
                .parties
                .iter()
                .map(|p| Choice {
                    value: p.id.to_string(),
                    label: v.party_name(&p.id),
                    selected: q.participant.as_deref() == Some(p.id.as_str()),
                })
                .collect(),
            meetings: queries::meetings(v.state, Some(v.party()), &filter)
                .into_iter()
                .map(|m| Row {
                    href: format!("/meetings/{}", m.id),
                    title: (&m.title).into(),
                    when: Some(When::new(&v.t, m.starts_at)),
                    detail: format!("{} · {}", m.place, v.party_list(&m.participants)),
                })
                .collect(),
            statements: queries::statements(v.state, Some(v.party()), None)
                .into_iter()
                .map(|s| Row {
                    href: format!("/statements/{}", s.id),
                    title: (&s.title).into(),
                    when: s.published_at.map(|at| When::new(&v.t, at)),
                    detail: if s.published_at.is_some() {
                        v.t.tr("statement-published")
                    } else {
                        v.t.tr("statement-draft")
                    },
                })
                .collect(),
            can_schedule: authz::meetings::require_schedule_own(v.user, v.config).is_ok(),
            can_draft: authz::meetings::require_draft(v.user, v.config).is_ok(),
            t: v.t,
        })
    })
}

/// `GET /meetings`: meetings and joint statements.
pub async fn list(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    page_or_error(&app, &visitor, list_page(&app, &visitor, &q))
}

/// `GET /meetings-fragment`: the lists' live part, filtered as the page is.
pub async fn list_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(q): Query<ListQuery>,
) -> Response {
    match list_page(&app, &visitor, &q) {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// The current minutes, as shown.
pub struct MinutesItem {
    revision: u32,
    text: Text,
    approved_by: String,
    awaiting: String,
    agreed: Option<When>,
}

/// `GET /meetings/{id}`.
#[derive(Template)]
#[template(path = "meeting.html", blocks = ["live"])]
pub struct MeetingPage {
    t: I18n,
    frame: Frame,
    /// Where the script fetches the live part from.
    fragment: String,
    id: String,
    title: Text,
    starts: When,
    ends: When,
    place: String,
    participants: String,
    agenda: Vec<Text>,
    minutes: Option<MinutesItem>,
    /// The revision the reader's party may approve.
    approve: Option<u32>,
    /// Whether the reader drafts the minutes (the supervisor), and the draft so far.
    draft: Option<String>,
    languages: Vec<String>,
    problem: Option<Problem>,
}

fn meeting_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &MeetingId,
    problem: Option<Problem>,
) -> Result<MeetingPage, ApiError> {
    view(app, visitor, |v, read| {
        let m = queries::meeting(v.state, Some(v.party()), id)?;
        let current = m.current_minutes();
        Ok(MeetingPage {
            frame: v.frame(
                visitor,
                m.title.text.clone(),
                &format!("/meetings/{id}"),
                last_index(read),
            ),
            fragment: format!("/meetings/{id}/fragment"),
            id: id.to_string(),
            title: (&m.title).into(),
            starts: When::new(&v.t, m.starts_at),
            ends: When::new(&v.t, m.ends_at),
            place: m.place.clone(),
            participants: v.party_list(&m.participants),
            agenda: m.agenda.iter().map(Into::into).collect(),
            minutes: current.map(|x| MinutesItem {
                revision: x.revision,
                text: (&x.text).into(),
                approved_by: v.party_list(x.approvals.keys()),
                awaiting: v.party_list(&x.awaiting()),
                agreed: x.agreed_at.map(|at| When::new(&v.t, at)),
            }),
            approve: current
                .filter(|x| {
                    x.awaiting().contains(v.party())
                        && authz::meetings::require_approve(v.user, &x.approvers).is_ok()
                })
                .map(|x| x.revision),
            draft: authz::meetings::require_draft(v.user, v.config)
                .is_ok()
                .then(|| current.map(|x| x.text.text.clone()).unwrap_or_default()),
            languages: v.config.languages.clone(),
            problem,
            t: v.t,
        })
    })
}

/// `GET /meetings/{id}`.
pub async fn meeting(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("meeting", &id, MeetingId::new)
        .and_then(|id| meeting_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// One language version of a statement, with the reader's approve button when asked.
pub struct VersionItem {
    lang: String,
    rtl: bool,
    text: String,
    authoritative: bool,
    approved_by: String,
    awaiting: String,
    can_approve: bool,
}

/// `GET /statements/{id}`.
#[derive(Template)]
#[template(path = "statement.html", blocks = ["live"])]
pub struct StatementPage {
    t: I18n,
    frame: Frame,
    /// Where the script fetches the live part from.
    fragment: String,
    id: String,
    title: Text,
    meeting: Option<String>,
    revision: u32,
    published: Option<When>,
    versions: Vec<VersionItem>,
    can_publish: bool,
    /// The supervisor's forms for each of the cell's languages, while not published.
    drafts: Vec<DraftItem>,
    problem: Option<Problem>,
}

/// A language version's text as the supervisor edits it.
pub struct DraftItem {
    lang: String,
    name: String,
    rtl: bool,
    text: String,
}

fn statement_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &StatementId,
    problem: Option<Problem>,
) -> Result<StatementPage, ApiError> {
    view(app, visitor, |v, read| {
        let s = queries::statement(v.state, Some(v.party()), id)?;
        let open = s.published_at.is_none();
        let may_approve = authz::meetings::require_approve(v.user, &s.approvers).is_ok();
        let may_draft = authz::meetings::require_draft(v.user, v.config).is_ok();
        Ok(StatementPage {
            frame: v.frame(
                visitor,
                s.title.text.clone(),
                &format!("/statements/{id}"),
                last_index(read),
            ),
            fragment: format!("/statements/{id}/fragment"),
            id: id.to_string(),
            title: (&s.title).into(),
            meeting: s.meeting.as_ref().map(|m| format!("/meetings/{m}")),
            revision: s.revision,
            published: s.published_at.map(|at| When::new(&v.t, at)),
            versions: s
                .versions
                .iter()
                .map(|(lang, text)| VersionItem {
                    lang: lang.clone(),
                    rtl: language::is_right_to_left(lang),
                    text: text.clone(),
                    authoritative: *lang == s.authoritative,
                    approved_by: v
                        .party_list(s.approvals.get(lang).into_iter().flat_map(|a| a.keys())),
                    awaiting: v.party_list(&s.awaiting(lang)),
                    can_approve: open && may_approve && s.awaiting(lang).contains(v.party()),
                })
                .collect(),
            can_publish: open && s.ready(&v.config.languages) && may_draft,
            drafts: if open && may_draft {
                v.config
                    .languages
                    .iter()
                    .map(|lang| DraftItem {
                        lang: lang.clone(),
                        name: v.language_name(lang),
                        rtl: language::is_right_to_left(lang),
                        text: s.versions.get(lang).cloned().unwrap_or_default(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            problem,
            t: v.t,
        })
    })
}

/// `GET /statements/{id}`.
pub async fn statement(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("joint statement", &id, StatementId::new)
        .and_then(|id| statement_page(&app, &visitor, &id, None));
    page_or_error(&app, &visitor, page)
}

/// `GET /meetings/{id}/fragment`: the meeting page's live part.
pub async fn meeting_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("meeting", &id, MeetingId::new)
        .and_then(|id| meeting_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// `GET /statements/{id}/fragment`: the statement page's live part.
pub async fn statement_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let page = path_id("joint statement", &id, StatementId::new)
        .and_then(|id| statement_page(&app, &visitor, &id, None));
    match page {
        Ok(page) => render(StatusCode::OK, &page.as_live()),
        Err(e) => e.status.into_response(),
    }
}

/// Runs `command` for the visitor from a form, then goes `back` to the record, or shows it
/// again with the refusal (`again`).
async fn act(
    app: &AppState,
    visitor: &SignedIn,
    form: &FormData,
    back: String,
    command: MeetingsCommand,
    again: impl FnOnce(Problem) -> Result<MeetingOrStatement, ApiError>,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let outcome = app
        .core
        .submit(
            Actor::User(visitor.caller.user.id.clone()),
            Command::Meetings(command),
        )
        .await
        .map_err(ApiError::from);
    match outcome {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(e) => match again(Problem::new(&I18n(visitor.lang), &e, |_| None)) {
            Ok(MeetingOrStatement::Meeting(page)) => render(e.status, page.as_ref()),
            Ok(MeetingOrStatement::Statement(page)) => render(e.status, page.as_ref()),
            Err(_) => error_page(app, visitor, &e),
        },
    }
}

/// A page shown again with a refusal.
enum MeetingOrStatement {
    Meeting(Box<MeetingPage>),
    Statement(Box<StatementPage>),
}

/// Runs a meeting form's command and goes back to the meeting.
async fn on_meeting(
    app: &AppState,
    visitor: &SignedIn,
    form: &FormData,
    id: &str,
    command: impl FnOnce(MeetingId) -> MeetingsCommand,
) -> Response {
    let id = match path_id("meeting", id, MeetingId::new) {
        Ok(id) => id,
        Err(e) => return error_page(app, visitor, &e),
    };
    let back = format!("/meetings/{id}");
    act(app, visitor, form, back, command(id.clone()), |problem| {
        meeting_page(app, visitor, &id, Some(problem))
            .map(|p| MeetingOrStatement::Meeting(Box::new(p)))
    })
    .await
}

/// Runs a statement form's command and goes back to the statement.
async fn on_statement(
    app: &AppState,
    visitor: &SignedIn,
    form: &FormData,
    id: &str,
    command: impl FnOnce(StatementId) -> MeetingsCommand,
) -> Response {
    let id = match path_id("joint statement", id, StatementId::new) {
        Ok(id) => id,
        Err(e) => return error_page(app, visitor, &e),
    };
    let back = format!("/statements/{id}");
    act(app, visitor, form, back, command(id.clone()), |problem| {
        statement_page(app, visitor, &id, Some(problem))
            .map(|p| MeetingOrStatement::Statement(Box::new(p)))
    })
    .await
}

/// `POST /meetings/{id}/minutes`: the supervisor's draft.
pub async fn draft_minutes(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let text = LangText {
        lang: form.get("lang").to_string(),
        text: form.get("text").to_string(),
    };
    on_meeting(&app, &visitor, &form, &id, |meeting| {
        MeetingsCommand::DraftMinutes { meeting, text }
    })
    .await
}

/// `POST /meetings/{id}/minutes/approve`.
pub async fn approve_minutes(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let revision = form.get("revision").parse().unwrap_or(0);
    on_meeting(&app, &visitor, &form, &id, |meeting| {
        MeetingsCommand::ApproveMinutes { meeting, revision }
    })
    .await
}

/// `POST /statements/{id}/approve`: one language version, for the visitor's party.
pub async fn approve_statement(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    let revision = form.get("revision").parse().unwrap_or(0);
    let lang = form.get("lang").to_string();
    on_statement(&app, &visitor, &form, &id, |statement| {
        MeetingsCommand::ApproveStatement {
            statement,
            revision,
            lang,
        }
    })
    .await
}

/// `POST /statements/{id}/versions/{lang}`: sets one language version's text (the
/// supervisor); every approval starts afresh.
pub async fn set_text(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path((id, lang)): Path<(String, String)>,
    form: FormData,
) -> Response {
    let text = form.get("text").to_string();
    on_statement(&app, &visitor, &form, &id, |statement| {
        MeetingsCommand::SetStatementText {
            statement,
            lang,
            text,
        }
    })
    .await
}

/// `POST /statements/{id}/publish`.
pub async fn publish(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    on_statement(&app, &visitor, &form, &id, |statement| {
        MeetingsCommand::PublishStatement { statement }
    })
    .await
}
