//! The record over HTTP.
//!
//! Under `/log`, the C2SP tiled-log resources, which hold hashes only and so are public unless
//! `require_authentication` is set: `checkpoint` (the signed checkpoint with its cosignatures),
//! `key` (the log's verifier key) and `tile/...` (Merkle tree tiles and entry bundles of
//! commitments). Under `/api/v1/log`, what needs a caller: an entry with its opening and
//! inclusion proof, its receipt, the openings a caller may see, and the status; plus
//! consistency proofs, which are hashes only and follow the `/log` rule.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::visibility::can_see;
use fusioncell_ledger::tiles::{TILE_HEIGHT, TILE_WIDTH, encode_entry_bundle, tile_bytes};
use fusioncell_ledger::{TileKind, TilePath, TlogProof, entry_commitment};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use utoipa::{IntoParams, ToSchema};

use super::status::RecordStatus;
use super::{Published, Record};
use crate::api::ApiQuery;
use crate::app::AppState;
use crate::caller::{ApiCaller, resolve};
use crate::core::Committed;
use crate::error::{ApiError, ErrorBody};

/// How long an entry or receipt request waits for a checkpoint to cover a fresh entry.
const CHECKPOINT_WAIT: Duration = Duration::from_secs(3);

/// Most entries one openings request looks at.
const MAX_OPENINGS_SCAN: u64 = 10_000;

/// `Cache-Control` of tiles and entry bundles: a tile path names fixed content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A reader of the public log endpoints: anyone, unless the record requires a signed-in caller.
pub struct LogReader;

impl FromRequestParts<AppState> for LogReader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        if app.record.require_authentication() && resolve(parts, app).await?.is_none() {
            return Err(ApiError::unauthenticated());
        }
        Ok(LogReader)
    }
}

/// An entry of the record with its opening and inclusion proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogEntry {
    /// Its index in the record.
    pub index: u64,
    /// The event's canonical bytes, exactly as committed (a JSON text).
    pub event: String,
    /// The commitment's salt, base64.
    pub salt: String,
    /// The leaf's data: `SHA-256("fusioncell/entry/v1" || 0x00 || salt || event)`, base64.
    pub commitment: String,
    /// RFC 9162 inclusion proof of the leaf in the checkpoint's tree, base64 hashes, leaf
    /// first.
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint the proof leads to, with its cosignatures.
    pub checkpoint: String,
}

/// A consistency proof between two checkpoints.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConsistencyProof {
    /// The older size.
    pub from: u64,
    /// The newer size.
    pub to: u64,
    /// RFC 9162 consistency proof, base64 hashes.
    pub proof: Vec<String>,
}

/// The sizes of a consistency proof.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ConsistencySizes {
    /// The older size.
    pub from: u64,
    /// The newer size; default the published checkpoint's.
    pub to: Option<u64>,
}

/// A range of the record to open.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OpeningsRange {
    /// First index to look at (default 0).
    pub from: Option<u64>,
    /// End of the range, exclusive; default and at most the published checkpoint's size.
    pub to: Option<u64>,
    /// Most entries to look at in this request (default and at most 10000).
    pub limit: Option<u64>,
}

/// The openings of the entries a caller may see in a range.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Openings {
    /// The openings, by increasing index.
    pub entries: Vec<Opening>,
    /// Where to continue, if the range was not looked at to its end.
    pub next: Option<u64>,
    /// The end of the range looked at (exclusive).
    pub to: u64,
}

/// The opening of one entry's commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Opening {
    /// The entry's index.
    pub index: u64,
    /// The event's canonical bytes, exactly as committed (a JSON text).
    pub event: String,
    /// The salt, base64.
    pub salt: String,
}

impl Opening {
    /// The opening of a committed event.
    pub fn of(c: &Committed) -> Opening {
        Opening {
            index: c.index,
            event: String::from_utf8_lossy(&c.bytes).into_owned(),
            salt: STANDARD.encode(c.salt),
        }
    }
}

fn not_ready(record: &Record) -> ApiError {
    let message = record
        .view()
        .problem
        .unwrap_or_else(|| "the record has no checkpoint yet: is the cell configured?".into());
    ApiError {
        retry_after: Some(1),
        ..ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "record_not_ready", message)
    }
}

fn published(record: &Record) -> Result<Arc<Published>, ApiError> {
    record.published().ok_or_else(|| not_ready(record))
}

fn text(body: String, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// The latest checkpoint, signed by the log, with every witness cosignature received.
#[utoipa::path(get, path = "/log/checkpoint", tag = "record", security(()),
    responses((status = 200, description = "A C2SP checkpoint (signed note)", body = String, content_type = "text/plain"),
        (status = 401, description = "Only when the record requires a signed-in caller", body = ErrorBody),
        (status = 503, description = "No checkpoint yet", body = ErrorBody)))]
