//! Threads, messages, receipts and the hotline's pending list.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use fusioncell_domain::{
    Actor, Command, MessageId, NewMessage, Priority, ThreadId, TrackId, queries,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::views::{MessageView, RecordRef, TextView, ThreadView, parse_id, path_id};
use super::{ApiJson, ApiQuery};
use crate::app::AppState;
use crate::auth::random_id;
use crate::caller::{ApiCaller, Caller};
use crate::core::{Committed, Core};
use crate::error::{ApiError, ErrorBody};

/// Filters of the thread list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ThreadFilter {
    /// Only threads on this track.
    pub track: Option<String>,
}

/// A new message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessageBody {
    /// The text and its language.
    pub body: TextView,
    /// `routine` (default), `priority` or `flash`.
    #[schema(example = "flash")]
    pub priority: Option<String>,
}

/// A new thread.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewThreadBody {
    /// Track id.
    #[schema(example = "de-escalation")]
    pub track: String,
    /// Subject and its language.
    pub subject: TextView,
    /// The other parties in the conversation; empty for an internal thread of your own party.
    #[schema(example = json!(["il"]))]
    pub participants: Vec<String>,
    /// An optional first message.
    pub message: Option<NewMessageBody>,
}

/// A new translation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationBody {
    /// Language of the translation.
    pub lang: String,
    /// The translated text.
    pub text: String,
}

/// A thread with its messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadWithMessages {
    /// The thread.
    pub thread: ThreadView,
    /// Its messages, oldest first.
    pub messages: Vec<MessageView>,
}

/// The answer to a thread being opened.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenedThread {
    /// The thread.
    pub thread: ThreadView,
    /// Its first message, if one was sent.
    pub message: Option<MessageView>,
    /// Where it landed in the record.
    pub record: RecordRef,
}

/// The answer to a write on a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageWrite {
    /// The message as it now stands.
    pub message: MessageView,
    /// Where the write landed in the record.
    pub record: RecordRef,
}

/// What the caller's party must attend to.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pending {
    /// Messages awaiting your party's acknowledgement, earliest deadline first.
    pub to_acknowledge: Vec<MessageView>,
    /// Your party's messages still awaiting other parties.
    pub awaiting_others: Vec<MessageView>,
    /// Escalated messages you may see, most recent first.
    pub escalations: Vec<MessageView>,
}

pub(crate) fn record(events: &[std::sync::Arc<Committed>]) -> RecordRef {
    RecordRef {
        indices: events.iter().map(|c| c.index).collect(),
        receipts: events
            .iter()
            .map(|c| format!("/api/v1/log/receipts/{}", c.index))
            .collect(),
    }
}

pub(crate) fn parse_priority(text: Option<&str>) -> Result<Priority, ApiError> {
    match text {
        None => Ok(Priority::Routine),
        Some(p) => Priority::parse(p).ok_or_else(|| {
            ApiError::invalid(
                "priority",
                format!("`{p}` is not one of routine, priority, flash"),
            )
        }),
    }
}

/// The message `id` as `caller` may see it.
pub(crate) fn message_view(
    core: &Core,
    caller: &Caller,
    id: &MessageId,
) -> Result<MessageView, ApiError> {
    let read = core.read();
    let (m, _) = queries::message(&read.state, Some(&caller.user.party), id)?;
    Ok(m.into())
}

