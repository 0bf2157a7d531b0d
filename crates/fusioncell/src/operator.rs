//! The operator's handle on a cell's data directory: opening it (one process at a time), serving
//! it, and the account chores the command line and the demo share.

use std::fs::File;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use fusioncell_domain::{Actor, Command, PartyId, UserId};
use fusioncell_server::record::RecordSettings;
use fusioncell_server::{AppState, Settings, SystemClock, auth};
use fusioncell_store::Store;

/// Where a cell keeps its data: the data directory (lock, `record.toml`, and by default the
/// SQLite record `cell.db`) and, optionally, a PostgreSQL database holding the record instead.
#[derive(Clone, Debug, clap::Args)]
pub struct Location {
    /// Data directory.
    #[arg(long = "data")]
    pub dir: PathBuf,
    /// A PostgreSQL database for the record and credentials instead of `cell.db` in the data
    /// directory, e.g. postgres://fusioncell@127.0.0.1/cell (the database must exist).
    #[arg(long, env = "FUSIONCELL_DATABASE_URL", hide_env_values = true)]
    pub database: Option<String>,
}

impl Location {
    /// The embedded SQLite record in `dir`.
    pub fn sqlite(dir: &Path) -> Location {
        Location {
            dir: dir.to_path_buf(),
            database: None,
        }
    }

    /// Opens the store: the PostgreSQL database if one is given, else `cell.db` in the directory.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        match &self.database {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                // The URL may carry a password: it is not repeated in the error.
                Store::open(url)
                    .await
                    .context("cannot open the PostgreSQL database given by --database")
            }
            Some(_) => bail!("--database must be a postgres:// URL"),
            None => Store::open_sqlite_dir(&self.dir)
                .await
                .with_context(|| format!("cannot open the store in {}", self.dir.display())),
        }
    }
}

/// An opened data directory.
pub struct Cell {
    /// The running cell.
    pub app: AppState,
    /// Held for as long as the cell is open, so two processes never write one record.
    _lock: File,
}

impl Cell {
    /// Opens (creating if needed) the cell at `location`, replaying its record.
    pub async fn open(location: &Location) -> anyhow::Result<Cell> {
        let dir = location.dir.as_path();
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let lock = File::create(dir.join("fusioncell.lock"))
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        if lock.try_lock().is_err() {
            bail!(
                "{} is in use by another fusioncell process (a running server?); stop it first, or use the HTTP API",
                dir.display()
            );
        }
        let record = RecordSettings::load(dir).with_context(|| format!("in {}", dir.display()))?;
        let store = location.open_store().await?;
        let settings = Settings {
            record: record.clone(),
            ..Settings::default()
        };
        let app = AppState::open(store, Arc::new(SystemClock), settings)
            .await
            .with_context(|| format!("cannot read the record in {}", dir.display()))?;
        if let Some(config) = app.core.read().state.config() {
            record
                .check_parties(config)
                .with_context(|| format!("in {}", dir.display()))?;
        }
        Ok(Cell { app, _lock: lock })
    }

    /// Adds a user with a password, as the cell's operator.
    pub async fn add_user(
        &self,
        id: &UserId,
        name: &str,
        party: &PartyId,
        roles: &[String],
        password: String,
    ) -> anyhow::Result<()> {
        let roles = fusioncell_server::api::accounts::parse_roles(roles)
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        fusioncell_server::api::accounts::create_user(
            &self.app, None, id, name, party, roles, password,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
        Ok(())
    }

    /// Sets a user's password, as the cell's operator.
    pub async fn set_password(&self, id: &UserId, password: &str) -> anyhow::Result<()> {
        auth::check_new_password(password).map_err(|m| anyhow::anyhow!("password {m}"))?;
        let owned = password.to_string();
        let phc = tokio::task::spawn_blocking(move || auth::hash_password(&owned)).await?;
        self.app.store.set_password(id.as_str(), &phc).await?;
        self.app
            .core
            .submit(Actor::Cell, Command::RecordPasswordSet { user: id.clone() })
            .await?;
        Ok(())
    }

    /// Requires TOTP at login for `id`; returns the otpauth URI to enrol an authenticator.
    pub async fn enable_totp(&self, id: &UserId) -> anyhow::Result<String> {
        let secret = auth::totp::new_secret();
        self.app.store.set_totp(id.as_str(), Some(&secret)).await?;
        self.app
            .core
            .submit(
                Actor::Cell,
                Command::RecordTotpChanged {
                    user: id.clone(),
                    enabled: true,
                },
            )
            .await?;
        Ok(auth::totp::uri(id.as_str(), &secret))
    }

    /// Serves the cell on `listen` until Ctrl-C or SIGTERM; `ready` is told the URL once listening.
    pub async fn serve(self, listen: SocketAddr, ready: impl FnOnce(&str)) -> anyhow::Result<()> {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let url = format!("http://{}", listener.local_addr()?);
        ready(&url);
        fusioncell_server::serve(listener, self.app.clone(), stop_signal()).await?;
        Ok(())
    }
}

/// Completes at Ctrl-C or SIGTERM.
pub(crate) async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
