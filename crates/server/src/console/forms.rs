//! The console's forms (POST). Each goes through the same functions as the API, so the domain
//! decides exactly as it does for integrations. A write that succeeds redirects (303) back to a
//! page; one that is refused shows its page again with the reason and everything typed kept.

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use fusioncell_domain::{Command, LangText, MessageId, ThreadId, queries};

use super::i18n::{I18n, LANG_COOKIE, Lang};
use super::pages::{self, MessageDraft, ThreadDraft, ThreadForms, message_field, render};
use super::session::{SignedIn, set_cookie};
use super::view::{Draft, Problem, ProblemField};
use crate::api::threads::{
    NewMessageBody, NewThreadBody, message_command, open_thread, post_message,
};
use crate::api::views::{TextView, path_id};
use crate::app::AppState;
use crate::error::ApiError;

/// An url-encoded form as its fields, in order. Missing fields read as empty, so a form that
/// lacks one is refused by the rule it breaks (a CSRF token, a text) rather than by a parser.
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// The first value of field `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of field `name` (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        axum::Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map(|axum::Form(fields)| FormData(fields))
            .map_err(IntoResponse::into_response)
    }
}

/// `next` if it is a path on this site, else the dashboard: a form must not send anyone elsewhere.
fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

/// The answer refusing a form without this session's CSRF token, if it lacks it.
fn csrf_refusal(app: &AppState, visitor: &SignedIn, form: &FormData) -> Option<Response> {
    visitor
        .check_csrf(form.get("csrf"))
        .err()
        .map(|e| pages::error_page(app, visitor, &e))
}

fn message_draft(form: &FormData) -> MessageDraft {
    MessageDraft {
        text: form.get("text").to_string(),
        lang: form.get("lang").to_string(),
        priority: form.get("priority").to_string(),
    }
}

fn message_body(draft: &MessageDraft) -> NewMessageBody {
    NewMessageBody {
        body: TextView {
            lang: draft.lang.clone(),
            text: draft.text.clone(),
        },
        priority: Some(draft.priority.clone()).filter(|p| !p.is_empty()),
    }
}

/// `POST /threads`: opens a thread, with a first message unless its text is left empty.
pub async fn open(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Some(refused) = csrf_refusal(&app, &visitor, &form) {
        return refused;
    }
    let draft = ThreadDraft {
        track: form.get("track").to_string(),
        participants: form.all("participants"),
        subject: form.get("subject").to_string(),
        subject_lang: form.get("subject_lang").to_string(),
        message: message_draft(&form),
    };
    let body = NewThreadBody {
        track: draft.track.clone(),
        subject: TextView {
            lang: draft.subject_lang.clone(),
            text: draft.subject.clone(),
        },
        participants: draft.participants.clone(),
        message: (!draft.message.text.trim().is_empty()).then(|| message_body(&draft.message)),
    };
    match open_thread(&app.core, &visitor.caller, body).await {
        Ok(opened) => Redirect::to(&format!("/threads/{}", opened.thread.id)).into_response(),
        Err(e) => {
            let t = I18n(visitor.lang);
            let problem = Problem::new(&t, &e, |f| message_field(&t, f));
            match pages::new_thread_page(&app, &visitor, &draft, Some(problem)) {
                Ok(page) => render(e.status, &page),
                Err(e) => pages::error_page(&app, &visitor, &e),
            }
        }
    }
}

/// Shows thread `id` again after a refusal, with what was typed.
fn thread_again(
    app: &AppState,
    visitor: &SignedIn,
    id: &ThreadId,
    status: StatusCode,
    forms: ThreadForms,
) -> Response {
    match pages::thread_page(app, visitor, id, forms) {
        Ok(page) => render(status, &page),
        Err(e) => pages::error_page(app, visitor, &e),
    }
}

/// `POST /threads/{id}/messages`: posts a message.
pub async fn post(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    if let Some(refused) = csrf_refusal(&app, &visitor, &form) {
        return refused;
    }
    let id = match path_id("thread", &id, ThreadId::new) {
        Ok(id) => id,
        Err(e) => return pages::error_page(&app, &visitor, &e),
    };
    let draft = message_draft(&form);
    match post_message(&app.core, &visitor.caller, id.clone(), message_body(&draft)).await {
        Ok(written) => {
            Redirect::to(&format!("/threads/{id}#m-{}", written.message.id)).into_response()
        }
        Err(e) => {
            let t = I18n(visitor.lang);
            let forms = ThreadForms {
                problem: Some(Problem::new(&t, &e, |f| message_field(&t, f))),
                message: draft,
                translation: None,
            };
            thread_again(&app, &visitor, &id, e.status, forms)
        }
    }
}

/// The thread of message `id`, if the visitor may see it.
fn thread_of(app: &AppState, visitor: &SignedIn, id: &MessageId) -> Option<ThreadId> {
    let read = app.core.read();
    queries::message(&read.state, Some(&visitor.caller.user.party), id)
        .ok()
        .map(|(_, th)| th.id.clone())
}

