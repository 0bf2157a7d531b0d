//! Witnesses for the record tests: real witness servers on 127.0.0.1, each with its own data
//! directory, that can be stopped and started again on the same address.

#![allow(dead_code)] // Each test binary uses a different part of the kit.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fusioncell_ledger::{CosignatureSigner, CosignatureVerifier, NoteVerifier, SignatureVerifier};
use fusioncell_server::record::status::RecordStatus;
use fusioncell_server::record::{Published, WitnessSettings};
use fusioncell_server::witness::{STATE_FILE, WitnessConfig, serve};
use fusioncell_server::{AppState, Settings};
use tokio_util::sync::CancellationToken;

/// The parties, each with a witness.
pub const PARTIES: [&str; 3] = ["il", "sy", "us"];

/// A running (or stopped) witness.
pub struct TestWitness {
    /// Its party.
    pub party: String,
    /// Its key.
    pub cosigner: CosignatureSigner,
    /// Where it listens.
    pub address: SocketAddr,
    config: WitnessConfig,
    stop: CancellationToken,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Keeps its data directory.
    pub dir: Arc<tempfile::TempDir>,
}

impl TestWitness {
    /// Starts a witness of `party` for the log of `log_key` on a free port.
    pub async fn start(party: &str, log_key: &NoteVerifier) -> TestWitness {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let cosigner = CosignatureSigner::from_seed(
            &format!("{party}.witness.test"),
            &[party.as_bytes()[0]; 32],
        )
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let config = WitnessConfig {
            origin: log_key.name().to_string(),
            log_key: log_key.clone(),
            cosigner: cosigner.clone(),
            data: dir.path().to_path_buf(),
        };
        let mut witness = TestWitness {
            party: party.to_string(),
            cosigner,
            address,
            config,
            stop: CancellationToken::new(),
            task: None,
            dir,
        };
        witness.spawn(listener);
        witness
    }

    fn spawn(&mut self, listener: tokio::net::TcpListener) {
        self.stop = CancellationToken::new();
        let (config, stop) = (self.config.clone(), self.stop.clone().cancelled_owned());
        self.task = Some(tokio::spawn(async move {
            serve(listener, config, stop).await.unwrap();
        }));
    }

    /// Stops it, waiting until its connections are closed.
    pub async fn stop(&mut self) {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }

    /// Starts it again, on the same address and with the same data directory.
    pub async fn restart(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.address).await.unwrap();
        self.spawn(listener);
    }

    /// Its verifier key.
    pub fn key(&self) -> CosignatureVerifier {
        self.cosigner.verifier()
    }

    /// How the record's settings name it.
    pub fn settings(&self) -> WitnessSettings {
        WitnessSettings {
            party: fusioncell_domain::PartyId::new(&self.party).unwrap(),
            url: format!("http://{}", self.address),
            key: self.key(),
        }
    }

    /// The size it last cosigned, from its state file.
    pub fn cosigned_size(&self) -> u64 {
        let text = std::fs::read_to_string(self.dir.path().join(STATE_FILE)).unwrap();
        text.lines().nth(1).unwrap().parse().unwrap()
    }

    /// Checkpoints it refused and kept as evidence.
    pub fn refused(&self) -> usize {
        std::fs::read_dir(self.dir.path().join("refused")).map_or(0, |d| d.count())
    }
}

/// Starts one witness per party for the record of `app` and adds them to it.
pub async fn start_witnesses(app: &AppState) -> Vec<TestWitness> {
    let log_key = app.record.ready(Duration::from_secs(10)).await.unwrap();
    let mut witnesses = Vec::new();
    for party in PARTIES {
        let witness = TestWitness::start(party, &log_key).await;
        app.record.add_witness(witness.settings());
        witnesses.push(witness);
    }
    witnesses
}

/// Server settings naming `witnesses`.
pub fn settings_with(witnesses: &[&TestWitness]) -> Settings {
    let mut settings = Settings::default();
    settings.record.witnesses = witnesses.iter().map(|w| w.settings()).collect();
    settings
}

/// Waits for a checkpoint of the whole record carrying `cosignatures` cosignatures.
pub async fn cosigned(app: &AppState, cosignatures: usize) -> Arc<Published> {
    let size = app.core.read().log.len() as u64;
    app.record
        .wait_for(size, Duration::from_secs(20), |p| {
            p.signed.note.signatures().len() > cosignatures
        })
        .await
        .unwrap_or_else(|| {
            panic!(
                "no checkpoint of {size} entries with {cosignatures} cosignatures: {:?}",
                app.record.published().map(|p| p.text.clone())
            )
        })
}

/// Waits until the record's status satisfies `test`.
pub async fn status_until(
    app: &AppState,
    what: &str,
    test: impl Fn(&RecordStatus) -> bool,
) -> RecordStatus {
    let reader = fusioncell_domain::PartyId::new("us").unwrap();
    for _ in 0..200 {
        let status = fusioncell_server::record::status(app, &reader);
        if test(&status) {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "waited 20 s for {what}: {}",
        serde_json::to_string_pretty(&fusioncell_server::record::status(app, &reader)).unwrap()
    );
}

/// The state of the witness of `party` in a status.
pub fn witness_state<'a>(status: &'a RecordStatus, party: &str) -> &'a str {
    &status
        .witnesses
        .iter()
        .find(|w| w.party == party)
        .unwrap()
        .state
}

/// Copies the SQLite store of `from` into a new directory, as a consistent snapshot taken while
/// the server runs.
pub async fn snapshot(from: &Path) -> Arc<tempfile::TempDir> {
    use sqlx::Connection;
    let to = Arc::new(tempfile::tempdir().unwrap());
    let mut conn = sqlx::SqliteConnection::connect(&format!(
        "sqlite:{}",
        from.join(fusioncell_store::SQLITE_FILE_NAME).display()
    ))
    .await
    .unwrap();
    let target = to.path().join(fusioncell_store::SQLITE_FILE_NAME);
    sqlx::query("VACUUM INTO ?")
        .bind(target.display().to_string())
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    to
}
