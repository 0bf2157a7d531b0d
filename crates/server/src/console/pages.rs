//! The console's pages, and the fragments of them the script refetches to keep them live. Every
//! read goes through the domain's queries, which show a party only what it may see.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use fusioncell_domain::config::{SupervisionPolicy, name_in};
use fusioncell_domain::{
    Command, DomainError, Message, MessageId, ThreadId, TrackId, authz, due, queries,
};
use serde::Deserialize;

use super::assets;
use super::i18n::{I18n, Lang};
use super::session::{FragmentReader, SignedIn};
use super::view::{
    Choice, Draft, DueItem, Frame, MessageItem, Problem, ProblemField, Text, ThreadItem, Viewer,
    When, language_choices,
};
use crate::api::threads::message_command;
use crate::api::views::path_id;
use crate::app::AppState;
use crate::core::ReadModel;
use crate::error::ApiError;

/// The query string (`?k=v&…`, or nothing) of a list page's filters, for the URL its live part
/// is fetched from. Only values a filter can take (ids and names: `a-z`, `0-9`, `_`, `.`, `-`)
/// are kept, so nothing needs escaping; any other value is refused by the page itself.
pub fn query_string(filters: &[(&str, &Option<String>)]) -> String {
    let plain = |v: &&str| {
        !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_.-".contains(&b))
    };
    let parts: Vec<String> = filters
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(plain).map(|v| format!("{k}={v}")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The end of a form that makes a new record: checks the form's CSRF token, runs `command` as
/// the visitor, then goes to `done`; or, refused, shows the form again (`again`) with the
/// refusal and the status it answers, naming the field `field` finds for the refusal.
pub async fn create_from_form<P: Template>(
    app: &AppState,
    visitor: &SignedIn,
    form: &super::forms::FormData,
    command: Result<Command, ApiError>,
    done: &str,
    field: impl Fn(&I18n, &str) -> Option<ProblemField>,
    again: impl FnOnce(Problem) -> Result<P, ApiError>,
) -> Response {
    if let Err(e) = visitor.check_csrf(form.get("csrf")) {
        return error_page(app, visitor, &e);
    }
    let outcome = match command {
        Ok(command) => app
            .core
            .submit(
                fusioncell_domain::Actor::User(visitor.caller.user.id.clone()),
                command,
            )
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => axum::response::Redirect::to(done).into_response(),
        Err(e) => {
            let t = I18n(visitor.lang);
            let problem = Problem::new(&t, &e, |f| field(&t, f));
            match again(problem) {
                Ok(page) => render(e.status, &page),
                Err(e) => error_page(app, visitor, &e),
            }
        }
    }
}

/// Answers with a rendered page. Pages are about one user's view of the record, so no cache
/// keeps them.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Html(html),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a console page could not be rendered");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the page could not be rendered",
            )
                .into_response()
        }
    }
}

/// Runs `build` on the state as `visitor` sees it now.
pub(super) fn view<T>(
    app: &AppState,
    visitor: &SignedIn,
    build: impl FnOnce(&Viewer, &ReadModel) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let read = app.core.read();
    let config = read.state.config().ok_or(DomainError::NotConfigured)?;
    let viewer = Viewer {
        t: I18n(visitor.lang),
        config,
        state: &read.state,
        user: &visitor.caller.user,
        now: app.core.clock().now(),
    };
    build(&viewer, &read)
}

/// The index of the last event a page built from `read` reflects: its live stream resumes there.
pub(super) fn last_index(read: &ReadModel) -> Option<u64> {
    read.state.next_index.checked_sub(1)
}

/// The layout for a page seen without a session (sign-in, errors).
pub fn plain_frame(app: &AppState, t: I18n, title: String, here: &str) -> Frame {
    let cell_name = app
        .core
        .read()
        .state
        .config()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| t.tr("product-name"));
    Frame {
        title,
        cell_name,
        user: None,
        nav: Vec::new(),
        languages: language_choices(t.0),
        here: here.to_string(),
        csrf: String::new(),
        events: None,
        now_ms: app.core.clock().now().millis(),
        css: assets::css_url(),
        js: assets::js_url(),
    }
}

/// A page explaining why a request failed.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    t: I18n,
    frame: Frame,
    heading: String,
    problem: Problem,
    back: String,
    back_label: String,
}

