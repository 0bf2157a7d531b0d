//! Command-line arguments and what each subcommand does.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use fusioncell_domain::{Actor, CellConfig, Command, PartyId, UserId, queries};

use crate::operator::{Cell, Location};

/// Fusion Cell: the joint coordination cell server.
#[derive(Debug, Parser)]
#[command(name = "fusioncell", version, about)]
pub struct Args {
    #[command(subcommand)]
    command: Top,
}

#[derive(Debug, Subcommand)]
enum Top {
    /// Create (or reopen) the Israel–Syria demo cell on embedded SQLite and serve it.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: SocketAddr,
        /// Data directory.
        #[arg(long, default_value = "./fusioncell-demo")]
        data: PathBuf,
        /// Password of every demo account (generated and printed when absent).
        #[arg(long, env = "FUSIONCELL_DEMO_PASSWORD", hide_env_values = true)]
        demo_password: Option<String>,
    },
    /// Create a cell in DIR from a configuration file.
    Init {
        /// The cell configuration (TOML; see examples/levant-cell.toml).
        #[arg(long)]
        config: PathBuf,
        /// The data directory (created if missing) and, optionally, the database.
        #[command(flatten)]
        data: Location,
    },
    /// Serve the cell in DIR.
    Serve {
        #[command(flatten)]
        data: Location,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: SocketAddr,
    },
    /// Manage user accounts (while the cell is not being served).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens (while the cell is not being served).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Run a party's witness of a cell's shared record: it cosigns every checkpoint consistent
    /// with the last one it cosigned, and refuses any other.
    Witness {
        /// The cell's URL (to check at start that it serves the expected log key).
        #[arg(long)]
        log: String,
        /// The log's origin (first line of its checkpoints).
        #[arg(long)]
        origin: String,
        /// The log's verifier key (`fusioncell serve` prints it).
        #[arg(long)]
        log_key: String,
        /// The witness's own key file (made on first use).
        #[arg(long)]
        key: PathBuf,
        /// Name of the key to make when --key does not exist (default: a random name).
        #[arg(long)]
        name: Option<String>,
        /// Directory of the witness's state (the last size it cosigned).
        #[arg(long)]
        data: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8471")]
        listen: SocketAddr,
    },
    /// Write what a party may check of the shared record to a file, offline.
    Export {
        #[command(flatten)]
        data: Location,
        /// The export file (JSON) to write.
        #[arg(long)]
        out: PathBuf,
        /// Open only the entries this party may see (default: all, for the operator).
        #[arg(long)]
        party: Option<String>,
    },
    /// Check the shared record alone: signatures, cosignatures, the tree, consistency with the
    /// last check, and every entry you may see. Fails if anything is wrong.
    Verify {
        /// The cell's URL.
        #[arg(long, required_unless_present = "export", requires = "token")]
        log: Option<String>,
        /// Your API token (read from FUSIONCELL_TOKEN when absent).
        #[arg(long, env = "FUSIONCELL_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// An export file to check instead of a live cell.
        #[arg(long, conflicts_with = "log")]
        export: Option<PathBuf>,
        /// This auditor's state file: the last checkpoint it saw of each log.
        #[arg(long)]
        state: Option<PathBuf>,
        /// A witness verifier key that must have cosigned (repeatable; default: the log's list).
        #[arg(long = "witness")]
        witnesses: Vec<String>,
        /// The log's verifier key, pinned.
        #[arg(long)]
        log_key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user.
    Add {
        #[command(flatten)]
        data: Location,
        /// Login name, e.g. il.duty2.
        id: String,
        /// The user's party, e.g. il.
        #[arg(long)]
        party: String,
        /// Comma-separated roles: liaison, analyst, approver, admin, observer.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// Name shown to others (default: the login name).
        #[arg(long)]
        name: Option<String>,
        /// Initial password (read from FUSIONCELL_PASSWORD; generated and printed when absent).
        #[arg(long, env = "FUSIONCELL_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Also require a TOTP code at login; prints the otpauth URI to enrol.
        #[arg(long)]
        totp: bool,
    },
    /// List users.
    List {
        #[command(flatten)]
        data: Location,
    },
    /// Disable a user: they can no longer sign in or act; their sessions end.
    Disable {
        #[command(flatten)]
        data: Location,
        /// Login name.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum TokenCommand {
    /// Issue an API token for a user; the secret is printed once.
    Create {
        #[command(flatten)]
        data: Location,
        /// The owner's login name.
        #[arg(long)]
        user: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        label: String,
    },
    /// List tokens.
    List {
        #[command(flatten)]
        data: Location,
    },
    /// Revoke a token by id.
    Revoke {
        #[command(flatten)]
        data: Location,
        /// The token's id (from `token list`).
        id: String,
    },
}

fn user_id(text: &str) -> anyhow::Result<UserId> {
    UserId::new(text)
        .with_context(|| format!("`{text}` is not a valid user name (1-64 of a-z 0-9 . _ -)"))
}

/// Runs the chosen subcommand.
pub async fn run(args: Args) -> anyhow::Result<()> {
    match args.command {
        Top::Demo {
            listen,
            data,
            demo_password,
        } => crate::demo::run(listen, &data, demo_password).await,
        Top::Init { config, data } => {
            let text = std::fs::read_to_string(&config)
                .with_context(|| format!("cannot read {}", config.display()))?;
            let parsed =
                CellConfig::from_toml(&text).with_context(|| format!("in {}", config.display()))?;
            let cell = Cell::open(&data).await?;
            if cell.app.core.read().state.config().is_some() {
                bail!(
                    "{} already holds a cell; serve it with `fusioncell serve --data {}`",
                    data.dir.display(),
                    data.dir.display()
                );
            }
            cell.app
                .core
                .submit(Actor::Cell, Command::Configure(parsed))
                .await?;
            println!("Cell created in {}.", data.dir.display());
            println!(
                "Add users with `fusioncell user add --data {} <name> --party <id> --roles liaison`,",
                data.dir.display()
            );
            println!(
                "then serve it with `fusioncell serve --data {}`.",
                data.dir.display()
            );
            Ok(())
        }
        Top::Serve { data, listen } => {
            let cell = Cell::open(&data).await?;
            if cell.app.core.read().state.config().is_none() {
                bail!(
                    "{} holds no cell yet; create one with `fusioncell init --config cell.toml --data {}`",
                    data.dir.display(),
                    data.dir.display()
                );
            }
            let log_key = cell
                .app
                .record
                .ready(std::time::Duration::from_secs(10))
                .await
                .map_err(anyhow::Error::msg)?;
            cell.serve(listen, |url| {
                println!("Fusion Cell is serving at {url}");
                println!("The shared record's log key: {}", log_key.verifier_key());
            })
            .await
        }
        Top::User { command } => match command {
            UserCommand::Add {
                data,
                id,
                party,
                roles,
                name,
                password,
                totp,
            } => {
                let cell = Cell::open(&data).await?;
                let id = user_id(&id)?;
                let party =
                    PartyId::new(&party).with_context(|| format!("`{party}` is not a party id"))?;
                let generated = password.is_none();
                let password = password.unwrap_or_else(fusioncell_server::auth::generate_password);
                cell.add_user(
                    &id,
                    name.as_deref().unwrap_or(id.as_str()),
                    &party,
                    &roles,
                    password.clone(),
                )
                .await?;
                println!("Added {id} ({party}).");
                if generated {
                    println!("Password: {password}");
                }
                if totp {
                    println!("TOTP enrolment URI: {}", cell.enable_totp(&id).await?);
                }
                Ok(())
            }
            UserCommand::List { data } => {
                let cell = Cell::open(&data).await?;
                let read = cell.app.core.read();
                println!(
                    "{:<24} {:<6} {:<32} {:<9} NAME",
                    "USER", "PARTY", "ROLES", "STATUS"
                );
                for u in queries::users(&read.state, None) {
                    let roles: Vec<&str> = u.roles.iter().map(|r| r.as_str()).collect();
                    let status = if u.disabled { "disabled" } else { "active" };
                    println!(
                        "{:<24} {:<6} {:<32} {:<9} {}",
                        u.id,
                        u.party,
                        roles.join(","),
                        status,
                        u.display_name
                    );
                }
                Ok(())
            }
            UserCommand::Disable { data, id } => {
                let cell = Cell::open(&data).await?;
                let id = user_id(&id)?;
                cell.app
                    .core
                    .submit(Actor::Cell, Command::DisableUser { user: id.clone() })
                    .await?;
                cell.app.store.delete_user_sessions(id.as_str()).await?;
                println!("Disabled {id}.");
                Ok(())
            }
        },
        Top::Witness {
            log,
            origin,
            log_key,
            key,
            name,
            data,
            listen,
        } => crate::record::witness(&log, &origin, &log_key, &key, &data, listen, name).await,
        Top::Export { data, out, party } => {
            crate::record::export(&data, &out, party.as_deref()).await
        }
        Top::Verify {
            log,
            token,
            export,
            state,
            witnesses,
            log_key,
        } => {
            let target = match (export, log, token) {
                (Some(file), _, _) => crate::record::Target::Export(file),
                (None, Some(url), Some(token)) => crate::record::Target::Live { url, token },
                _ => bail!("give --log URL with --token TOKEN, or --export FILE"),
            };
            let options = fusioncell_server::record::auditor::Options {
                state,
                witnesses,
                log_key,
            };
            crate::record::verify(target, options).await
        }
        Top::Token { command } => match command {
            TokenCommand::Create { data, user, label } => {
                let cell = Cell::open(&data).await?;
                let owner = user_id(&user)?;
                let issued = fusioncell_server::api::accounts::issue(
                    &cell.app,
                    Actor::Cell,
                    &owner,
                    &label,
                    None,
                )
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
                println!("Token {} for {owner} ({label}):", issued.token.id);
                println!("{}", issued.secret);
                println!("Send it as `Authorization: Bearer <token>`. It is shown only this once.");
                Ok(())
            }
            TokenCommand::List { data } => {
                let cell = Cell::open(&data).await?;
                println!("{:<14} {:<24} {:<8} LABEL", "ID", "USER", "STATUS");
                for t in cell.app.store.api_tokens(None).await? {
                    let status = if t.revoked_at_ms.is_some() {
                        "revoked"
                    } else {
                        "active"
                    };
                    println!("{:<14} {:<24} {:<8} {}", t.id, t.user_id, status, t.label);
                }
                Ok(())
            }
            TokenCommand::Revoke { data, id } => {
                let cell = Cell::open(&data).await?;
                let row = cell
                    .app
                    .store
                    .api_tokens(None)
                    .await?
                    .into_iter()
                    .find(|t| t.id == id && t.revoked_at_ms.is_none());
                let Some(row) = row else {
                    bail!("no live token `{id}`")
                };
                let now = cell.app.core.clock().now().millis();
                cell.app.store.revoke_api_token(&id, now).await?;
                cell.app
                    .core
                    .submit(
                        Actor::Cell,
                        Command::RecordTokenRevoked {
                            token: id.clone(),
                            user: user_id(&row.user_id)?,
                        },
                    )
                    .await?;
                println!("Revoked {id}.");
                Ok(())
            }
        },
    }
}