pub async fn checkpoint(State(app): State<AppState>, _: LogReader) -> Result<Response, ApiError> {
    // It changes with every commit: caches may keep it a second at most.
    Ok(text(
        published(&app.record)?.text.clone(),
        "public, max-age=1",
    ))
}

/// The log's verifier key, `<origin>+<key id>+<base64 key>`.
#[utoipa::path(get, path = "/log/key", tag = "record", security(()),
    responses((status = 200, body = String, content_type = "text/plain"),
        (status = 401, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn log_key(State(app): State<AppState>, _: LogReader) -> Result<Response, ApiError> {
    let key = app
        .record
        .view()
        .log_key
        .ok_or_else(|| not_ready(&app.record))?;
    Ok(text(format!("{}\n", key.verifier_key()), "no-cache"))
}

/// A C2SP tile: `tile/<L>/<N>[.p/<W>]` (hashes) or `tile/entries/<N>[.p/<W>]` (commitments,
/// each with a big-endian u16 length prefix). Only tiles within the published checkpoint.
#[utoipa::path(get, path = "/log/tile/{path}", tag = "record", security(()),
    params(("path" = String, Path, description = "e.g. 0/000, 1/x001/234.p/17, entries/000")),
    responses((status = 200, body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn tile(
    State(app): State<AppState>,
    _: LogReader,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let size = published(&app.record)?.size();
    let tile = TilePath::parse(&format!("tile/{path}"))
        .ok()
        .filter(|t| within(t, size))
        .ok_or_else(|| ApiError::not_found("tile", &path))?;
    let bytes = match tile.kind() {
        TileKind::Hashes { .. } => app
            .record
            .with_tree(|tree| tile_bytes(tree, &tile))
            .map_err(|_| ApiError::not_found("tile", &path))?,
        TileKind::Entries => {
            let start = tile.index() * u64::from(TILE_WIDTH);
            let end = start + u64::from(tile.width());
            let commitments: Vec<[u8; 32]> = {
                let read = app.core.read();
                read.log[start as usize..end as usize]
                    .iter()
                    .map(|c| entry_commitment(&c.salt, &c.bytes))
                    .collect()
            };
            encode_entry_bundle(&commitments).map_err(|_| ApiError::not_found("tile", &path))?
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, IMMUTABLE),
        ],
        bytes,
    )
        .into_response())
}

/// Whether every leaf a tile covers is within the first `size` entries.
fn within(tile: &TilePath, size: u64) -> bool {
    let level = match tile.kind() {
        TileKind::Hashes { level } => u32::from(level),
        TileKind::Entries => 0,
    };
    let shift = TILE_HEIGHT * level;
    tile.index()
        .checked_mul(u64::from(TILE_WIDTH))
        .and_then(|first| first.checked_add(u64::from(tile.width())))
        .and_then(|end| {
            end.checked_shl(shift)
                .filter(|leaves| leaves >> shift == end)
        })
        .is_some_and(|leaves| leaves <= size)
}

/// The record's status: checkpoint, each witness's latest cosigned size and lag, alerts.
#[utoipa::path(get, path = "/api/v1/log/status", tag = "record",
    responses((status = 200, body = RecordStatus), (status = 401, body = ErrorBody)))]
pub async fn status(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
) -> Json<RecordStatus> {
    Json(super::status(&app, &caller.user.party))
}

/// An entry you may see, waiting briefly for a checkpoint that covers it; 404 otherwise.
async fn visible_entry(
    app: &AppState,
    party: &fusioncell_domain::PartyId,
    text: &str,
) -> Result<(Arc<Committed>, Arc<Published>), ApiError> {
    let index: u64 = text
        .parse()
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| ApiError::not_found("log entry", text))?;
    let committed = app
        .core
        .read()
        .log
        .get(index as usize)
        .filter(|c| can_see(&c.event.audience, party))
        .cloned()
        .ok_or_else(|| ApiError::not_found("log entry", text))?;
    let published = app
        .record
        .wait_for(index + 1, CHECKPOINT_WAIT, |_| true)
        .await
        .ok_or_else(|| not_ready(&app.record))?;
    Ok((committed, published))
}