fn heading_for(t: &I18n, status: StatusCode) -> String {
    match status {
        StatusCode::NOT_FOUND => t.tr("error-heading-not-found"),
        StatusCode::FORBIDDEN => t.tr("error-heading-forbidden"),
        StatusCode::TOO_MANY_REQUESTS => t.tr("error-heading-too-many"),
        StatusCode::SERVICE_UNAVAILABLE => t.tr("error-heading-unavailable"),
        _ => t.tr("error-heading"),
    }
}

/// The error page for a visitor without a session.
pub fn failure(app: &AppState, lang: Lang, e: &ApiError) -> Response {
    let t = I18n(lang);
    let heading = heading_for(&t, e.status);
    let page = ErrorPage {
        frame: plain_frame(app, t, heading.clone(), "/login"),
        heading,
        problem: Problem::new(&t, e, |_| None),
        back: "/login".into(),
        back_label: t.tr("back-to-sign-in"),
        t,
    };
    with_retry_after(render(e.status, &page), e)
}

/// A page built for `visitor`, shown with 200; or, when it could not be built, the error page
/// saying why (with the error's status).
pub fn page_or_error(
    app: &AppState,
    visitor: &SignedIn,
    built: Result<impl Template, ApiError>,
) -> Response {
    match built {
        Ok(page) => render(StatusCode::OK, &page),
        Err(e) => error_page(app, visitor, &e),
    }
}

/// The error page for a signed-in visitor.
pub fn error_page(app: &AppState, visitor: &SignedIn, e: &ApiError) -> Response {
    let built = view(app, visitor, |v, read| {
        let heading = heading_for(&v.t, e.status);
        Ok(ErrorPage {
            frame: v.frame(visitor, heading.clone(), "/", last_index(read)),
            heading,
            problem: Problem::new(&v.t, e, |_| None),
            back: "/".into(),
            back_label: v.t.tr("back-to-dashboard"),
            t: v.t,
        })
    });
    match built {
        Ok(page) => with_retry_after(render(e.status, &page), e),
        Err(_) => failure(app, visitor.lang, e),
    }
}

fn with_retry_after(mut response: Response, e: &ApiError) -> Response {
    if let Some(seconds) = e.retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// A track on the dashboard.
pub struct TrackCard {
    href: String,
    name: String,
    policy: String,
    threads: String,
}

/// The dashboard: what the visitor's party must acknowledge, escalations, what others owe, tracks.
#[derive(Template)]
#[template(path = "dashboard.html", blocks = ["panels"])]
pub struct DashboardPage {
    t: I18n,
    frame: Frame,
    deadlines: Vec<DueItem>,
    overdue: Option<String>,
    to_acknowledge: Vec<MessageItem>,
    escalations: Vec<MessageItem>,
    awaiting_others: Vec<MessageItem>,
    tracks: Vec<TrackCard>,
    translation_languages: Vec<Choice>,
}

fn dashboard_page(app: &AppState, visitor: &SignedIn) -> Result<DashboardPage, ApiError> {
    view(app, visitor, |v, read| {
        let party = v.party();
        let items = |list: Vec<&Message>| -> Vec<MessageItem> {
            list.into_iter()
                .filter_map(|m| queries::message(v.state, Some(party), &m.id).ok())
                .map(|(m, th)| v.message(m, th, true))
                .collect()
        };
        let tracks = v
            .config
            .tracks
            .iter()
            .map(|track| TrackCard {
                href: format!("/threads?track={}", track.id),
                name: name_in(&track.names, v.t.code()).to_string(),
                policy: match track.policy {
                    SupervisionPolicy::Observe => v.t.tr("policy-observe"),
                    SupervisionPolicy::Vet => v.t.tr("policy-vet"),
                },
                threads: v.t.tr_args(
                    "thread-count",
                    &[(
                        "count",
                        queries::threads(v.state, Some(party), Some(&track.id))
                            .len()
                            .into(),
                    )],
                ),
            })
            .collect();
        let owed = due::owed_by(v.state, party);
        Ok(DashboardPage {
            frame: v.frame(visitor, v.t.tr("dashboard-heading"), "/", last_index(read)),
            overdue: match owed.iter().filter(|d| d.overdue(v.now)).count() {
                0 => None,
                n => Some(v.t.tr_args("overdue-count", &[("count", n.into())])),
            },
            deadlines: owed.iter().map(|d| v.due(d)).collect(),
            to_acknowledge: items(queries::awaiting_acknowledgement(v.state, party)),
            escalations: items(queries::escalations(v.state, Some(party))),
            awaiting_others: items(queries::awaiting_others(v.state, party)),
            tracks,
            translation_languages: v.text_languages(""),
            t: v.t,
        })
    })
}

/// `GET /`: the dashboard.
pub async fn dashboard(State(app): State<AppState>, visitor: SignedIn) -> Response {
    page_or_error(&app, &visitor, dashboard_page(&app, &visitor))
}

/// `GET /dashboard-fragment`: the dashboard's panels.
pub async fn dashboard_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
) -> Response {
    match dashboard_page(&app, &visitor) {
        Ok(page) => render(StatusCode::OK, &page.as_panels()),
        Err(e) => e.status.into_response(),
    }
}

