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
        Ok(tree) => {
            a.checked(format!(
                "rebuilt the tree of {} entries from the tiles: its root is the checkpoint's",
                checkpoint.size
            ));
            tree
        }
        Err(e) => {
            a.problem(tile_problem(&e, checkpoint.size));
            // Go on with the leaves there are, to say which entries differ.
            let tree = leaf_tree(evidence);
            if tree.size() < checkpoint.size {
                a.problem(format!(
                    "the tiles hold the leaves of only {} of the {} entries the checkpoint covers: entries {}..{} are missing",
                    tree.size(),
                    checkpoint.size,
                    tree.size(),
                    checkpoint.size
                ));
            }
            tree
        }
    };
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

/// The tree of the level-0 tiles the evidence holds, from the first one on while they follow
/// each other (full tiles, then at most one partial tile).
fn leaf_tree(evidence: &Evidence) -> MerkleTree {
    let mut tree = MerkleTree::new();
    let mut index = 0;
    loop {
        let tile = (1..=256u16).rev().find_map(|width| {
            let path = TilePath::hashes(0, index, width).ok()?;
            evidence.tile(&path).map(|bytes| (width, bytes))
        });
        let Some((width, hashes)) = tile else {
            return tree;
        };
        for hash in hashes.as_chunks::<32>().0 {
            tree.append_leaf_hash(*hash);
        }
        if width < 256 {
            return tree;
        }
        index += 1;
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
            "the record shrank: you last saw {old} entries, it now has {new}: entries {new}..{old} are gone"
        );
        if !changed.is_empty() {
            message.push_str(&format!(", and {named} changed"));
        }
        a.problem(message);
    } else if prior.root() != tree.root_at(old).ok() {
        let place = if changed.is_empty() {
            String::new()
        } else {
            format!("; {named} changed since your last check")
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

/// `entry 3`, `entries 3, 4, 9` or `entries 3, 4, …, 80 (and 57 more)`.
fn name_entries(indices: &[u64]) -> String {
    let shown: Vec<String> = indices
        .iter()
        .take(CHANGES_NAMED)
        .map(ToString::to_string)
        .collect();
    let noun = if indices.len() == 1 {
        "entry"
    } else {
        "entries"
    };
    let rest = indices.len().saturating_sub(CHANGES_NAMED);
    if rest == 0 {
        format!("{noun} {}", shown.join(", "))
    } else {
        format!("{noun} {} (and {rest} more)", shown.join(", "))
    }
}

/// Every opening must open the commitment at its index. Problems are grouped by kind, so a
/// wholesale forgery reads as a few lines naming the entries.
fn check_openings(
    a: &mut Audit,
    evidence: &Evidence,
    tree: &MerkleTree,
    commitments: &[Option<Hash>],
) {
    let (mut beyond, mut bad_salt, mut closed, mut unreadable) = (vec![], vec![], vec![], vec![]);
    let mut first_error = None;
    for o in &evidence.openings {
        let i = o.index;
        let Ok(leaf) = tree.leaf_hash_at(i) else {
            beyond.push(i);
            continue;
        };
        let Some(salt) = STANDARD
            .decode(&o.salt)
            .ok()
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
        else {
            bad_salt.push(i);
            continue;
        };
        let commitment = entry_commitment(&salt, o.event.as_bytes());
        if leaf_hash(&commitment) != leaf
            || commitments[i as usize].is_some_and(|c| c != commitment)
        {
            closed.push(i);
            continue;
        }
        if let Err(e) = Event::from_canonical_bytes(o.event.as_bytes()) {
            first_error.get_or_insert(e.to_string());
            unreadable.push(i);
        }
    }
    if !beyond.is_empty() {
        a.problem(format!(
            "{}: opened, but the checkpoint has only {} entries",
            name_entries(&beyond),
            tree.size()
        ));
    }
    if !bad_salt.is_empty() {
        a.problem(format!(
            "{}: the salt is not 32 bytes of base64",
            name_entries(&bad_salt)
        ));
    }
    if !closed.is_empty() {
        a.problem(format!(
            "{}: the event and salt given do not open the commitment at that index: not what the log committed to",
            name_entries(&closed)
        ));
    }
    if let Some(error) = first_error {
        a.problem(format!(
            "{}: opens, but is not a readable event ({error})",
            name_entries(&unreadable)
        ));
    }
    let failed = beyond.len() + bad_salt.len() + closed.len() + unreadable.len();
    a.checked(format!(
        "{} of the {} entries opened open their commitment and are included in the tree",
        evidence.openings.len() - failed,
        evidence.openings.len()
    ));
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use fusioncell_ledger::tiles::{encode_entry_bundle, tile_bytes};
    use fusioncell_ledger::{Checkpoint, CosignatureSigner, NoteSigner};

    use super::*;
    use crate::record::evidence::{FORMAT, WitnessKey, tile_paths};
    use crate::record::http::Opening;

    const EVENT: &str = r#"{"schema":1,"at":1767700800000,"actor":null,"party":null,"audience":["il"],"body":{"type":"user.disabled","user":"il.x"}}"#;

    /// Evidence of a log of `n` copies of [`EVENT`], cosigned by one witness, opened in full.
    fn evidence(n: u64) -> (Evidence, CosignatureSigner) {
        let log = NoteSigner::from_seed("test.example/log", &[1; 32]).unwrap();
        let witness = CosignatureSigner::from_seed("il.witness", &[2; 32]).unwrap();
        let mut tree = MerkleTree::new();
        let mut commitments = Vec::new();
        let mut openings = Vec::new();
        for index in 0..n {
            let salt = [index as u8; 32];
            let commitment = entry_commitment(&salt, EVENT.as_bytes());
            tree.append(&commitment);
            commitments.push(commitment);
            openings.push(Opening {
                index,
                event: EVENT.into(),
                salt: STANDARD.encode(salt),
            });
        }
        let checkpoint = Checkpoint::new("test.example/log", n, tree.root());
        let mut note = checkpoint.sign(&log).unwrap();
        note.add_signature(witness.cosign(&checkpoint, 1_767_700_800).unwrap())
            .unwrap();
        let mut tiles = BTreeMap::new();
        for path in tile_paths(n) {
            let bytes = match path.kind() {
                TileKind::Hashes { .. } => tile_bytes(&tree, &path).unwrap(),
                TileKind::Entries => {
                    let start = (path.index() * 256) as usize;
                    encode_entry_bundle(&commitments[start..start + usize::from(path.width())])
                        .unwrap()
                }
            };
            tiles.insert(path.to_string(), STANDARD.encode(bytes));
        }
        let evidence = Evidence {
            format: FORMAT.into(),
            log_key: log.verifier().verifier_key(),
            checkpoint: note.to_string(),
            witnesses: vec![WitnessKey {
                party: "il".into(),
                key: witness.verifier().verifier_key(),
            }],
            tiles,
            openings,
            party: None,
        };
        (evidence, witness)
    }

    #[test]
    fn a_sound_record_passes_and_is_remembered() {
        let (evidence, _) = evidence(300);
        let audit = audit(&evidence, &Policy::default(), None);
        assert!(audit.passed(), "{:?}", audit.problems);
        let seen = audit.seen.unwrap();
        assert_eq!(seen.size, 300);
        assert_eq!(seen.leaves().len(), 300);
        let again = super::audit(&evidence, &Policy::default(), Some(&seen));
        assert!(again.passed(), "{:?}", again.problems);
    }

    #[test]
    fn a_wrong_opening_is_named() {
        let (mut evidence, _) = evidence(5);
        evidence.openings[3].event = EVENT.replace("il.x", "il.y");
        evidence.openings[4].salt = "AAAA".into();
        let audit = audit(&evidence, &Policy::default(), None);
        assert_eq!(audit.problems.len(), 2, "{:?}", audit.problems);
        assert!(audit.problems[0].starts_with("entry 4: the salt"));
        assert!(audit.problems[1].starts_with("entry 3: the event and salt given do not open"));
        assert!(audit.seen.is_none(), "a failed audit is not remembered");
    }

    #[test]
    fn keys_signatures_and_bundles_are_checked() {
        let (evidence, witness) = evidence(5);
        let other = NoteSigner::from_seed("test.example/log", &[9; 32]).unwrap();
        let pinned = Policy {
            log_key: Some(other.verifier()),
            ..Policy::default()
        };
        assert!(audit(&evidence, &pinned, None).problems[0].contains("not the pinned"));

        let stranger = CosignatureSigner::from_seed("sy.witness", &[3; 32]).unwrap();
        let strict = Policy {
            witnesses: vec![
                (Some("il".into()), witness.verifier()),
                (Some("sy".into()), stranger.verifier()),
            ],
            ..Policy::default()
        };
        let audit_strict = audit(&evidence, &strict, None);
        assert_eq!(
            audit_strict.problems.len(),
            1,
            "{:?}",
            audit_strict.problems
        );
        assert!(
            audit_strict.problems[0].contains("no cosignature by witness sy.witness (party sy)")
        );

        let mut broken = evidence.clone();
        broken.tiles.remove("tile/entries/000.p/5");
        assert!(
            audit(&broken, &Policy::default(), None).problems[0]
                .contains("entry bundle tile/entries/000.p/5 is missing")
        );

        let mut forged = evidence;
        forged.checkpoint = forged.checkpoint.replace("\n5\n", "\n6\n");
        assert!(
            audit(&forged, &Policy::default(), None).problems[0].contains("not validly signed")
        );
    }

    #[test]
    fn changes_are_named_briefly() {
        assert_eq!(name_entries(&[7]), "entry 7");
        assert_eq!(name_entries(&[7, 8]), "entries 7, 8");
        let many: Vec<u64> = (0..25).collect();
        assert!(name_entries(&many).ends_with("19 (and 5 more)"));
    }
}
