//! The audit: checks [`Evidence`] alone, against what this auditor saw before.
//!
//! In order: the log key (against the one pinned or seen before), the log's signature on the
//! checkpoint, each witness's cosignature, the tree rebuilt from the tiles (its root must be the
//! checkpoint's), the entry bundles against the leaves, consistency with the checkpoint this
//! auditor saw last (naming every entry that changed), and finally that every opening opens the
//! commitment at its index. Every problem found is reported with where it is; the audit goes on
//! as far as the evidence allows.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::Event;
use fusioncell_ledger::tiles::{audit_tiles, verify_entry_bundle};
use fusioncell_ledger::{
    CosignatureVerifier, Hash, MerkleTree, NoteVerifier, SignatureVerifier, SignedCheckpoint,
    TileError, TileKind, TilePath, entry_commitment, leaf_hash,
};
use serde::{Deserialize, Serialize};

use super::evidence::Evidence;
use super::status::cosignature_time;

/// Changed entries named one by one before the rest are only counted.
const CHANGES_NAMED: usize = 20;

/// What the audit requires beyond the evidence itself.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// The log key, when the auditor pins one.
    pub log_key: Option<NoteVerifier>,
    /// Witnesses that must have cosigned, with their party when known. Empty: the witnesses
    /// the evidence lists.
    pub witnesses: Vec<(Option<String>, CosignatureVerifier)>,
}

/// What an auditor remembers of a log after a successful audit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seen {
    /// The log's verifier key.
    pub log_key: String,
    /// The checkpoint's size.
    pub size: u64,
    /// The checkpoint's root, base64.
    pub root: String,
    /// Every leaf hash of that tree, concatenated, base64: to name the entries that change.
    pub leaves: String,
}

impl Seen {
    fn root(&self) -> Option<Hash> {
        STANDARD.decode(&self.root).ok()?.try_into().ok()
    }

    fn leaves(&self) -> Vec<Hash> {
        let bytes = STANDARD.decode(&self.leaves).unwrap_or_default();
        bytes.as_chunks::<32>().0.to_vec()
    }
}

/// The findings.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    /// What was checked and found right.
    pub checked: Vec<String>,
    /// What the auditor should know but is not a failure.
    pub warnings: Vec<String>,
    /// What is wrong, and where.
    pub problems: Vec<String>,
    /// What to remember of the log, when nothing is wrong.
    pub seen: Option<Seen>,
    /// The origin of the log audited, when its checkpoint could be read.
    pub origin: Option<String>,
}

impl Audit {
    /// Whether the record passed.
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, message: impl Into<String>) {
        self.problems.push(message.into());
    }

    fn checked(&mut self, message: impl Into<String>) {
        self.checked.push(message.into());
    }
}

/// Audits `evidence` under `policy`, against `prior` (what this auditor saw last of the log).
pub fn audit(evidence: &Evidence, policy: &Policy, prior: Option<&Seen>) -> Audit {
    let mut a = Audit::default();
    let Some((log_key, signed)) = check_signature(&mut a, evidence, policy, prior) else {
        return a;
    };
    let checkpoint = &signed.checkpoint;
    a.origin = Some(checkpoint.origin.clone());
    check_cosignatures(&mut a, evidence, policy, &signed);
    let tree = match audit_tiles(checkpoint.size, &checkpoint.root, |t| evidence.tile(t)) {
        Ok(tree) => tree,
        Err(e) => {
            a.problem(tile_problem(&e, checkpoint.size));
            return a;
        }
    };
    a.checked(format!(
        "rebuilt the tree of {} entries from the tiles: its root is the checkpoint's",
        checkpoint.size
    ));
    let commitments = check_bundles(&mut a, evidence, &tree);
    if let Some(prior) = prior {
        check_history(&mut a, prior, &tree);
    }
    check_openings(&mut a, evidence, &tree, &commitments);
    if a.passed() {
        a.seen = Some(Seen {
            log_key: log_key.verifier_key(),
            size: tree.size(),
            root: STANDARD.encode(tree.root()),
            leaves: STANDARD.encode(
                (0..tree.size())
                    .filter_map(|i| tree.leaf_hash_at(i).ok())
                    .flatten()
                    .collect::<Vec<u8>>(),
            ),
        });
    }
    a
}

