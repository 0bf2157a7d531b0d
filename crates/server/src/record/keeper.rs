//! The record keeper: follows the core's log, signs checkpoints, gathers cosignatures and
//! publishes.
//!
//! One task, woken by every commit. Each round it appends the entries committed since the last
//! round (all of them at once, so a burst becomes one checkpoint), signs a checkpoint of the new
//! size, submits it to every witness at once, and publishes it with the cosignatures received.
//! Publication waits for the witnesses (at most [`super::submit::WITNESS_TIMEOUT`]) so that a published
//! checkpoint, and every receipt made from it, carries their cosignatures. A witness that
//! failed is retried with a growing backoff, one that refused every minute; neither holds back
//! the others.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use fusioncell_domain::{Actor, Command};
use fusioncell_ledger::{
    Checkpoint, NoteSignature, NoteSigner, SignatureVerifier, SignedCheckpoint, entry_commitment,
};
use fusioncell_store::Store;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::key::{self, CHECKPOINT};
use super::submit::{Outcome, submit};
use super::{LinkState, Published, Record, WitnessSettings};
use crate::core::{Committed, Core};

/// Least time between two checkpoints: commits closer together than this share one, which
/// bounds the signing and the witness traffic under load while keeping the lag well under 1 s.
const MIN_INTERVAL: Duration = Duration::from_millis(200);

/// Entries hashed per slice while catching up, between yields to the runtime.
const CATCH_UP_SLICE: usize = 4096;

/// How long a witness that refused waits before it is asked again.
const REFUSED_RETRY: Duration = Duration::from_secs(60);

/// Longest backoff after failures.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// How long to wait before trying to load the log key again after a store failure.
const KEY_RETRY: Duration = Duration::from_secs(5);

/// The checkpoint being cosigned, and the cosignatures it has so far, by witness name.
struct Current {
    signed: SignedCheckpoint,
    cosignatures: BTreeMap<String, NoteSignature>,
}

struct Keeper {
    record: Record,
    core: Core,
    store: Store,
    http: reqwest::Client,
    signer: Option<NoteSigner>,
    /// When to try loading the key again, after a failure.
    key_retry: Option<Instant>,
    current: Option<Current>,
    last_signed: Option<Instant>,
}

