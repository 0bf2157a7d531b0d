//! Property tests: the tree, its proofs and the verifiers agree with a naive, recursive
//! transcription of RFC 9162 §2.1, and mutated proofs are rejected.

use fusioncell_ledger::{
    EMPTY_ROOT, Hash, MerkleTree, leaf_hash, node_hash, verify_consistency, verify_inclusion,
};
use proptest::prelude::*;

/// Leaves 0..n, all distinct.
fn leaves(n: u64) -> Vec<Vec<u8>> {
    (0..n).map(|i| format!("leaf {i}").into_bytes()).collect()
}

fn tree_of(leaves: &[Vec<u8>]) -> MerkleTree {
    let mut tree = MerkleTree::new();
    for leaf in leaves {
        tree.append(leaf);
    }
    tree
}

/// Largest power of two strictly below n ≥ 2.
fn k(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it.
fn mth(d: &[Vec<u8>]) -> Hash {
    match d.len() {
        0 => EMPTY_ROOT,
        1 => leaf_hash(&d[0]),
        n => node_hash(&mth(&d[..k(n)]), &mth(&d[k(n)..])),
    }
}

/// PATH(m, D[n]), RFC 9162 §2.1.3.1.
fn path(m: usize, d: &[Vec<u8>]) -> Vec<Hash> {
    let n = d.len();
    if n == 1 {
        return vec![];
    }
    let k = k(n);
    if m < k {
        let mut p = path(m, &d[..k]);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = path(m - k, &d[k..]);
        p.push(mth(&d[..k]));
        p
    }
}

/// SUBPROOF(m, D[n], b), RFC 9162 §2.1.4.1.
fn subproof(m: usize, d: &[Vec<u8>], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { vec![] } else { vec![mth(d)] };
    }
    let k = k(n);
    if m <= k {
        let mut p = subproof(m, &d[..k], b);
        p.push(mth(&d[k..]));
        p
    } else {
        let mut p = subproof(m - k, &d[k..], false);
        p.push(mth(&d[..k]));
        p
    }
}

#[test]
fn exhaustive_agreement_up_to_128_leaves() {
    let d = leaves(128);
    let tree = tree_of(&d);
    for size in 0..=128usize {
        let root = mth(&d[..size]);
        assert_eq!(tree.root_at(size as u64), Ok(root), "root at {size}");
        for index in 0..size {
            let proof = tree
                .inclusion_proof(index as u64, size as u64)
                .expect("inclusion");
            assert_eq!(proof, path(index, &d[..size]), "PATH({index}, {size})");
            let leaf = leaf_hash(&d[index]);
            assert_eq!(
                verify_inclusion(&leaf, index as u64, size as u64, &proof, &root),
                Ok(())
            );
        }
        for size1 in 1..size {
            let proof = tree
                .consistency_proof(size1 as u64, size as u64)
                .expect("consistency");
            assert_eq!(
                proof,
                subproof(size1, &d[..size], true),
                "PROOF({size1}, {size})"
            );
            let root1 = mth(&d[..size1]);
            assert_eq!(
                verify_consistency(size1 as u64, size as u64, &proof, &root1, &root),
                Ok(())
            );
        }
    }
}

/// A tree size up to a few hundred and a point strictly inside it.
fn size_and_point() -> impl Strategy<Value = (u64, u64)> {
    (1u64..400).prop_flat_map(|n| (Just(n), 0..n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn roots_match_the_definition(n in 0u64..400, m_frac in 0.0f64..=1.0) {
        let d = leaves(n);
        let tree = tree_of(&d);
        let m = ((n as f64) * m_frac) as usize;
        prop_assert_eq!(tree.root(), mth(&d));
        prop_assert_eq!(tree.root_at(m as u64), Ok(mth(&d[..m])));
    }

    #[test]
    fn inclusion_matches_and_mutations_fail(
        (size, index) in size_and_point(),
        extra in 0u64..50,
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let d = leaves(size + extra);
        let tree = tree_of(&d);
        let (i, s) = (index as usize, size as usize);
        let proof = tree.inclusion_proof(index, size).expect("inclusion");
        prop_assert_eq!(&proof, &path(i, &d[..s]));
        let root = mth(&d[..s]);
        let leaf = leaf_hash(&d[i]);
        prop_assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));

        if !proof.is_empty() {
            let mut bad = proof.clone();
            bad[flip.index(proof.len())][usize::from(bit) % 32] ^= 1 << bit;
            prop_assert!(verify_inclusion(&leaf, index, size, &bad, &root).is_err());
            prop_assert!(verify_inclusion(&leaf, index, size, &proof[1..], &root).is_err());
        }
        let mut longer = proof.clone();
        longer.push(root);
        prop_assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
        let mut wrong_root = root;
        wrong_root[usize::from(bit)] ^= 1;
        prop_assert!(verify_inclusion(&leaf, index, size, &proof, &wrong_root).is_err());
        prop_assert!(verify_inclusion(&leaf_hash(b"other"), index, size, &proof, &root).is_err());
        let other_index = (index + 1 + u64::from(bit)) % size;
        if other_index != index {
            prop_assert!(verify_inclusion(&leaf, other_index, size, &proof, &root).is_err());
        }
    }

    #[test]
    fn consistency_matches_and_mutations_fail(
        (size2, size1) in size_and_point(),
        flip in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        prop_assume!(size1 > 0);
        let d = leaves(size2);
        let tree = tree_of(&d);
        let proof = tree.consistency_proof(size1, size2).expect("consistency");
        prop_assert_eq!(&proof, &subproof(size1 as usize, &d, true));
        let (root1, root2) = (mth(&d[..size1 as usize]), mth(&d));
        prop_assert_eq!(verify_consistency(size1, size2, &proof, &root1, &root2), Ok(()));

        let mut bad = proof.clone();
        bad[flip.index(proof.len())][usize::from(bit) % 32] ^= 1 << bit;
        prop_assert!(verify_consistency(size1, size2, &bad, &root1, &root2).is_err());
        prop_assert!(verify_consistency(size1, size2, &proof[1..], &root1, &root2).is_err());
        let mut longer = proof.clone();
        longer.push(root1);
        prop_assert!(verify_consistency(size1, size2, &longer, &root1, &root2).is_err());
        prop_assert!(verify_consistency(size1, size2, &proof, &root2, &root1).is_err());
        let mut wrong = root2;
        wrong[0] ^= 1;
        prop_assert!(verify_consistency(size1, size2, &proof, &root1, &wrong).is_err());
        prop_assert!(verify_consistency(size1, size2, &proof, &wrong, &root2).is_err());
    }
}