/// The log key and its signature on the checkpoint.
fn check_signature(
    a: &mut Audit,
    evidence: &Evidence,
    policy: &Policy,
    prior: Option<&Seen>,
) -> Option<(NoteVerifier, SignedCheckpoint)> {
    let served = match NoteVerifier::from_verifier_key(evidence.log_key.trim()) {
        Ok(key) => key,
        Err(e) => {
            a.problem(format!(
                "the log key {:?} is unreadable: {e}",
                evidence.log_key
            ));
            return None;
        }
    };
    if let Some(pinned) = &policy.log_key
        && *pinned != served
    {
        a.problem(format!(
            "the log key is {}, not the pinned {}",
            served.verifier_key(),
            pinned.verifier_key()
        ));
        return None;
    }
    if let Some(prior) = prior
        && prior.log_key != served.verifier_key()
    {
        a.problem(format!(
            "the log key changed since your last check: it was {}, it is now {}",
            prior.log_key,
            served.verifier_key()
        ));
        return None;
    }
    let signed = match SignedCheckpoint::open(evidence.checkpoint.as_bytes(), &served) {
        Ok(signed) => signed,
        Err(e) => {
            a.problem(format!(
                "the checkpoint is not validly signed by the log key: {e}"
            ));
            return None;
        }
    };
    let c = &signed.checkpoint;
    a.checked(format!(
        "checkpoint of {} at size {} (root {}) is signed by the log key {}",
        c.origin,
        c.size,
        STANDARD.encode(c.root),
        served.verifier_key()
    ));
    Some((served, signed))
}

/// Each required witness's cosignature.
fn check_cosignatures(
    a: &mut Audit,
    evidence: &Evidence,
    policy: &Policy,
    signed: &SignedCheckpoint,
) {
    let mut witnesses = policy.witnesses.clone();
    if witnesses.is_empty() {
        for w in &evidence.witnesses {
            match CosignatureVerifier::from_verifier_key(&w.key) {
                Ok(key) => witnesses.push((Some(w.party.clone()), key)),
                Err(e) => a.problem(format!(
                    "the key the log lists for the witness of {} is unreadable: {e}",
                    w.party
                )),
            }
        }
        if !witnesses.is_empty() {
            a.warnings.push(
                "the witness keys were taken from the log itself; pin your own with --witness"
                    .into(),
            );
        }
    }
    if witnesses.is_empty() {
        a.warnings.push(
            "no witness keys: only the log's own signature vouches for this checkpoint".into(),
        );
    }
    let size = signed.checkpoint.size;
    for (party, key) in &witnesses {
        let who = match party {
            Some(p) => format!("witness {} (party {p})", key.name()),
            None => format!("witness {}", key.name()),
        };
        let mine = signed
            .note
            .signatures()
            .iter()
            .find(|s| s.name == key.name() && s.key_id == key.key_id());
        match mine.map(|s| key.verify_cosignature(&signed.checkpoint, s)) {
            None => a.problem(format!(
                "the checkpoint at size {size} carries no cosignature by {who}: that witness has not vouched for this tree"
            )),
            Some(Err(e)) => a.problem(format!("the cosignature by {who} does not verify: {e}")),
            Some(Ok(time)) => a.checked(format!(
                "cosigned by {who} at {}",
                cosignature_time(time).to_rfc3339()
            )),
        }
    }
}

/// Says which tile is at fault, and what that means.
fn tile_problem(e: &TileError, size: u64) -> String {
    match e {
        TileError::RootMismatch => format!(
            "the tree rebuilt from the tiles has another root than the checkpoint at size {size}: the entries are not the ones the log signed"
        ),
        TileError::MissingTile(tile) => {
            format!("tile {tile} is missing: the tree of {size} entries cannot be rebuilt")
        }
        other => format!("the tiles do not rebuild the checkpoint: {other}"),
    }
}