/// Opens a thread, with a first message when given.
pub(crate) async fn open_thread(
    core: &Core,
    caller: &Caller,
    body: NewThreadBody,
) -> Result<OpenedThread, ApiError> {
    let track = parse_id("track", &body.track, TrackId::new)?;
    let participants = body
        .participants
        .iter()
        .map(|p| parse_id("participants", p, fusioncell_domain::PartyId::new))
        .collect::<Result<_, _>>()?;
    let first = match body.message {
        Some(m) => Some(NewMessage {
            id: MessageId::new(&random_id("m-")).expect("random ids are valid"),
            priority: parse_priority(m.priority.as_deref())?,
            body: m.body.into(),
        }),
        None => None,
    };
    let thread = ThreadId::new(&random_id("t-")).expect("random ids are valid");
    let events = core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::OpenThread {
                thread: thread.clone(),
                track,
                subject: body.subject.into(),
                participants,
                first: first.clone(),
            },
        )
        .await?;
    let read = core.read();
    let party = Some(&caller.user.party);
    let t = queries::thread(&read.state, party, &thread)?;
    let message = match first {
        Some(m) => Some(queries::message(&read.state, party, &m.id)?.0.into()),
        None => None,
    };
    Ok(OpenedThread {
        thread: t.into(),
        message,
        record: record(&events),
    })
}

/// Posts a message in a thread.
pub(crate) async fn post_message(
    core: &Core,
    caller: &Caller,
    thread: ThreadId,
    body: NewMessageBody,
) -> Result<MessageWrite, ApiError> {
    let message = NewMessage {
        id: MessageId::new(&random_id("m-")).expect("random ids are valid"),
        priority: parse_priority(body.priority.as_deref())?,
        body: body.body.into(),
    };
    let id = message.id.clone();
    let events = core
        .submit(
            Actor::User(caller.user.id.clone()),
            Command::PostMessage { thread, message },
        )
        .await?;
    Ok(MessageWrite {
        message: message_view(core, caller, &id)?,
        record: record(&events),
    })
}

/// Runs a command on a message and answers with the message as it now stands.
pub(crate) async fn message_command(
    core: &Core,
    caller: &Caller,
    id: MessageId,
    command: Command,
) -> Result<MessageWrite, ApiError> {
    let events = core
        .submit(Actor::User(caller.user.id.clone()), command)
        .await?;
    Ok(MessageWrite {
        message: message_view(core, caller, &id)?,
        record: record(&events),
    })
}

/// Records delivery to the caller's party of every listed message still undelivered to it. When
/// several of the party's streams deliver one message at once, only one of them records it.
pub(crate) async fn mark_delivered(core: &Core, caller: &Caller, messages: Vec<MessageId>) {
    let party = &caller.user.party;
    let undelivered: Vec<MessageId> = {
        let read = core.read();
        messages
            .into_iter()
            .filter(|id| {
                read.state.messages.get(id).is_some_and(|m| {
                    m.receipts
                        .get(party)
                        .is_some_and(|r| r.delivered_at.is_none())
                })
            })
            .collect()
    };
    for message in undelivered {
        if !core.claim_receipt(&message, party) {
            continue;
        }
        let outcome = core
            .submit(
                Actor::User(caller.user.id.clone()),
                Command::MarkDelivered {
                    message: message.clone(),
                },
            )
            .await;
        core.release_receipt(&message, party);
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "delivery receipt not recorded");
        }
    }
}

