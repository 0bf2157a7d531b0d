//! The write path: command → authorize and validate (the domain) → events → durable append →
//! apply → publish.
//!
//! One writer task owns the decision state. It takes every command waiting in its queue, decides
//! them one after another against the state (each seeing the effects of the ones before it), then
//! appends all their events in ONE store transaction: concurrent writers share one fsync (group
//! commit). Only after the append returns are the events applied to the read model, published to
//! live subscribers, and the callers answered, so nothing is acknowledged before it is on disk.
//! If the append fails, every command of the batch is refused and the decision state is reset
//! from the read model, which only ever holds committed events.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard};

use fusioncell_domain::{
    Actor, CellState, Command, DomainError, Event, MessageId, PartyId, decide,
};
use fusioncell_store::{NewEntry, Store, StoreError};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::clock::Clock;

/// Most commands decided and committed together in one batch.
const MAX_BATCH: usize = 1024;

/// An event as committed to the record.
#[derive(Debug)]
pub struct Committed {
    /// Position in the record (0-based, dense).
    pub index: u64,
    /// The event.
    pub event: Event,
    /// Its canonical bytes, exactly as stored.
    pub bytes: Vec<u8>,
    /// The random salt of its commitment in the shared record.
    pub salt: [u8; 32],
    /// Its JSON as the live stream sends it, made once and shared by every stream.
    pub stream_data: OnceLock<String>,
}

/// What readers see: the state and the record, both only ever holding committed events.
#[derive(Default)]
pub struct ReadModel {
    /// The cell's state.
    pub state: CellState,
    /// Every committed event, in order (index = position).
    pub log: Vec<Arc<Committed>>,
}

/// Why a command was not carried out.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The domain refused it.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The store failed; nothing of the command was kept.
    #[error("the record could not be written: {0}")]
    Storage(String),
    /// The server is shutting down.
    #[error("the server is shutting down")]
    Unavailable,
}

/// Replay at start failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored event could not be read.
    #[error("event {index} of the record cannot be read: {message}")]
    Undecodable {
        /// Its position.
        index: u64,
        /// What was wrong.
        message: String,
    },
}

struct Job {
    actor: Actor,
    command: Command,
    reply: oneshot::Sender<Result<Vec<Arc<Committed>>, CoreError>>,
}

struct Inner {
    queue: mpsc::Sender<Job>,
    read: RwLock<ReadModel>,
    published: broadcast::Sender<Arc<Committed>>,
    clock: Arc<dyn Clock>,
    /// Store transactions committed so far (each one fsync), for group-commit accounting.
    appends: AtomicU64,
    /// Receipts being recorded right now, so that many streams of one party delivering the same
    /// message submit one command, not one each.
    receipts_in_flight: Mutex<HashSet<(MessageId, PartyId)>>,
}

/// The cell's core: submit commands, read the state, subscribe to committed events.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

impl Core {
    /// Rebuilds the state from the store's record and starts the writer task.
    pub async fn open(store: Store, clock: Arc<dyn Clock>) -> Result<Core, OpenError> {
        let mut read = ReadModel::default();
        let mut from = 0u64;
        loop {
            let batch = store.entries(from, 10_000).await?;
            if batch.is_empty() {
                break;
            }
            for entry in batch {
                let event = Event::from_canonical_bytes(&entry.body).map_err(|e| {
                    OpenError::Undecodable {
                        index: entry.index,
                        message: e.to_string(),
                    }
                })?;
                read.state.apply(entry.index, &event);
                read.log.push(Arc::new(Committed {
                    index: entry.index,
                    event,
                    bytes: entry.body,
                    salt: entry.salt,
                    stream_data: OnceLock::new(),
                }));
                from = entry.index + 1;
            }
        }
        let decisions = read.state.clone();
        let (queue, jobs) = mpsc::channel(4096);
        let (published, _) = broadcast::channel(4096);
        let inner = Arc::new(Inner {
            queue,
            read: RwLock::new(read),
            published,
            clock,
            appends: AtomicU64::new(0),
            receipts_in_flight: Mutex::new(HashSet::new()),
        });
        tokio::spawn(writer(Arc::downgrade(&inner), store, decisions, jobs));
        Ok(Core { inner })
    }

    /// Decides and commits `command` by `actor`; returns the committed events once they are
    /// durable (an empty list when there was nothing to do).
    pub async fn submit(
        &self,
        actor: Actor,
        command: Command,
    ) -> Result<Vec<Arc<Committed>>, CoreError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .queue
            .send(Job {
                actor,
                command,
                reply,
            })
            .await
            .map_err(|_| CoreError::Unavailable)?;
        answer.await.map_err(|_| CoreError::Unavailable)?
    }

    /// The read model. Hold the guard briefly and never across an `.await`.
    pub fn read(&self) -> RwLockReadGuard<'_, ReadModel> {
        self.inner
            .read
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Live committed events from now on. A subscriber that falls behind gets `Lagged` and must
    /// catch up from [`ReadModel::log`].
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Committed>> {
        self.inner.published.subscribe()
    }

    /// Claims the recording of `party`'s receipt of `message`; false when another task is already
    /// recording it. Release the claim with [`Core::release_receipt`] once the command returned.
    pub fn claim_receipt(&self, message: &MessageId, party: &PartyId) -> bool {
        self.inner
            .receipts_in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((message.clone(), party.clone()))
    }

    /// Releases a claim taken with [`Core::claim_receipt`].
    pub fn release_receipt(&self, message: &MessageId, party: &PartyId) {
        self.inner
            .receipts_in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&(message.clone(), party.clone()));
    }

    /// How many store transactions (fsyncs) have committed events since start.
    pub fn appends(&self) -> u64 {
        self.inner.appends.load(Ordering::Relaxed)
    }

    /// The injected clock.
    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }
}