/// Keeps the record of `core` until `shutdown`: the task [`crate::AppState::open`] starts.
pub async fn run(record: Record, core: Core, store: Store, shutdown: CancellationToken) {
    let mut live = core.subscribe();
    let mut keeper = Keeper {
        record,
        core,
        store,
        http: reqwest::Client::new(),
        signer: None,
        key_retry: None,
        current: None,
        last_signed: None,
    };
    loop {
        keeper.round().await;
        let retry = keeper.next_retry();
        tokio::select! {
            received = live.recv() => match received {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            _ = keeper.record.shared.wake.notified() => {}
            _ = sleep_until(retry) => {}
            _ = shutdown.cancelled() => break,
        }
        if let Some(last) = keeper.last_signed {
            tokio::select! {
                _ = tokio::time::sleep_until(last + MIN_INTERVAL) => {}
                _ = shutdown.cancelled() => break,
            }
        }
        // The log itself is read in the next round; queued wake-ups are now redundant.
        while let Ok(_) | Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) =
            live.try_recv()
        {}
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

impl Keeper {
    /// One round: catch up with the log, sign if it grew, ask the witnesses, publish.
    async fn round(&mut self) {
        if self.signer.is_none() && !self.load_key().await {
            return;
        }
        self.catch_up().await;
        self.sign();
        let refusals = self.gather().await;
        self.publish().await;
        for (witness, size, reason) in refusals {
            self.alert(witness, size, reason).await;
        }
    }

    /// Loads or makes the log key once the cell is configured (the origin may come from its
    /// name). Returns whether there is a key.
    async fn load_key(&mut self) -> bool {
        if self.key_retry.is_some_and(|at| Instant::now() < at) {
            return false;
        }
        let name = match self.core.read().state.config() {
            Some(config) => config.name.clone(),
            None => return false,
        };
        let configured = self.record.shared.origin.clone();
        let origin = configured
            .clone()
            .unwrap_or_else(|| key::default_origin(&name));
        match key::load_or_create(&self.store, &origin, configured.is_some()).await {
            Ok(signer) => {
                self.key_retry = None;
                let verifier = signer.verifier();
                self.signer = Some(signer);
                self.record.shared.view.send_modify(|v| {
                    v.log_key = Some(verifier);
                    v.problem = None;
                });
                true
            }
            Err(e) => {
                tracing::error!(error = %e, "the record has no usable log key");
                self.key_retry = Some(Instant::now() + KEY_RETRY);
                self.record
                    .shared
                    .view
                    .send_modify(|v| v.problem = Some(e.to_string()));
                false
            }
        }
    }

    /// Appends every entry committed since the last round to the tree.
    async fn catch_up(&mut self) {
        loop {
            let from = self.record.with_tree(|t| t.size()) as usize;
            let batch: Vec<Arc<Committed>> = {
                let read = self.core.read();
                let end = read.log.len().min(from + CATCH_UP_SLICE);
                read.log.get(from..end).unwrap_or(&[]).to_vec()
            };
            if batch.is_empty() {
                return;
            }
            // Hash outside the tree's lock; only the appends hold it.
            let commitments: Vec<[u8; 32]> = batch
                .iter()
                .map(|c| entry_commitment(&c.salt, &c.bytes))
                .collect();
            {
                let mut tree = self
                    .record
                    .shared
                    .tree
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                for commitment in &commitments {
                    tree.append(commitment);
                }
            }
            if batch.len() < CATCH_UP_SLICE {
                return;
            }
            // A long record (at start) must not starve the other tasks of this thread.
            tokio::task::yield_now().await;
        }
    }

    /// Signs a checkpoint of the tree if it grew past the current one.
    fn sign(&mut self) {
        let Some(signer) = &self.signer else { return };
        let (size, root) = self.record.with_tree(|t| (t.size(), t.root()));
        if size == 0
            || self
                .current
                .as_ref()
                .is_some_and(|c| c.signed.checkpoint.size >= size)
        {
            return;
        }
        let checkpoint = Checkpoint::new(signer.name(), size, root);
        let note = match checkpoint.sign(signer) {
            Ok(note) => note,
            Err(e) => {
                tracing::error!(error = %e, "cannot sign the record's checkpoint");
                return;
            }
        };
        self.current = Some(Current {
            signed: SignedCheckpoint { checkpoint, note },
            cosignatures: BTreeMap::new(),
        });
        self.last_signed = Some(Instant::now());
    }

    /// Submits the current checkpoint to every witness that has not cosigned it and is due;
    /// returns the refusals that start an episode (each raises one alert).
    async fn gather(&mut self) -> Vec<(WitnessSettings, u64, String)> {
        let Some(current) = &self.current else {
            return Vec::new();
        };
        let now = Instant::now();
        let due: Vec<(WitnessSettings, Option<u64>)> = self
            .record
            .links()
            .iter()
            .filter(|l| !current.cosignatures.contains_key(l.settings.key.name()))
            .filter(|l| l.health.retry_at.is_none_or(|at| at <= now))
            .map(|l| (l.settings.clone(), l.health.known_size))
            .collect();
        let (record, http, signed) = (&self.record, &self.http, &current.signed);
        let answers = futures::future::join_all(
            due.iter()
                .map(|(witness, known)| submit(http, record, witness, *known, signed)),
        )
        .await;
        let at = self.core.clock().now();
        let size = signed.checkpoint.size;
        let mut cosigned = Vec::new();
        let mut refusals = Vec::new();
        let mut links = self.record.links();
        for ((witness, _), answer) in due.into_iter().zip(answers) {
            let Some(link) = links.iter_mut().find(|l| l.settings == witness) else {
                continue;
            };
            let health = &mut link.health;
            if answer.witness_size.is_some() {
                health.known_size = answer.witness_size;
            }
            match answer.outcome {
                Outcome::Cosigned {
                    signature,
                    timestamp,
                } => {
                    health.state = LinkState::Cosigning;
                    health.cosigned_at = Some(timestamp);
                    health.retry_at = None;
                    health.failures = 0;
                    cosigned.push((witness.key.name().to_string(), signature));
                }
                Outcome::Refused(reason) => {
                    tracing::error!(witness = witness.key.name(), size, %reason, "a witness refused the record");
                    let new_episode = !matches!(health.state, LinkState::Refused { .. });
                    health.retry_at = Some(Instant::now() + REFUSED_RETRY);
                    health.failures = 0;
                    if new_episode {
                        refusals.push((witness.clone(), size, reason.clone()));
                    }
                    let since = match &health.state {
                        LinkState::Refused { since, .. } => *since,
                        _ => at,
                    };
                    health.state = LinkState::Refused {
                        size,
                        reason,
                        since,
                    };
                }
                Outcome::Failed(error) => {
                    tracing::warn!(witness = witness.key.name(), %error, "a witness did not answer usefully");
                    health.failures = health.failures.saturating_add(1);
                    health.retry_at = Some(Instant::now() + backoff(health.failures));
                    let since = match &health.state {
                        LinkState::Failing { since, .. } => *since,
                        _ => at,
                    };
                    health.state = LinkState::Failing { error, since };
                }
            }
        }
        drop(links);
        if let Some(current) = &mut self.current {
            current.cosignatures.extend(cosigned);
        }
        refusals
    }

    /// Publishes the current checkpoint with its cosignatures, if that changes what is
    /// published, and keeps a copy in the store for offline exports.
    async fn publish(&mut self) {
        let Some(current) = &self.current else { return };
        let mut note = current.signed.note.clone();
        // Cosignatures in the order the witnesses are listed.
        for link in self.record.links().iter() {
            if let Some(signature) = current.cosignatures.get(link.settings.key.name())
                && let Err(e) = note.add_signature(signature.clone())
            {
                tracing::error!(error = %e, "cannot add a cosignature to the checkpoint");
            }
        }
        let text = note.to_string();
        if self.record.published().is_some_and(|p| p.text == text) {
            return;
        }
        let published = Arc::new(Published {
            signed: SignedCheckpoint {
                checkpoint: current.signed.checkpoint.clone(),
                note,
            },
            text,
            at: self.core.clock().now(),
        });
        self.record
            .shared
            .view
            .send_modify(|v| v.published = Some(published.clone()));
        if let Err(e) = self
            .store
            .put_meta(CHECKPOINT, published.text.as_bytes())
            .await
        {
            tracing::error!(error = %e, "cannot keep the published checkpoint in the store");
        }
    }

    /// Records a refusal as an event every party sees.
    async fn alert(&self, witness: WitnessSettings, size: u64, reason: String) {
        let command = Command::RecordWitnessRefused {
            witness: witness.key.name().to_string(),
            party: witness.party,
            size,
            reason: truncate(reason, fusioncell_domain::decide::MAX_REASON),
        };
        if let Err(e) = self.core.submit(Actor::Cell, command).await {
            tracing::error!(error = %e, "cannot record a witness's refusal");
        }
    }

    /// The earliest time something is due without a new commit: a witness to ask again, or
    /// the key to load again.
    fn next_retry(&self) -> Option<Instant> {
        let current = self.current.as_ref();
        let witnesses = self
            .record
            .links()
            .iter()
            .filter(|l| {
                current.is_some_and(|c| !c.cosignatures.contains_key(l.settings.key.name()))
            })
            .filter_map(|l| l.health.retry_at)
            .min();
        witnesses.into_iter().chain(self.key_retry).min()
    }
}

/// Backoff after `failures` failures in a row: 1 s, 2 s, 4 s, … up to [`MAX_BACKOFF`].
fn backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(5)).min(MAX_BACKOFF)
}

/// Cuts `text` to at most `max` characters, so an alert is never refused for its length.
fn truncate(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_limit() {
        let secs: Vec<u64> = (1..=8).map(|f| backoff(f).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30, 30]);
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        assert_eq!(truncate("שלום עולם".into(), 4), "שלום");
        assert_eq!(truncate("short".into(), 10), "short");
    }
}
