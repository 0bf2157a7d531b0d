//! The whole flow across modules, as the cell uses it: commit events into the log, publish a
//! checkpoint, get it cosigned by a witness, hand out a tlog-proof, and audit the tiles.

use std::collections::BTreeMap;

use fusioncell_ledger::tiles::{
    TileKind, audit_tiles, encode_entry_bundle, tile_bytes, verify_entry_bundle,
};
use fusioncell_ledger::{
    Checkpoint, CosignatureSigner, LogState, MerkleTree, Note, NoteSigner, SignedCheckpoint,
    TilePath, TlogProof, Witness, WitnessOutcome, entry_commitment,
};

const ORIGIN: &str = "cell.example/log";

#[test]
fn events_to_cosigned_proofs_and_audited_tiles() {
    let log_key = NoteSigner::from_seed(ORIGIN, &[1; 32]).expect("log key");
    let witness_key = CosignatureSigner::from_seed("witness.example/w", &[2; 32]).expect("key");
    let witness = Witness::new(vec![witness_key.clone()]).expect("witness");
    let mut witness_state = LogState::new(log_key.verifier());

    let mut tree = MerkleTree::new();
    let mut openings = Vec::new();
    let mut commitments = Vec::new();
    let mut published: Option<String> = None;
    for batch in 0u32..3 {
        for i in 0..300u32 {
            let event = format!("event {batch}/{i}").into_bytes();
            let salt = [(i % 251) as u8 ^ batch as u8; 32];
            let commitment = entry_commitment(&salt, &event);
            tree.append(&commitment);
            commitments.push(commitment);
            openings.push((salt, event));
        }
        // The log signs a checkpoint and asks the witness to cosign it.
        let checkpoint = Checkpoint::new(ORIGIN, tree.size(), tree.root());
        let note = checkpoint.sign(&log_key).expect("sign");
        let request = fusioncell_ledger::AddCheckpointRequest {
            old_size: witness_state.size,
            proof: tree
                .consistency_proof(witness_state.size, tree.size())
                .expect("proof"),
            checkpoint: note.to_string(),
        };
        let outcome = witness
            .add_checkpoint(request.to_string().as_bytes(), 1_700_000_000, |origin| {
                (origin == ORIGIN).then(|| witness_state.clone())
            })
            .expect("witness");
        assert_eq!(outcome.status(), 200, "{outcome:?}");
        let WitnessOutcome::Cosigned { update, .. } = &outcome else {
            panic!("not cosigned");
        };
        witness_state.size = update.size;
        witness_state.root = update.root;
        // The log appends the response lines to its checkpoint.
        published = Some(format!("{note}{}", outcome.body()));
    }
    let published = published.expect("published checkpoint");

    // Anyone holding the log and witness keys can check the cosigned checkpoint…
    let cosigned = Note::parse(published.as_bytes()).expect("note");
    let (lv, wv) = (log_key.verifier(), witness_key.verifier());
    assert_eq!(cosigned.verify(&[&lv, &wv]).map(|v| v.len()), Ok(2));

    // …and a tlog-proof for one event, given the event bytes.
    let signed = SignedCheckpoint::open(published.as_bytes(), &lv).expect("checkpoint");
    let (salt, event) = &openings[421];
    let proof = TlogProof::for_entry(&tree, 421, salt, signed).expect("proof");
    let parsed = TlogProof::parse(proof.to_string().as_bytes()).expect("parse");
    assert_eq!(parsed.verify_entry(event, &lv), Ok(()));
    assert!(parsed.verify_entry(b"another event", &lv).is_err());
    let cosignature = parsed
        .checkpoint
        .note
        .signatures()
        .iter()
        .find(|s| s.name == "witness.example/w")
        .expect("cosignature");
    assert_eq!(
        wv.verify_cosignature(&parsed.checkpoint.checkpoint, cosignature),
        Ok(1_700_000_000)
    );

    // An auditor rebuilds the tree from the published tiles and checks the entry bundles.
    let size = tree.size();
    let mut tiles = BTreeMap::new();
    for level in 0..2 {
        for tile in TilePath::all_for_tree_size(TileKind::Hashes { level }, size) {
            tiles.insert(tile, tile_bytes(&tree, &tile).expect("tile"));
        }
    }
    let audited = audit_tiles(size, &tree.root(), |t| tiles.get(t).cloned()).expect("audit");
    assert_eq!(audited.root(), tree.root());
    for bundle in TilePath::all_for_tree_size(TileKind::Entries, size) {
        let start = (bundle.index() * 256) as usize;
        let entries = &commitments[start..start + usize::from(bundle.width())];
        let bytes = encode_entry_bundle(entries).expect("bundle");
        let level0 = TilePath::hashes(0, bundle.index(), bundle.width()).expect("tile");
        assert_eq!(
            verify_entry_bundle(&bytes, &tiles[&level0]).map(|e| e.len()),
            Ok(entries.len())
        );
    }
}