/// A fresh random salt for an entry's commitment.
fn fresh_salt() -> [u8; 32] {
    let mut salt = [0u8; 32];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    salt
}

async fn writer(
    inner: std::sync::Weak<Inner>,
    store: Store,
    mut decisions: CellState,
    mut jobs: mpsc::Receiver<Job>,
) {
    let mut batch: Vec<Job> = Vec::new();
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let Some(inner) = inner.upgrade() else { break };
        let now = inner.clock.now();
        let first_index = decisions.next_index;
        let mut entries: Vec<NewEntry> = Vec::new();
        let mut staged: Vec<Arc<Committed>> = Vec::new();
        let mut answers = Vec::new();
        for job in batch.drain(..) {
            match decide(&decisions, &job.actor, &job.command, now) {
                Ok(events) => {
                    let start = staged.len();
                    for event in events {
                        let index = decisions.next_index;
                        decisions.apply(index, &event);
                        let bytes = event.to_canonical_bytes();
                        let salt = fresh_salt();
                        entries.push(NewEntry {
                            recorded_at_ms: now.millis(),
                            body: bytes.clone(),
                            salt,
                        });
                        staged.push(Arc::new(Committed {
                            index,
                            event,
                            bytes,
                            salt,
                            stream_data: OnceLock::new(),
                        }));
                    }
                    answers.push((job.reply, Ok(start..staged.len())));
                }
                Err(e) => answers.push((job.reply, Err(CoreError::Domain(e)))),
            }
        }
        let committed = if entries.is_empty() {
            Ok(())
        } else {
            let started = std::time::Instant::now();
            let result = store.append(first_index, &entries).await;
            inner.appends.fetch_add(1, Ordering::Relaxed);
            metrics::histogram!("fusioncell_append_seconds").record(started.elapsed());
            metrics::counter!("fusioncell_events_committed_total").increment(entries.len() as u64);
            result
        };
        match committed {
            Ok(()) => {
                {
                    let mut read = inner
                        .read
                        .write()
                        .unwrap_or_else(|poisoned| poisoned.into_inner());
                    for c in &staged {
                        read.state.apply(c.index, &c.event);
                        read.log.push(c.clone());
                    }
                }
                for c in &staged {
                    // No subscriber is not an error: events stay in the log for later readers.
                    let _ = inner.published.send(c.clone());
                }
                for (reply, outcome) in answers {
                    let _ = reply.send(outcome.map(|range| staged[range].to_vec()));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "append failed; the batch is refused");
                decisions = inner
                    .read
                    .read()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .state
                    .clone();
                for (reply, outcome) in answers {
                    let _ = reply.send(match outcome {
                        Ok(_) => Err(CoreError::Storage(e.to_string())),
                        Err(refused) => Err(refused),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::SystemClock;
    use fusioncell_domain::{CellConfig, PartyId, Role, UserId};

    async fn cell() -> (Core, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite_dir(dir.path()).await.unwrap();
        let core = Core::open(store, Arc::new(SystemClock)).await.unwrap();
        let config =
            CellConfig::from_toml(include_str!("../../../examples/levant-cell.toml")).unwrap();
        core.submit(Actor::Cell, Command::Configure(config))
            .await
            .unwrap();
        (core, dir)
    }

    fn add_user(i: usize) -> Command {
        Command::AddUser {
            user: UserId::new(&format!("il.user{i}")).unwrap(),
            display_name: format!("User {i}"),
            party: PartyId::new("il").unwrap(),
            roles: [Role::Liaison].into(),
        }
    }

    #[tokio::test]
    async fn concurrent_writers_share_fsyncs() {
        let (core, _dir) = cell().await;
        let before = core.appends();
        let writers: Vec<_> = (0..200)
            .map(|i| {
                let core = core.clone();
                tokio::spawn(async move { core.submit(Actor::Cell, add_user(i)).await })
            })
            .collect();
        for w in writers {
            assert_eq!(w.await.unwrap().unwrap().len(), 1);
        }
        let fsyncs = core.appends() - before;
        assert!(
            fsyncs < 200,
            "200 concurrent writes took {fsyncs} store transactions"
        );
        assert_eq!(core.read().state.users.len(), 200);
    }

    #[tokio::test]
    async fn a_refused_command_in_a_batch_does_not_stop_the_others() {
        let (core, _dir) = cell().await;
        let (a, b, c) = tokio::join!(
            core.submit(Actor::Cell, add_user(1)),
            core.submit(Actor::Cell, add_user(1)),
            core.submit(Actor::Cell, add_user(2)),
        );
        let outcomes = [a.is_ok(), b.is_ok(), c.is_ok()];
        assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 2, "{outcomes:?}");
        assert!(c.is_ok());
        // The log and the state agree, and nothing was written for the refused one.
        let read = core.read();
        assert_eq!(read.log.len() as u64, read.state.next_index);
        assert_eq!(read.state.users.len(), 2);
    }

    #[tokio::test]
    async fn state_is_rebuilt_from_the_store_at_open() {
        let (core, dir) = cell().await;
        for i in 0..5 {
            core.submit(Actor::Cell, add_user(i)).await.unwrap();
        }
        let before = serde_json::to_value(&core.read().state).unwrap();
        let store = Store::open_sqlite_dir(dir.path()).await.unwrap();
        let reopened = Core::open(store, Arc::new(SystemClock)).await.unwrap();
        assert_eq!(
            serde_json::to_value(&reopened.read().state).unwrap(),
            before
        );
        assert_eq!(reopened.read().log.len(), core.read().log.len());
    }
}