/// List the threads you may see.
#[utoipa::path(get, path = "/api/v1/threads", tag = "threads", params(ThreadFilter),
    responses((status = 200, body = [ThreadView]), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(filter): ApiQuery<ThreadFilter>,
) -> Result<Json<Vec<ThreadView>>, ApiError> {
    let track = filter
        .track
        .as_deref()
        .map(|t| parse_id("track", t, TrackId::new))
        .transpose()?;
    let read = app.core.read();
    Ok(Json(
        queries::threads(&read.state, Some(&caller.user.party), track.as_ref())
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Open a thread, optionally with its first message.
#[utoipa::path(post, path = "/api/v1/threads", tag = "threads", request_body = NewThreadBody,
    responses((status = 201, body = OpenedThread), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiJson(body): ApiJson<NewThreadBody>,
) -> Result<(StatusCode, Json<OpenedThread>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(open_thread(&app.core, &caller, body).await?),
    ))
}

/// A thread with its messages. Records delivery to your party of the messages addressed to it.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "threads", params(("id" = String, Path, description = "Thread id")),
    responses((status = 200, body = ThreadWithMessages), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<ThreadWithMessages>, ApiError> {
    let id = path_id("thread", &id, ThreadId::new)?;
    let ids = {
        let read = app.core.read();
        queries::thread(&read.state, Some(&caller.user.party), &id)?
            .messages
            .clone()
    };
    mark_delivered(&app.core, &caller, ids).await;
    let read = app.core.read();
    let thread = queries::thread(&read.state, Some(&caller.user.party), &id)?;
    Ok(Json(ThreadWithMessages {
        thread: thread.into(),
        messages: queries::messages(&read.state, thread)
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}

/// Post a message in a thread.
#[utoipa::path(post, path = "/api/v1/threads/{id}/messages", tag = "threads", request_body = NewMessageBody,
    params(("id" = String, Path, description = "Thread id")),
    responses((status = 201, body = MessageWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewMessageBody>,
) -> Result<(StatusCode, Json<MessageWrite>), ApiError> {
    let id = path_id("thread", &id, ThreadId::new)?;
    Ok((
        StatusCode::CREATED,
        Json(post_message(&app.core, &caller, id, body).await?),
    ))
}

/// One message.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages", params(("id" = String, Path, description = "Message id")),
    responses((status = 200, body = MessageView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn message(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MessageView>, ApiError> {
    let id = path_id("message", &id, MessageId::new)?;
    Ok(Json(message_view(&app.core, &caller, &id)?))
}

/// Acknowledge receipt of a message for your party. Acknowledgement means receipt, not agreement.
#[utoipa::path(post, path = "/api/v1/messages/{id}/acknowledge", tag = "messages", params(("id" = String, Path, description = "Message id")),
    responses((status = 200, body = MessageWrite), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MessageWrite>, ApiError> {
    let id = path_id("message", &id, MessageId::new)?;
    Ok(Json(
        message_command(
            &app.core,
            &caller,
            id.clone(),
            Command::Acknowledge { message: id },
        )
        .await?,
    ))
}

/// Record that you opened a message (a read receipt for your party).
#[utoipa::path(post, path = "/api/v1/messages/{id}/read", tag = "messages", params(("id" = String, Path, description = "Message id")),
    responses((status = 200, body = MessageWrite), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn read(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<MessageWrite>, ApiError> {
    let id = path_id("message", &id, MessageId::new)?;
    Ok(Json(
        message_command(
            &app.core,
            &caller,
            id.clone(),
            Command::MarkRead { message: id },
        )
        .await?,
    ))
}

/// Add a translation of a message, labelled with you as translator.
#[utoipa::path(post, path = "/api/v1/messages/{id}/translations", tag = "messages", request_body = TranslationBody,
    params(("id" = String, Path, description = "Message id")),
    responses((status = 201, body = MessageWrite), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn translate(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TranslationBody>,
) -> Result<(StatusCode, Json<MessageWrite>), ApiError> {
    let id = path_id("message", &id, MessageId::new)?;
    let command = Command::Translate {
        message: id.clone(),
        text: fusioncell_domain::LangText {
            lang: body.lang,
            text: body.text,
        },
    };
    Ok((
        StatusCode::CREATED,
        Json(message_command(&app.core, &caller, id, command).await?),
    ))
}

/// What your party must attend to: acknowledgements due, your messages awaiting others, escalations.
#[utoipa::path(get, path = "/api/v1/pending", tag = "messages",
    responses((status = 200, body = Pending), (status = 401, body = ErrorBody)))]
pub async fn pending(State(app): State<AppState>, ApiCaller(caller): ApiCaller) -> Json<Pending> {
    let read = app.core.read();
    let party = &caller.user.party;
    Json(Pending {
        to_acknowledge: queries::awaiting_acknowledgement(&read.state, party)
            .into_iter()
            .map(Into::into)
            .collect(),
        awaiting_others: queries::awaiting_others(&read.state, party)
            .into_iter()
            .map(Into::into)
            .collect(),
        escalations: queries::escalations(&read.state, Some(party))
            .into_iter()
            .map(Into::into)
            .collect(),
    })
}
