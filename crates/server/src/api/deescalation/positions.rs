//! The position feed: batch JSON or streaming NDJSON.
//!
//! Reports are not recorded one by one (see `fusioncell_domain::deescalation::crossing`): the
//! feed's [`Tracker`] finds the zone entries and exits, and only those are submitted, as the
//! caller, in the order found. The tracker is held locked from finding to recording so that
//! crossings of one track reach the record in order. If recording fails the tracker is
//! dropped; the next batch starts a fresh one that reconciles with the record.

use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use fusioncell_domain::deescalation::{
    DeescalationCommand, DeescalationEvent, PositionFix, PositionTrackId, Tracker,
};
use fusioncell_domain::{Actor, Command, DomainError, EventBody, authz};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::activities::raised;
use super::views::{AlertView, CrossingView, parse_name, parse_time};
use crate::app::{AppState, MAX_BODY};
use crate::caller::{ApiCaller, Caller};
use crate::error::{ApiError, ErrorBody};

/// Longest NDJSON line accepted, in bytes.
const MAX_LINE: usize = 16 * 1024;
/// Reports of a stream taken together, at most.
const STREAM_BATCH: usize = 1_000;

/// The tracker of a running server, shared by every feed.
#[derive(Default)]
pub struct Feed(tokio::sync::Mutex<Option<Tracker>>);

/// One position report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FixBody {
    /// Track id, unique within your party.
    #[schema(example = "il-f16-07")]
    pub track: String,
    /// When the position was observed (RFC 3339).
    pub time: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Altitude, metres above mean sea level.
    pub altitude_m: Option<f64>,
    /// What the track is doing (an activity kind); `movement` when absent. Zone rules forbid
    /// kinds.
    #[schema(example = "air")]
    pub kind: Option<String>,
}

impl FixBody {
    fn to_fix(&self, at: &str) -> Result<PositionFix, ApiError> {
        Ok(PositionFix {
            track: crate::api::views::parse_id(
                &format!("{at}.track"),
                &self.track,
                PositionTrackId::new,
            )?,
            time: parse_time(&format!("{at}.time"), &self.time)?,
            lon: self.lon,
            lat: self.lat,
            altitude_m: self.altitude_m,
            activity_kind: match &self.kind {
                Some(k) => parse_name(&format!("{at}.kind"), k)?,
                None => fusioncell_geo::ActivityKind::Movement,
            },
        })
    }
}

/// A batch of reports.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedBody {
    /// The reports, in time order per track.
    pub positions: Vec<FixBody>,
}

/// What a batch brought.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedResult {
    /// Reports taken.
    pub accepted: usize,
    /// Zone entries and exits recorded.
    pub crossings: Vec<CrossingView>,
    /// Alerts raised (tracks entering zones their party may not enter).
    pub alerts: Vec<AlertView>,
}

