//! A party's witness (`fusioncell witness`): an independent process that vouches for one log.
//!
//! It serves the C2SP tlog-witness `POST /add-checkpoint` endpoint. For each checkpoint it checks
//! the log's signature and the consistency proof from the last size it cosigned (the decision
//! is [`fusioncell_ledger::Witness`]'s), stores the new size and root atomically *before*
//! answering, then returns its cosignature. Requests are handled one at a time, so the check
//! and the store form one step and two requests can never roll its view back.
//!
//! Its data directory holds [`STATE_FILE`] (the last cosigned checkpoint body: origin, size,
//! root) and, under `refused/`, every validly signed checkpoint it refused as inconsistent: the
//! log's signature on two different trees is proof of its misbehaviour.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use fusioncell_ledger::{
    AddCheckpointRequest, Checkpoint, CosignatureSigner, LogState, NoteVerifier, SignatureVerifier,
    Witness, WitnessOutcome,
};
use tokio::net::TcpListener;
use tokio::sync::Mutex;

use crate::record::files::write_atomic;

/// The file, in the witness's data directory, holding the last cosigned checkpoint body.
pub const STATE_FILE: &str = "witness-state";

/// The directory, in the witness's data directory, keeping refused checkpoints.
pub const REFUSED_DIR: &str = "refused";

/// What a witness needs.
#[derive(Clone, Debug)]
pub struct WitnessConfig {
    /// The origin of the one log it witnesses.
    pub origin: String,
    /// The log's key (named after the origin).
    pub log_key: NoteVerifier,
    /// Its own cosigner key.
    pub cosigner: CosignatureSigner,
    /// Its data directory.
    pub data: PathBuf,
}

/// Why a witness cannot start.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The settings do not fit together.
    #[error("{0}")]
    Invalid(String),
}

fn file_error(path: &Path, message: impl ToString) -> SetupError {
    SetupError::File {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Reads the cosigner key in `path`, or makes one named `name` and writes it there (readable by
/// its owner only). Returns the key and whether it was made.
pub fn load_or_create_key(
    path: &Path,
    name: &str,
) -> Result<(CosignatureSigner, bool), SetupError> {
    match std::fs::read_to_string(path) {
        Ok(text) => CosignatureSigner::from_signer_key(text.trim())
            .map(|key| (key, false))
            .map_err(|e| file_error(path, format!("not a witness signer key: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = CosignatureSigner::from_seed(name, &crate::auth::random_bytes::<32>())
                .map_err(|e| SetupError::Invalid(format!("witness name {name:?}: {e}")))?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| file_error(dir, e))?;
            }
            write_secret(path, format!("{}\n", key.signer_key()).as_bytes())?;
            Ok((key, true))
        }
        Err(e) => Err(file_error(path, e)),
    }
}

fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), SetupError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| file_error(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| file_error(path, e))
}

struct Service {
    config: WitnessConfig,
    witness: Witness,
    /// The log's state; the lock makes check-and-store one step.
    state: Mutex<LogState>,
}

/// The witness's router: `POST /add-checkpoint`.
pub fn router(config: WitnessConfig) -> Result<Router, SetupError> {
    if config.log_key.name() != config.origin {
        return Err(SetupError::Invalid(format!(
            "the log key is named {:?}, but a log's key is named after its origin {:?}",
            config.log_key.name(),
            config.origin
        )));
    }
    std::fs::create_dir_all(&config.data).map_err(|e| file_error(&config.data, e))?;
    let state = load_state(&config)?;
    let witness = Witness::new(vec![config.cosigner.clone()])
        .map_err(|e| SetupError::Invalid(e.to_string()))?;
    let service = Arc::new(Service {
        config,
        witness,
        state: Mutex::new(state),
    });
    Ok(Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .with_state(service))
}

/// Serves the witness on `listener` until `stop` completes.
pub async fn serve(
    listener: TcpListener,
    config: WitnessConfig,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), SetupError> {
    let router = router(config)?;
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop)
    .await
    .map_err(|e| SetupError::Invalid(format!("serving on {address}: {e}")))
}

/// The last cosigned state, or a fresh one.
fn load_state(config: &WitnessConfig) -> Result<LogState, SetupError> {
    let path = config.data.join(STATE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(LogState::new(config.log_key.clone()));
        }
        Err(e) => return Err(file_error(&path, e)),
    };
    let saved = Checkpoint::parse_body(&text)
        .map_err(|e| file_error(&path, format!("not a witness state: {e}")))?;
    if saved.origin != config.origin {
        return Err(file_error(
            &path,
            format!(
                "this witness state is for the log {:?}, not {:?}; use another data directory",
                saved.origin, config.origin
            ),
        ));
    }
    Ok(LogState {
        log_key: config.log_key.clone(),
        size: saved.size,
        root: saved.root,
    })
}

async fn add_checkpoint(State(service): State<Arc<Service>>, body: Bytes) -> Response {
    let mut state = service.state.lock().await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let origin = &service.config.origin;
    let decided = service
        .witness
        .add_checkpoint(&body, now, |o| (o == origin).then(|| state.clone()));
    let outcome = match decided {
        Ok(outcome) => outcome,
        Err(e) => return plain(StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")),
    };
    match &outcome {
        WitnessOutcome::Cosigned { update, .. } => {
            let saved = Checkpoint::new(update.origin.clone(), update.size, update.root);
            let path = service.config.data.join(STATE_FILE);
            let text = saved.to_string();
            let stored =
                tokio::task::spawn_blocking(move || write_atomic(&path, text.as_bytes())).await;
            if let Err(e) = stored
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()))
            {
                tracing::error!(error = %e, "cannot store the cosigned size; not cosigning");
                return plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot store the cosigned size: {e}\n"),
                );
            }
            state.size = update.size;
            state.root = update.root;
        }
        WitnessOutcome::InvalidProof(_) => keep_refused(&service.config.data, &body, &outcome),
        WitnessOutcome::Conflict { latest_size }
            if AddCheckpointRequest::parse(&body).is_ok_and(|r| r.old_size == *latest_size) =>
        {
            // Right old size, yet a conflict: the same size with another root, a fork.
            keep_refused(&service.config.data, &body, &outcome);
        }
        _ => {}
    }
    let mut response = (
        StatusCode::from_u16(outcome.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        outcome.body(),
    )
        .into_response();
    if let Ok(value) = outcome.content_type().parse() {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// Keeps a refused, validly signed checkpoint as evidence.
fn keep_refused(data: &Path, body: &[u8], outcome: &WitnessOutcome) {
    tracing::warn!(status = outcome.status(), reason = %outcome.body().trim(), "refused an inconsistent checkpoint");
    let dir = data.join(REFUSED_DIR);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = dir.join(format!("{nanos}-{}.txt", outcome.status()));
    if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, body)) {
        tracing::error!(error = %e, path = %path.display(), "cannot keep the refused checkpoint");
    }
}

/// The log key the log at `base` serves at `/log/key`, so a witness can warn at start when it
/// differs from the one it was given.
pub async fn served_log_key(base: &str) -> Result<String, String> {
    let url = format!("{}/log/key", base.trim_end_matches('/'));
    let response = reqwest::Client::new()
        .get(&url)
        .timeout(std::time::Duration::from_secs(5))
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("{url} answered {}", response.status()));
    }
    let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    Ok(text.trim().to_string())
}

fn plain(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_and_kept_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/witness.key");
        let (made, created) = load_or_create_key(&path, "il.witness").unwrap();
        assert!(created);
        let (again, created) = load_or_create_key(&path, "ignored").unwrap();
        assert!(!created);
        assert_eq!(again.verifier(), made.verifier());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