/// Shows the thread of message `id` again after `e` refused a request on it, or the error alone
/// when the message cannot be seen.
fn refused_on_message(
    app: &AppState,
    visitor: &SignedIn,
    id: &MessageId,
    e: ApiError,
    forms: impl FnOnce(Problem) -> ThreadForms,
) -> Response {
    let Some(thread) = thread_of(app, visitor, id) else {
        return pages::error_page(app, visitor, &e);
    };
    let t = I18n(visitor.lang);
    let field = |f: &str| {
        let (prefix, key) = match f {
            "lang" => ("translation-lang", "field-translation-lang"),
            "text" => ("translation-text", "field-translation-text"),
            _ => return None,
        };
        Some(ProblemField {
            id: format!("{prefix}-{id}"),
            label: t.tr(key),
        })
    };
    let problem = Problem::new(&t, &e, field);
    thread_again(app, visitor, &thread, e.status, forms(problem))
}

/// `POST /messages/{id}/acknowledge`: acknowledges receipt for the visitor's party.
pub async fn acknowledge(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    if let Some(refused) = csrf_refusal(&app, &visitor, &form) {
        return refused;
    }
    let id = match path_id("message", &id, MessageId::new) {
        Ok(id) => id,
        Err(e) => return pages::error_page(&app, &visitor, &e),
    };
    match message_command(
        &app.core,
        &visitor.caller,
        id.clone(),
        Command::Acknowledge {
            message: id.clone(),
        },
    )
    .await
    {
        Ok(_) => Redirect::to(local_path(form.get("next"))).into_response(),
        Err(e) => refused_on_message(&app, &visitor, &id, e, |problem| ThreadForms {
            problem: Some(problem),
            ..ThreadForms::default()
        }),
    }
}

/// `POST /messages/{id}/translations`: adds a translation, labelled with the visitor.
pub async fn translate(
    State(app): State<AppState>,
    visitor: SignedIn,
    Path(id): Path<String>,
    form: FormData,
) -> Response {
    if let Some(refused) = csrf_refusal(&app, &visitor, &form) {
        return refused;
    }
    let id = match path_id("message", &id, MessageId::new) {
        Ok(id) => id,
        Err(e) => return pages::error_page(&app, &visitor, &e),
    };
    let text = LangText {
        lang: form.get("lang").to_string(),
        text: form.get("text").to_string(),
    };
    let draft = Draft {
        lang: text.lang.clone(),
        text: text.text.clone(),
        open: true,
    };
    match message_command(
        &app.core,
        &visitor.caller,
        id.clone(),
        Command::Translate {
            message: id.clone(),
            text,
        },
    )
    .await
    {
        Ok(written) => {
            Redirect::to(&format!("/threads/{}#m-{id}", written.message.thread)).into_response()
        }
        Err(e) => refused_on_message(&app, &visitor, &id, e, |problem| ThreadForms {
            problem: Some(problem),
            translation: Some((id.clone(), draft)),
            ..ThreadForms::default()
        }),
    }
}

/// `POST /language`: changes the session's interface language.
pub async fn language(State(app): State<AppState>, visitor: SignedIn, form: FormData) -> Response {
    if let Some(refused) = csrf_refusal(&app, &visitor, &form) {
        return refused;
    }
    let Some(lang) = Lang::from_code(form.get("lang")) else {
        let e = ApiError::invalid("lang", "is not one of en, ar, he");
        return pages::error_page(&app, &visitor, &e);
    };
    if let Err(e) = app
        .store
        .set_session_language(&visitor.session, lang.code())
        .await
    {
        return pages::error_page(&app, &visitor, &e.into());
    }
    let mut response = Redirect::to(local_path(form.get("next"))).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), "/", Some(LANG_COOKIE_AGE)),
    );
    response
}

/// How long the language cookie is kept, in seconds (a year).
pub const LANG_COOKIE_AGE: u64 = 365 * 86_400;

/// A `datetime-local` input's text (minutes, no zone) as RFC 3339 in UTC, which every form says
/// its times are; any other text is left for the API to judge and refuse by name.
pub fn utc_from_local(text: &str) -> String {
    if text.len() == 16 {
        format!("{text}:00Z")
    } else {
        text.to_string()
    }
}

/// An instant as a `datetime-local` input's value, in UTC.
pub fn local_from(t: fusioncell_domain::Timestamp) -> String {
    t.to_rfc3339()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn forms_send_back_only_to_this_site() {
        assert_eq!(local_path("/threads/t-1#m-2"), "/threads/t-1#m-2");
        for outside in [
            "https://example.org/",
            "//example.org",
            "/\\example.org",
            "",
            "threads",
            "/a\nb",
        ] {
            assert_eq!(local_path(outside), "/", "{outside:?}");
        }
    }
}