/// Checks each entry bundle against its level-0 tile; returns the commitment of every entry
/// whose bundle holds.
fn check_bundles(a: &mut Audit, evidence: &Evidence, tree: &MerkleTree) -> Vec<Option<Hash>> {
    let mut commitments = vec![None; tree.size() as usize];
    let mut bad = 0;
    for level0 in TilePath::all_for_tree_size(TileKind::Hashes { level: 0 }, tree.size()) {
        let start = level0.index() * 256;
        let bundle = TilePath::entries(level0.index(), level0.width())
            .expect("a level-0 tile's width is a valid bundle width");
        let (Some(hashes), Some(entries)) = (evidence.tile(&level0), evidence.tile(&bundle)) else {
            a.problem(format!(
                "entry bundle {bundle} is missing: entries {start}..{} cannot be checked",
                start + u64::from(level0.width())
            ));
            bad += 1;
            continue;
        };
        match verify_entry_bundle(&entries, &hashes) {
            Ok(list) => {
                for (i, entry) in list.iter().enumerate() {
                    commitments[start as usize + i] = <[u8; 32]>::try_from(*entry).ok();
                }
            }
            Err(TileError::EntryMismatch(i)) => {
                a.problem(format!(
                    "entry {}: its commitment in {bundle} does not hash to its leaf in {level0}",
                    start + i as u64
                ));
                bad += 1;
            }
            Err(e) => {
                a.problem(format!("entry bundle {bundle}: {e}"));
                bad += 1;
            }
        }
    }
    if bad == 0 {
        a.checked(format!(
            "every entry bundle matches its tile ({} commitments)",
            tree.size()
        ));
    }
    commitments
}

/// Consistency with what this auditor saw last, naming the entries that changed.
fn check_history(a: &mut Audit, prior: &Seen, tree: &MerkleTree) {
    let (old, new) = (prior.size, tree.size());
    let changed: Vec<u64> = prior
        .leaves()
        .iter()
        .zip(0..new)
        .filter(|(leaf, i)| tree.leaf_hash_at(*i).is_ok_and(|h| h != **leaf))
        .map(|(_, i)| i)
        .collect();
    let named = name_entries(&changed);
    if old > new {
        let mut message = format!(
            "the record shrank: you last saw {old} entries, the checkpoint has {new}: entries {new}..{old} are gone"
        );
        if !changed.is_empty() {
            message.push_str(&format!(", and entries {named} changed"));
        }
        a.problem(message);
    } else if prior.root() != tree.root_at(old).ok() {
        let place = if changed.is_empty() {
            String::new()
        } else {
            format!(": entries {named} are not the ones you saw")
        };
        a.problem(format!(
            "the first {old} entries are not the tree you saw last (root {}): the record was rewritten{place}",
            prior.root
        ));
    } else {
        a.checked(format!(
            "consistent with the checkpoint you saw last (size {old}): nothing was changed, removed or reordered"
        ));
    }
}

/// `3, 4, 9` or `3, 4, …, 80 (and 57 more)`.
fn name_entries(indices: &[u64]) -> String {
    let shown: Vec<String> = indices
        .iter()
        .take(CHANGES_NAMED)
        .map(ToString::to_string)
        .collect();
    let rest = indices.len().saturating_sub(CHANGES_NAMED);
    if rest == 0 {
        shown.join(", ")
    } else {
        format!("{} (and {rest} more)", shown.join(", "))
    }
}

/// Every opening must open the commitment at its index.
fn check_openings(
    a: &mut Audit,
    evidence: &Evidence,
    tree: &MerkleTree,
    commitments: &[Option<Hash>],
) {
    let mut good = 0;
    for o in &evidence.openings {
        let i = o.index;
        let Some(leaf) = tree.leaf_hash_at(i).ok() else {
            a.problem(format!(
                "entry {i}: an opening was given, but the checkpoint has only {} entries",
                tree.size()
            ));
            continue;
        };
        let Some(salt) = STANDARD
            .decode(&o.salt)
            .ok()
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
        else {
            a.problem(format!(
                "entry {i}: its salt {:?} is not 32 bytes of base64",
                o.salt
            ));
            continue;
        };
        let commitment = entry_commitment(&salt, o.event.as_bytes());
        if leaf_hash(&commitment) != leaf
            || commitments[i as usize].is_some_and(|c| c != commitment)
        {
            a.problem(format!(
                "entry {i}: the event and salt given do not open its commitment in the tree: this is not the event the log committed to"
            ));
            continue;
        }
        if let Err(e) = Event::from_canonical_bytes(o.event.as_bytes()) {
            a.problem(format!(
                "entry {i}: it opens, but is not a readable event: {e}"
            ));
            continue;
        }
        good += 1;
    }
    a.checked(format!(
        "{good} of the {} entries opened open their commitment and are included in the tree",
        evidence.openings.len()
    ));
}