/// The `?track=` filter of thread lists and of the new-thread form.
#[derive(Debug, Default, Deserialize)]
pub struct TrackFilter {
    /// A track id.
    pub track: Option<String>,
}

/// The thread list, of one track or all.
#[derive(Template)]
#[template(path = "threads.html", blocks = ["list"])]
pub struct ThreadsPage {
    t: I18n,
    frame: Frame,
    heading: String,
    new_thread_href: String,
    fragment: String,
    threads: Vec<ThreadItem>,
}

fn threads_page(
    app: &AppState,
    visitor: &SignedIn,
    filter: &TrackFilter,
) -> Result<ThreadsPage, ApiError> {
    view(app, visitor, |v, read| {
        let track = match filter.track.as_deref().filter(|t| !t.is_empty()) {
            Some(id) => Some(
                TrackId::new(id)
                    .filter(|id| v.config.track(id).is_some())
                    .ok_or_else(|| ApiError::not_found("track", id))?,
            ),
            None => None,
        };
        let (heading, query) = match &track {
            Some(id) => (v.track_name(id), format!("?track={id}")),
            None => (v.t.tr("nav-threads"), String::new()),
        };
        Ok(ThreadsPage {
            frame: v.frame(
                visitor,
                heading.clone(),
                &format!("/threads{query}"),
                last_index(read),
            ),
            heading,
            new_thread_href: format!("/threads/new{query}"),
            fragment: format!("/threads-fragment{query}"),
            threads: queries::threads(v.state, Some(v.party()), track.as_ref())
                .into_iter()
                .map(|th| v.thread_item(th))
                .collect(),
            t: v.t,
        })
    })
}

/// `GET /threads`: the threads the visitor may see, of one track with `?track=`.
pub async fn threads(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(filter): Query<TrackFilter>,
) -> Response {
    page_or_error(&app, &visitor, threads_page(&app, &visitor, &filter))
}

/// `GET /threads-fragment`: the thread list alone.
pub async fn threads_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Query(filter): Query<TrackFilter>,
) -> Response {
    match threads_page(&app, &visitor, &filter) {
        Ok(page) => render(StatusCode::OK, &page.as_list()),
        Err(e) => e.status.into_response(),
    }
}

/// A message being written, kept when it was refused.
pub struct Compose {
    /// The text typed.
    pub text: String,
    /// The text's language, as choices.
    pub languages: Vec<Choice>,
    /// The priority, as choices.
    pub priorities: Vec<Choice>,
}

/// What was typed into a message form.
#[derive(Default)]
pub struct MessageDraft {
    /// The text.
    pub text: String,
    /// Its language; empty for the default.
    pub lang: String,
    /// Its priority; empty for routine.
    pub priority: String,
}

impl MessageDraft {
    fn compose(&self, v: &Viewer) -> Compose {
        let lang = if self.lang.is_empty() {
            v.writing_language()
        } else {
            self.lang.clone()
        };
        let priority = if self.priority.is_empty() {
            "routine"
        } else {
            &self.priority
        };
        Compose {
            text: self.text.clone(),
            languages: v.text_languages(&lang),
            priorities: v.priorities(priority),
        }
    }
}

