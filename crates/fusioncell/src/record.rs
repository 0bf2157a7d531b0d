//! The shared record's commands: `witness`, `export` and `verify`, and the demo's witnesses.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use fusioncell_domain::PartyId;
use fusioncell_ledger::{NoteVerifier, SignatureVerifier};
use fusioncell_server::record::audit::Audit;
use fusioncell_server::record::auditor::{self, Options};
use fusioncell_server::record::{RecordSettings, WitnessSettings, evidence};
use fusioncell_server::witness::{self, WitnessConfig};

use crate::operator::{Cell, Location};

/// How long to wait for the record's log key at start.
const KEY_WAIT: Duration = Duration::from_secs(10);

/// `fusioncell witness`: serves a party's witness for one log until Ctrl-C or SIGTERM.
pub async fn witness(
    log: &str,
    origin: &str,
    log_key: &str,
    key: &Path,
    data: &Path,
    listen: SocketAddr,
    name: Option<String>,
) -> anyhow::Result<()> {
    let log_key = NoteVerifier::from_verifier_key(log_key.trim())
        .map_err(|e| anyhow::anyhow!("--log-key is not a log verifier key: {e}"))?;
    let name = name.unwrap_or_else(|| fusioncell_server::auth::random_id("fusioncell-witness-"));
    let (cosigner, created) = witness::load_or_create_key(key, &name)?;
    match witness::served_log_key(log).await {
        Ok(served) if served == log_key.verifier_key() => {}
        Ok(served) => eprintln!(
            "warning: {log} serves the log key {served}, not {}; only the latter is trusted",
            log_key.verifier_key()
        ),
        Err(e) => eprintln!("note: cannot check the log's key at {log} yet: {e}"),
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let url = format!("http://{}", listener.local_addr()?);
    if created {
        println!("Made a new witness key in {}.", key.display());
    }
    println!("Witness {} for {origin} at {url}", cosigner.name());
    println!(
        "Its key, for the cell's record.toml: {}",
        cosigner.verifier().verifier_key()
    );
    let config = WitnessConfig {
        origin: origin.to_string(),
        log_key,
        cosigner,
        data: data.to_path_buf(),
    };
    witness::serve(listener, config, crate::operator::stop_signal()).await?;
    Ok(())
}

/// `fusioncell export`: writes what `party` (or, without one, the operator) may check of the
/// record in `data` to `out`.
pub async fn export(data: &Location, out: &Path, party: Option<&str>) -> anyhow::Result<()> {
    let party = party
        .map(|p| PartyId::new(p).with_context(|| format!("`{p}` is not a party id")))
        .transpose()?;
    let settings = RecordSettings::load(&data.dir)?;
    // Read-only: the store may be served at the same time.
    let store = data.open_store().await?;
    let evidence = evidence::export(&store, &settings, party.as_ref()).await?;
    store.close().await;
    let json = serde_json::to_vec_pretty(&evidence)?;
    std::fs::write(out, json).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "Exported {} tiles and the openings of {} entries to {}.",
        evidence.tiles.len(),
        evidence.openings.len(),
        out.display()
    );
    Ok(())
}

/// What `fusioncell verify` checks.
pub enum Target {
    /// A live cell, as the user of a token sees it.
    Live {
        /// Its base URL.
        url: String,
        /// The API token.
        token: String,
    },
    /// An export file.
    Export(PathBuf),
}

/// `fusioncell verify`: audits the record and prints what is right and what is wrong; fails
/// when anything is wrong.
pub async fn verify(target: Target, options: Options) -> anyhow::Result<()> {
    if options.state.is_none() {
        println!(
            "note: without --state, nothing is remembered: consistency with earlier checks is not checked"
        );
    }
    let audit = match target {
        Target::Live { url, token } => auditor::verify_live(&url, &token, &options).await,
        Target::Export(path) => auditor::verify_export(&path, &options),
    }
    .map_err(anyhow::Error::msg)?;
    report(&audit);
    if !audit.passed() {
        bail!(
            "the record failed verification: {} problem(s) found",
            audit.problems.len()
        );
    }
    Ok(())
}

fn report(audit: &Audit) {
    for line in &audit.checked {
        println!("ok    {line}");
    }
    for line in &audit.warnings {
        println!("note  {line}");
    }
    for line in &audit.problems {
        println!("FAIL  {line}");
    }
    if audit.passed() {
        println!("The record verifies.");
    }
}

/// Starts one witness per party of the demo cell inside this process (keys and states under
/// `<dir>/witnesses/<party>/`) and adds them to the record; they stop with the server.
pub async fn demo_witnesses(cell: &Cell, dir: &Path) -> anyhow::Result<NoteVerifier> {
    let log_key = cell
        .app
        .record
        .ready(KEY_WAIT)
        .await
        .map_err(anyhow::Error::msg)?;
    let parties: Vec<PartyId> = match cell.app.core.read().state.config() {
        Some(config) => config.parties.iter().map(|p| p.id.clone()).collect(),
        None => bail!("the demo cell is not configured"),
    };
    for party in parties {
        let home = dir.join("witnesses").join(party.as_str());
        let name = format!("{party}.witness.fusioncell.example");
        let (cosigner, _) = witness::load_or_create_key(&home.join("witness.key"), &name)?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let key = cosigner.verifier();
        let config = WitnessConfig {
            origin: log_key.name().to_string(),
            log_key: log_key.clone(),
            cosigner,
            data: home,
        };
        let stop = cell.app.shutdown.clone().cancelled_owned();
        tokio::spawn(async move {
            if let Err(e) = witness::serve(listener, config, stop).await {
                tracing::error!(error = %e, "a demo witness stopped");
            }
        });
        cell.app
            .record
            .add_witness(WitnessSettings { party, url, key });
    }
    Ok(log_key)
}
