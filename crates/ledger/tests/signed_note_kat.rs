//! Known-answer test for C2SP signed notes (`tests/vectors/signed-note.json`, the Go reference
//! implementation's example key and note), plus the RFC 6962 sample roots in the same file.

use std::collections::BTreeMap;

use fusioncell_ledger::note::{KEY_TYPE_ED25519, key_id};
use fusioncell_ledger::{MerkleTree, Note, NoteError, NoteSigner, NoteVerifier};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vector {
    skey: String,
    vkey: String,
    text: String,
    note: String,
    key_id_hex: String,
    rfc6962_roots_hex: BTreeMap<u64, String>,
    rfc6962_leaves_hex: Vec<String>,
}

fn vector() -> Vector {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/signed-note.json"
    );
    serde_json::from_slice(&std::fs::read(path).expect("read vector")).expect("vector JSON")
}

#[test]
fn signing_gives_exactly_the_reference_note() {
    let v = vector();
    let signer = NoteSigner::from_signer_key(&v.skey).expect("signer key");
    assert_eq!(format!("{:08x}", signer.key_id()), v.key_id_hex);
    assert_eq!(signer.name(), "PeterNeumann");
    let mut note = Note::new(v.text.clone()).expect("text");
    note.sign(&signer).expect("sign");
    assert_eq!(note.to_string(), v.note);
    // Keys re-encode to the same strings.
    assert_eq!(signer.signer_key(), v.skey);
    assert_eq!(signer.verifier().verifier_key(), v.vkey);
}

#[test]
fn the_verifier_key_opens_the_reference_note() {
    let v = vector();
    let verifier = NoteVerifier::from_verifier_key(&v.vkey).expect("verifier key");
    let id = u32::from_str_radix(&v.key_id_hex, 16).expect("hex");
    assert_eq!(
        key_id("PeterNeumann", KEY_TYPE_ED25519, &verifier.public_key()),
        id
    );
    let note = Note::open(v.note.as_bytes(), &[&verifier]).expect("open");
    assert_eq!(note.text(), v.text);
    assert_eq!(note.to_string(), v.note);

    // One changed character in the text breaks the signature of the known key.
    let tampered = v.note.replacen("answer", "Answer", 1);
    assert_eq!(
        Note::open(tampered.as_bytes(), &[&verifier]).map(|n| n.text().to_owned()),
        Err(NoteError::InvalidSignature {
            name: "PeterNeumann".into(),
            key_id: id
        })
    );
}

#[test]
fn sample_leaf_roots() {
    let v = vector();
    let mut tree = MerkleTree::new();
    for leaf in &v.rfc6962_leaves_hex {
        tree.append(&hex::decode(leaf).expect("hex"));
    }
    assert_eq!(v.rfc6962_roots_hex.len(), 9);
    for (size, root) in &v.rfc6962_roots_hex {
        assert_eq!(
            hex::encode(tree.root_at(*size).expect("size")),
            *root,
            "size {size}"
        );
    }
}