/// Names the input of the message forms behind a field of the domain.
pub fn message_field(t: &I18n, field: &str) -> Option<ProblemField> {
    let (id, label) = match field {
        "body.text" | "text" => ("field-text", t.tr("field-text")),
        "body.lang" | "lang" => ("field-text-lang", t.tr("field-text-lang")),
        "priority" => ("field-priority", t.tr("field-priority")),
        "subject.text" => ("field-subject", t.tr("field-subject")),
        "subject.lang" => ("field-subject-lang", t.tr("field-subject-lang")),
        "track" => ("field-track", t.tr("field-track")),
        "participants" => ("field-participants", t.tr("field-participants")),
        _ => return None,
    };
    Some(ProblemField {
        id: id.into(),
        label,
    })
}

/// The head of a thread's page.
pub struct ThreadHead {
    id: String,
    subject: Text,
    track: String,
    track_href: String,
    participants: String,
    opened_by: String,
    opened: When,
    audience: String,
}

/// A thread with its messages and a form to post in it.
#[derive(Template)]
#[template(path = "thread.html", blocks = ["messages"])]
pub struct ThreadPage {
    t: I18n,
    frame: Frame,
    thread: ThreadHead,
    problem: Option<Problem>,
    messages: Vec<MessageItem>,
    translation_languages: Vec<Choice>,
    can_post: bool,
    compose: Compose,
}

/// What a thread page shows besides the record: a refused message or translation, kept.
#[derive(Default)]
pub struct ThreadForms {
    /// The message being written.
    pub message: MessageDraft,
    /// A refused translation: the message and what was typed.
    pub translation: Option<(MessageId, Draft)>,
    /// Why the last request was refused.
    pub problem: Option<Problem>,
}

/// Builds the page of thread `id` for `visitor`.
pub fn thread_page(
    app: &AppState,
    visitor: &SignedIn,
    id: &ThreadId,
    forms: ThreadForms,
) -> Result<ThreadPage, ApiError> {
    view(app, visitor, |v, read| {
        let th = queries::thread(v.state, Some(v.party()), id)?;
        let mut messages: Vec<MessageItem> = queries::messages(v.state, th)
            .into_iter()
            .map(|m| v.message(m, th, false))
            .collect();
        if let Some((message, draft)) = forms.translation
            && let Some(item) = messages.iter_mut().find(|m| m.id == message.as_str())
        {
            item.draft = draft;
        }
        let audience = if th.is_internal() {
            v.t.tr("audience-internal")
        } else {
            v.t.tr_args(
                "audience-supervised",
                &[("party", v.party_name(&v.config.supervisor).into())],
            )
        };
        let subject: Text = (&th.subject).into();
        Ok(ThreadPage {
            frame: v.frame(
                visitor,
                subject.text.clone(),
                &format!("/threads/{id}"),
                last_index(read),
            ),
            thread: ThreadHead {
                id: id.to_string(),
                subject,
                track: v.track_name(&th.track),
                track_href: format!("/threads?track={}", th.track),
                participants: v.party_list(&th.participants),
                opened_by: th.opened_by.to_string(),
                opened: When::new(&v.t, th.opened_at),
                audience,
            },
            problem: forms.problem,
            messages,
            translation_languages: v.text_languages(""),
            can_post: authz::require_post_in(v.user, th, v.config).is_ok(),
            compose: forms.message.compose(v),
            t: v.t,
        })
    })
}

