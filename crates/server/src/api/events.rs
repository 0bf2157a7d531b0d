//! The live stream: Server-Sent Events carrying every committed event the user may see.
//!
//! Each event's SSE id is its index in the record. A client resumes with `Last-Event-ID` (or
//! `?after=N`) and gets every visible event after that index, then live ones, with no gap and no
//! duplicate: the stream subscribes before reading the backlog, skips live events already sent,
//! and refills from the record when it falls behind.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use fusioncell_domain::{EventBody, visibility::can_see};
use serde::Deserialize;
use tokio::sync::{broadcast, mpsc};
use tokio_stream::wrappers::ReceiverStream;
use utoipa::IntoParams;

use super::ApiQuery;
use super::threads::mark_delivered;
use crate::app::AppState;
use crate::caller::{ApiCaller, Caller};
use crate::core::{Committed, Core};
use crate::error::{ApiError, ErrorBody};

/// Where to start the stream.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StreamStart {
    /// Resume after this record index (the `Last-Event-ID` header takes precedence). Without
    /// either, the stream starts with the next event.
    pub after: Option<u64>,
}

/// The JSON data of one SSE event.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct StreamEvent {
    /// Index in the shared record (also the SSE id).
    pub index: u64,
    /// When it happened (RFC 3339).
    pub at: String,
    /// Event type, e.g. `message.posted` (also the SSE event name).
    #[serde(rename = "type")]
    pub kind: String,
    /// Acting user, if any.
    pub actor: Option<String>,
    /// Acting party, if any.
    pub party: Option<String>,
    /// The event's fields, as in the record.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

fn to_sse(c: &Committed) -> SseEvent {
    let data = c.stream_data.get_or_init(|| {
        serde_json::to_string(&StreamEvent {
            index: c.index,
            at: c.event.at.to_rfc3339(),
            kind: c.event.body.kind().to_string(),
            actor: c.event.actor.as_ref().map(ToString::to_string),
            party: c.event.party.as_ref().map(ToString::to_string),
            body: serde_json::to_value(&c.event.body).unwrap_or_default(),
        })
        .unwrap_or_default()
    });
    SseEvent::default()
        .id(c.index.to_string())
        .event(c.event.body.kind())
        .data(data)
}

/// The live stream of events visible to you (`text/event-stream`).
#[utoipa::path(get, path = "/api/v1/events", tag = "live", params(StreamStart,
        ("Last-Event-ID" = Option<String>, Header, description = "Resume after this index")),
    responses((status = 200, description = "An endless text/event-stream; each event's data is a StreamEvent", body = StreamEvent, content_type = "text/event-stream"),
        (status = 401, body = ErrorBody)))]
pub async fn stream(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    ApiQuery(start): ApiQuery<StreamStart>,
) -> Result<impl axum::response::IntoResponse, ApiError> {
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .or(start.after);
    let (tx, rx) = mpsc::channel(256);
    let live = app.core.subscribe();
    tokio::spawn(pump(
        app.core.clone(),
        caller,
        resume,
        live,
        tx,
        app.shutdown.clone(),
    ));
    metrics::gauge!("fusioncell_sse_streams").increment(1.0);
    Ok(Sse::new(ReceiverStream::new(rx))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// Sends the events of `log[from..]` visible to the caller; returns the next index to send.
async fn send_backlog(
    core: &Core,
    caller: &Caller,
    from: u64,
    tx: &mpsc::Sender<Result<SseEvent, Infallible>>,
) -> Option<u64> {
    let batch: Vec<Arc<Committed>> = {
        let read = core.read();
        read.log.get(from as usize..).unwrap_or(&[]).to_vec()
    };
    let mut next = from;
    for c in batch {
        next = c.index + 1;
        if deliver(core, caller, &c, tx).await.is_err() {
            return None;
        }
    }
    Some(next)
}

/// Sends one event if the caller may see it, recording delivery of messages addressed to them.
async fn deliver(
    core: &Core,
    caller: &Caller,
    c: &Committed,
    tx: &mpsc::Sender<Result<SseEvent, Infallible>>,
) -> Result<(), ()> {
    if !can_see(&c.event.audience, &caller.user.party) {
        return Ok(());
    }
    tx.send(Ok(to_sse(c))).await.map_err(|_| ())?;
    if let EventBody::MessagePosted {
        message, addressed, ..
    } = &c.event.body
        && addressed.contains(&caller.user.party)
    {
        let (core, caller, message) = (core.clone(), caller.clone(), message.clone());
        tokio::spawn(async move { mark_delivered(&core, &caller, vec![message]).await });
    }
    Ok(())
}

async fn pump(
    core: Core,
    caller: Caller,
    resume: Option<u64>,
    mut live: broadcast::Receiver<Arc<Committed>>,
    tx: mpsc::Sender<Result<SseEvent, Infallible>>,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let mut next = match resume {
        Some(after) => match send_backlog(&core, &caller, after.saturating_add(1), &tx).await {
            Some(n) => n,
            None => return,
        },
        None => core.read().log.len() as u64,
    };
    loop {
        tokio::select! {
            received = live.recv() => match received {
                Ok(c) if c.index < next => {}
                Ok(c) if c.index == next => {
                    next += 1;
                    if deliver(&core, &caller, &c, &tx).await.is_err() { break; }
                }
                // Ahead of what was sent, or fell behind: refill from the record.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    match send_backlog(&core, &caller, next, &tx).await {
                        Some(n) => next = n,
                        None => break,
                    }
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = tx.closed() => break,
            _ = shutdown.cancelled() => break,
        }
    }
    metrics::gauge!("fusioncell_sse_streams").decrement(1.0);
}