/// Takes a batch of the caller's reports and records the crossings they cause.
async fn take(
    app: &AppState,
    feed: &Feed,
    caller: &Caller,
    fixes: &[PositionFix],
) -> Result<FeedResult, ApiError> {
    let mut tracker = feed.0.lock().await;
    let crossings = {
        let read = app.core.read();
        let config = read.state.config().ok_or(DomainError::NotConfigured)?;
        tracker
            .get_or_insert_with(|| Tracker::new(&config.deescalation))
            .observe(&read.state.deescalation, &caller.user.party, fixes)?
    };
    if crossings.is_empty() {
        return Ok(FeedResult {
            accepted: fixes.len(),
            crossings: vec![],
            alerts: vec![],
        });
    }
    let command = Command::Deescalation(DeescalationCommand::RecordCrossings { crossings });
    let events = match app
        .core
        .submit(Actor::User(caller.user.id.clone()), command)
        .await
    {
        Ok(events) => events,
        Err(e) => {
            *tracker = None;
            return Err(e.into());
        }
    };
    drop(tracker);
    let read = app.core.read();
    let party = Some(&caller.user.party);
    Ok(FeedResult {
        accepted: fixes.len(),
        crossings: read
            .state
            .deescalation
            .crossings
            .iter()
            .rev()
            .take_while(|c| events.first().is_some_and(|e| c.log_index >= e.index))
            .filter(|c| {
                events.iter().any(|e| {
                    e.index == c.log_index
                        && matches!(
                            &e.event.body,
                            EventBody::Deescalation {
                                event: DeescalationEvent::ZoneEntered { .. }
                                    | DeescalationEvent::ZoneExited { .. }
                            }
                        )
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(Into::into)
            .collect(),
        alerts: raised(&read.state, party, &events),
    })
}

/// Maps a body that is not the JSON expected to the API's error codes.
fn json_error(e: &serde_json::Error, at: &str) -> ApiError {
    if e.is_data() {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("{at}: {e}"),
        )
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("{at}: {e}"),
        )
    }
}

/// Feed positions of your party's tracks: `application/json` with a batch
/// (`{"positions": [...]}`, up to the body limit), or `application/x-ndjson` with one report per
/// line, streamed for as long as the feed runs and taken in batches as lines arrive. Only zone
/// entries and exits are recorded; a track entering a zone its party may not enter (with that
/// kind of activity) raises an alert. An NDJSON feed is answered in NDJSON: one result line per
/// batch taken, and an `{"error": …, "line": n}` line if a line is refused (the lines before it
/// were taken).
#[utoipa::path(post, path = "/api/v1/positions", tag = "de-escalation",
    request_body(content((FeedBody = "application/json"), (FixBody = "application/x-ndjson"))),
    responses((status = 200, content((FeedResult = "application/json"), (FeedResult = "application/x-ndjson")),
            description = "What the batch brought; for NDJSON, one such line per batch taken"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn feed(
    State(app): State<AppState>,
    Extension(feed): Extension<Arc<Feed>>,
    ApiCaller(caller): ApiCaller,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    authz::require_report_positions(&caller.user)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media = content_type.split(';').next().unwrap_or_default().trim();
    match media {
        "application/json" => {
            let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("the body is larger than {MAX_BODY} bytes; stream NDJSON instead"),
                )
            })?;
            let batch: FeedBody =
                serde_json::from_slice(&bytes).map_err(|e| json_error(&e, "body"))?;
            let fixes = batch
                .positions
                .iter()
                .enumerate()
                .map(|(i, f)| f.to_fix(&format!("positions[{i}]")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(axum::Json(take(&app, &feed, &caller, &fixes).await?).into_response())
        }
        "application/x-ndjson" => stream(&app, &feed, &caller, body).await,
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send positions as application/json or application/x-ndjson",
        )),
    }
}

/// Reads NDJSON as it arrives, taking a batch whenever a chunk ends or the batch is full.
async fn stream(
    app: &AppState,
    feed: &Feed,
    caller: &Caller,
    body: Body,
) -> Result<Response, ApiError> {
    let mut chunks = body.into_data_stream();
    let mut reader = Ndjson::default();
    loop {
        let (lines, end) = match chunks.next().await {
            Some(Ok(chunk)) => (reader.lines(Some(&chunk)), false),
            Some(Err(e)) => {
                reader.take(app, feed, caller).await?;
                reader.fail(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_body",
                    e.to_string(),
                ))?;
                break;
            }
            None => (reader.lines(None), true),
        };
        let mut failed = reader.overlong();
        for line in lines {
            reader.line_no += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let at = format!("line {}", reader.line_no);
            match serde_json::from_slice::<FixBody>(&line)
                .map_err(|e| json_error(&e, &at))
                .and_then(|f| f.to_fix(&at))
            {
                Ok(fix) => reader.fixes.push(fix),
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
            if reader.fixes.len() >= STREAM_BATCH {
                reader.take(app, feed, caller).await?;
            }
            if reader.stopped {
                break;
            }
        }
        reader.take(app, feed, caller).await?;
        if let Some(e) = failed.filter(|_| !reader.stopped) {
            reader.fail(e)?;
        }
        if end || reader.stopped {
            break;
        }
    }
    let text: String = reader.out.iter().map(|v| format!("{v}\n")).collect();
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], text).into_response())
}

/// An NDJSON feed being read: bytes of an unfinished line, reports not yet taken, the answer.
#[derive(Default)]
struct Ndjson {
    pending: Vec<u8>,
    fixes: Vec<PositionFix>,
    line_no: usize,
    out: Vec<serde_json::Value>,
    /// Set once an error line was written: nothing more is taken.
    stopped: bool,
}

impl Ndjson {
    /// The complete lines once `chunk` is added (`None` at the end: the rest is a line).
    fn lines(&mut self, chunk: Option<&[u8]>) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        match chunk {
            Some(bytes) => self.pending.extend_from_slice(bytes),
            None if !self.pending.is_empty() => lines.push(std::mem::take(&mut self.pending)),
            None => {}
        }
        while let Some(pos) = self.pending.iter().position(|b| *b == b'\n') {
            let mut line: Vec<u8> = self.pending.drain(..=pos).collect();
            line.pop();
            lines.push(line);
        }
        lines
    }

    /// An error when the unfinished line is already too long to be a report.
    fn overlong(&self) -> Option<ApiError> {
        (self.pending.len() > MAX_LINE).then(|| {
            ApiError::invalid(
                &format!("line {}", self.line_no + 1),
                format!("is longer than {MAX_LINE} bytes"),
            )
        })
    }

    /// Takes the reports read so far and adds the result line.
    async fn take(&mut self, app: &AppState, feed: &Feed, caller: &Caller) -> Result<(), ApiError> {
        if self.fixes.is_empty() || self.stopped {
            return Ok(());
        }
        match take(app, feed, caller, &self.fixes).await {
            Ok(result) => {
                self.out
                    .push(serde_json::to_value(result).unwrap_or_default());
                self.fixes.clear();
                Ok(())
            }
            Err(e) => self.fail(e),
        }
    }

    /// Refuses the feed: a plain error when nothing was taken yet, else an error line.
    fn fail(&mut self, e: ApiError) -> Result<(), ApiError> {
        if self.out.is_empty() {
            return Err(e);
        }
        self.fixes.clear();
        self.stopped = true;
        self.out.push(serde_json::json!({
            "error": ErrorBody { code: e.code.into(), message: e.message },
            "line": self.line_no,
        }));
        Ok(())
    }
}