/// An entry of the record: the event, its salt, and an inclusion proof to the current
/// checkpoint. Only for the event's audience.
#[utoipa::path(get, path = "/api/v1/log/entries/{index}", tag = "record",
    params(("index" = u64, Path, description = "Index in the record")),
    responses((status = 200, body = LogEntry), (status = 401, body = ErrorBody),
        (status = 404, description = "No such entry, or not yours to see", body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn entry(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(index): Path<String>,
) -> Result<Json<LogEntry>, ApiError> {
    let (c, published) = visible_entry(&app, &caller.user.party, &index).await?;
    let proof = app
        .record
        .with_tree(|tree| tree.inclusion_proof(c.index, published.size()))
        .map_err(ApiError::storage)?;
    Ok(Json(LogEntry {
        index: c.index,
        event: String::from_utf8_lossy(&c.bytes).into_owned(),
        salt: STANDARD.encode(c.salt),
        commitment: STANDARD.encode(entry_commitment(&c.salt, &c.bytes)),
        inclusion_proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
        checkpoint: published.text.clone(),
    }))
}

/// The receipt of an entry in the C2SP `tlog-proof@v1` text format: its index, its salt (as the
/// `extra` data), its inclusion proof and the cosigned checkpoint. With the event bytes from
/// `/api/v1/log/entries/{index}` it can be checked offline. Only for the event's audience.
#[utoipa::path(get, path = "/api/v1/log/receipts/{index}", tag = "record",
    params(("index" = u64, Path, description = "Index in the record")),
    responses((status = 200, body = String, content_type = "text/plain"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub async fn receipt(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    Path(index): Path<String>,
) -> Result<Response, ApiError> {
    let (c, published) = visible_entry(&app, &caller.user.party, &index).await?;
    let proof = app
        .record
        .with_tree(|tree| TlogProof::for_entry(tree, c.index, &c.salt, published.signed.clone()))
        .map_err(ApiError::storage)?;
    Ok(text(proof.to_string(), "no-cache"))
}

/// An RFC 9162 consistency proof between two sizes of the record.
#[utoipa::path(get, path = "/api/v1/log/consistency", tag = "record", security(()),
    params(ConsistencySizes),
    responses((status = 200, body = ConsistencyProof), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn consistency(
    State(app): State<AppState>,
    _: LogReader,
    ApiQuery(sizes): ApiQuery<ConsistencySizes>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    let size = published(&app.record)?.size();
    let to = sizes.to.unwrap_or(size);
    if to > size {
        return Err(ApiError::invalid(
            "to",
            format!("is beyond the published checkpoint (size {size})"),
        ));
    }
    if sizes.from > to {
        return Err(ApiError::invalid("from", format!("is above `to` ({to})")));
    }
    let proof = app
        .record
        .with_tree(|tree| tree.consistency_proof(sizes.from, to))
        .map_err(ApiError::storage)?;
    Ok(Json(ConsistencyProof {
        from: sizes.from,
        to,
        proof: proof.iter().map(|h| STANDARD.encode(h)).collect(),
    }))
}

/// The openings (event and salt) of every entry you may see in a range of the record, for
/// checking them against the tiles.
#[utoipa::path(get, path = "/api/v1/log/openings", tag = "record", params(OpeningsRange),
    responses((status = 200, body = Openings), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn openings(
    State(app): State<AppState>,
    ApiCaller(caller): ApiCaller,
    ApiQuery(range): ApiQuery<OpeningsRange>,
) -> Result<Json<Openings>, ApiError> {
    let size = published(&app.record)?.size();
    let to = range.to.unwrap_or(size);
    if to > size {
        return Err(ApiError::invalid(
            "to",
            format!("is beyond the published checkpoint (size {size})"),
        ));
    }
    let from = range.from.unwrap_or(0).min(to);
    let limit = range.limit.unwrap_or(MAX_OPENINGS_SCAN);
    if limit == 0 || limit > MAX_OPENINGS_SCAN {
        return Err(ApiError::invalid(
            "limit",
            format!("must be between 1 and {MAX_OPENINGS_SCAN}"),
        ));
    }
    let end = to.min(from.saturating_add(limit));
    let read = app.core.read();
    let entries = read.log[from as usize..end as usize]
        .iter()
        .filter(|c| can_see(&c.event.audience, &caller.user.party))
        .map(|c| Opening::of(c))
        .collect();
    Ok(Json(Openings {
        entries,
        next: (end < to).then_some(end),
        to: end,
    }))
}

/// The record's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/key", get(log_key))
        .route("/log/tile/{*path}", get(tile))
        .route("/api/v1/log/status", get(status))
        .route("/api/v1/log/entries/{index}", get(entry))
        .route("/api/v1/log/receipts/{index}", get(receipt))
        .route("/api/v1/log/consistency", get(consistency))
        .route("/api/v1/log/openings", get(openings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_must_lie_within_the_checkpoint() {
        let tile = |p: &str| TilePath::parse(p).unwrap();
        assert!(within(&tile("tile/0/000.p/5"), 5));
        assert!(!within(&tile("tile/0/000.p/6"), 5));
        assert!(within(&tile("tile/0/000"), 256));
        assert!(
            within(&tile("tile/0/000.p/5"), 300),
            "an older partial tile"
        );
        assert!(within(&tile("tile/entries/001.p/1"), 257));
        assert!(!within(&tile("tile/1/000.p/1"), 255));
        assert!(within(&tile("tile/1/000.p/1"), 256));
        assert!(!within(
            &tile("tile/63/x018/x446/x744/x073/x709/x551/615"),
            u64::MAX
        ));
    }
}