/// Records that the visitor's party read the messages of thread `id` addressed to it that it
/// had not read yet: showing them is reading them.
async fn record_reads(app: &AppState, visitor: &SignedIn, id: &ThreadId) {
    let unread: Vec<MessageId> = {
        let read = app.core.read();
        let party = &visitor.caller.user.party;
        queries::thread(&read.state, Some(party), id)
            .map(|th| {
                queries::messages(&read.state, th)
                    .into_iter()
                    .filter(|m| m.receipts.get(party).is_some_and(|r| r.read_at.is_none()))
                    .map(|m| m.id.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Submitted together, the receipts share one commit.
    let receipts = unread.into_iter().map(|message| {
        message_command(
            &app.core,
            &visitor.caller,
            message.clone(),
            Command::MarkRead { message },
        )
    });
    for outcome in futures::future::join_all(receipts).await {
        if let Err(e) = outcome {
            tracing::warn!(error = %e.message, "read receipt not recorded");
        }
    }
}

/// `GET /threads/{id}`: a thread, recording read receipts for the visitor's party.
pub async fn thread(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
) -> Response {
    let outcome = async {
        let id = path_id("thread", &id, ThreadId::new)?;
        record_reads(&app, &visitor, &id).await;
        thread_page(&app, &visitor, &id, ThreadForms::default())
    };
    page_or_error(&app, &visitor, outcome.await)
}

/// `GET /threads/{id}/messages-fragment`: a thread's messages alone, read by the visitor.
pub async fn messages_fragment(
    State(app): State<AppState>,
    FragmentReader(visitor): FragmentReader,
    Path(id): Path<String>,
) -> Response {
    let outcome = async {
        let id = path_id("thread", &id, ThreadId::new)?;
        record_reads(&app, &visitor, &id).await;
        thread_page(&app, &visitor, &id, ThreadForms::default())
    };
    match outcome.await {
        Ok(page) => render(StatusCode::OK, &page.as_messages()),
        Err(e) => e.status.into_response(),
    }
}

/// The form opening a thread.
#[derive(Template)]
#[template(path = "thread_new.html")]
pub struct NewThreadPage {
    t: I18n,
    frame: Frame,
    problem: Option<Problem>,
    tracks: Vec<Choice>,
    parties: Vec<Choice>,
    subject: String,
    subject_languages: Vec<Choice>,
    compose: Compose,
}

/// What was typed into the new-thread form.
#[derive(Default)]
pub struct ThreadDraft {
    /// Track id.
    pub track: String,
    /// Other parties chosen.
    pub participants: Vec<String>,
    /// The subject.
    pub subject: String,
    /// The subject's language; empty for the default.
    pub subject_lang: String,
    /// The first message.
    pub message: MessageDraft,
}

/// Builds the new-thread form, filled with `draft`.
pub fn new_thread_page(
    app: &AppState,
    visitor: &SignedIn,
    draft: &ThreadDraft,
    problem: Option<Problem>,
) -> Result<NewThreadPage, ApiError> {
    view(app, visitor, |v, read| {
        let subject_lang = if draft.subject_lang.is_empty() {
            v.writing_language()
        } else {
            draft.subject_lang.clone()
        };
        // Only the tracks the visitor may write on are offered; the domain decides again on submit.
        let tracks = v
            .config
            .tracks
            .iter()
            .filter(|track| authz::may_write_on(v.user, &track.id))
            .map(|track| Choice {
                value: track.id.to_string(),
                label: name_in(&track.names, v.t.code()).to_string(),
                selected: track.id.as_str() == draft.track,
            })
            .collect();
        let parties = v
            .config
            .parties
            .iter()
            .filter(|p| &p.id != v.party())
            .map(|p| Choice {
                value: p.id.to_string(),
                label: v.party_name(&p.id),
                selected: draft.participants.iter().any(|c| c == p.id.as_str()),
            })
            .collect();
        Ok(NewThreadPage {
            frame: v.frame(
                visitor,
                v.t.tr("new-thread-heading"),
                "/threads/new",
                last_index(read),
            ),
            problem,
            tracks,
            parties,
            subject: draft.subject.clone(),
            subject_languages: v.text_languages(&subject_lang),
            compose: draft.message.compose(v),
            t: v.t,
        })
    })
}

/// `GET /threads/new`: the form opening a thread, on `?track=` if given.
pub async fn new_thread(
    State(app): State<AppState>,
    visitor: SignedIn,
    Query(filter): Query<TrackFilter>,
) -> Response {
    let draft = ThreadDraft {
        track: filter.track.unwrap_or_default(),
        ..ThreadDraft::default()
    };
    page_or_error(
        &app,
        &visitor,
        new_thread_page(&app, &visitor, &draft, None),
    )
}

#[cfg(test)]
mod query_tests {
    use super::query_string;

    #[test]
    fn a_fragment_query_keeps_only_plain_filter_values() {
        let (status, track, odd) = (
            Some("in_mediation".to_string()),
            None,
            Some("a&b=c".to_string()),
        );
        assert_eq!(
            query_string(&[("status", &status), ("track", &track), ("x", &odd)]),
            "?status=in_mediation"
        );
        assert_eq!(query_string(&[("track", &track)]), "");
    }
}
