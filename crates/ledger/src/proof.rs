//! RFC 9162 inclusion and consistency proofs: generation from a tree, and verification that
//! needs nothing but the proof, the sizes and the roots.
//!
//! Proofs are lists of hashes ordered from the leaf (or the old tree's edge) up to the root, as
//! in RFC 9162 §2.1.3 and §2.1.4. Verification first derives the exact proof length from the
//! index and sizes, so a proof that is too short, too long or padded is refused with the expected
//! length rather than by an opaque hash mismatch.

use thiserror::Error;

use crate::merkle::{EMPTY_ROOT, Hash, MerkleTree, TreeError, node_hash, split_point};
use crate::store::HashStore;

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProofError {
    /// The leaf index is at or beyond the tree size.
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange {
        /// The leaf index.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// The proof does not have the number of hashes its index and sizes imply.
    #[error("proof has {got} hashes, the index and sizes imply {want}")]
    WrongProofLength {
        /// Hashes in the proof.
        got: usize,
        /// Hashes the proof must have.
        want: usize,
    },
    /// The root computed from an inclusion proof differs from the expected root.
    #[error("inclusion proof leads to a different root than expected")]
    RootMismatch,
    /// A consistency proof was asked to go from a larger tree to a smaller one.
    #[error("first tree size {size1} is larger than second tree size {size2}")]
    SizesOutOfOrder {
        /// The first (older) size.
        size1: u64,
        /// The second (newer) size.
        size2: u64,
    },
    /// Equal sizes are consistent only with an empty proof.
    #[error("tree sizes are equal but the proof has {len} hashes instead of none")]
    ProofForEqualSizes {
        /// Hashes in the proof.
        len: usize,
    },
    /// Equal sizes with different roots: the two trees are not the same tree.
    #[error("tree sizes are equal but the roots differ")]
    EqualSizesDifferentRoots,
    /// A root claimed for the empty tree is not `SHA-256("")`.
    #[error("the root of the empty tree must be SHA-256 of the empty string")]
    BadEmptyRoot,
    /// Consistency from the empty tree proves nothing, so no proof is accepted for it.
    #[error("a consistency proof from the empty tree is meaningless")]
    FromEmptyTree,
    /// The proof does not lead to the first (older) root.
    #[error("consistency proof does not lead to the first root")]
    Root1Mismatch,
    /// The proof does not lead to the second (newer) root.
    #[error("consistency proof does not lead to the second root")]
    Root2Mismatch,
}

/// Verifies that `leaf_hash` is the leaf at `index` in the tree of `size` leaves with `root`.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let (inner, border) = decompose_inclusion(index, size);
    if proof.len() != inner + border {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want: inner + border,
        });
    }
    let computed = chain_border_right(
        chain_inner(*leaf_hash, &proof[..inner], index),
        &proof[inner..],
    );
    if computed != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Verifies that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with
/// `root1`.
///
/// Equal sizes need an empty proof and equal roots (and, for size 0, the empty-tree root). A
/// proof from size 0 to a larger size is refused: every tree extends the empty one, so such a
/// proof would prove nothing (the C2SP witness protocol handles old size 0 without a proof).
pub fn verify_consistency(
    size1: u64,
    size2: u64,
    proof: &[Hash],
    root1: &Hash,
    root2: &Hash,
) -> Result<(), ProofError> {
    if size1 > size2 {
        return Err(ProofError::SizesOutOfOrder { size1, size2 });
    }
    if size1 == size2 {
        if !proof.is_empty() {
            return Err(ProofError::ProofForEqualSizes { len: proof.len() });
        }
        if root1 != root2 {
            return Err(ProofError::EqualSizesDifferentRoots);
        }
        if size1 == 0 && *root1 != EMPTY_ROOT {
            return Err(ProofError::BadEmptyRoot);
        }
        return Ok(());
    }
    if size1 == 0 {
        return Err(ProofError::FromEmptyTree);
    }

    // The proof is, in effect, the inclusion path of leaf size1-1 in the new tree, minus the
    // levels below the largest complete subtree ending at size1 (`shift`), whose hash is the
    // seed: the old root itself when size1 is a power of two, else the proof's first hash.
    let (inner, border) = decompose_inclusion(size1 - 1, size2);
    let shift = size1.trailing_zeros() as usize;
    let inner = inner - shift; // size1 < size2 guarantees shift < inner.
    let (seed, rest) = if size1.is_power_of_two() {
        (*root1, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (*first, rest),
            None => {
                return Err(ProofError::WrongProofLength {
                    got: 0,
                    want: 1 + inner + border,
                });
            }
        }
    };
    if rest.len() != inner + border {
        return Err(ProofError::WrongProofLength {
            got: proof.len(),
            want: proof.len() - rest.len() + inner + border,
        });
    }
    let mask = (size1 - 1) >> shift;
    let (inner_part, border_part) = rest.split_at(inner);

    let hash1 = chain_border_right(chain_inner_right(seed, inner_part, mask), border_part);
    if hash1 != *root1 {
        return Err(ProofError::Root1Mismatch);
    }
    let hash2 = chain_border_right(chain_inner(seed, inner_part, mask), border_part);
    if hash2 != *root2 {
        return Err(ProofError::Root2Mismatch);
    }
    Ok(())
}

/// Splits the inclusion proof of leaf `index` in a tree of `size` leaves into its inner part
/// (below the point where the paths to `index` and to the last leaf `size-1` meet) and its
/// border part (left siblings along the right border above it); returns both lengths.
fn decompose_inclusion(index: u64, size: u64) -> (usize, usize) {
    let inner = (64 - (index ^ (size - 1)).leading_zeros()) as usize;
    let border = index.checked_shr(inner as u32).unwrap_or(0).count_ones() as usize;
    (inner, border)
}

/// Hashes `seed` (the node at `index` on its level) up through `proof`, siblings on either side.
fn chain_inner(seed: Hash, proof: &[Hash], index: u64) -> Hash {
    proof.iter().enumerate().fold(seed, |acc, (i, sibling)| {
        if index >> i & 1 == 0 {
            node_hash(&acc, sibling)
        } else {
            node_hash(sibling, &acc)
        }
    })
}

/// Like [`chain_inner`] but only takes left siblings into account, which yields the hash of the
/// same subtree as it was before the leaves right of the path were added.
fn chain_inner_right(seed: Hash, proof: &[Hash], index: u64) -> Hash {
    proof.iter().enumerate().fold(seed, |acc, (i, sibling)| {
        if index >> i & 1 == 1 {
            node_hash(sibling, &acc)
        } else {
            acc
        }
    })
}

/// Hashes `seed` up the right border, where every sibling is on the left.
fn chain_border_right(seed: Hash, proof: &[Hash]) -> Hash {
    proof
        .iter()
        .fold(seed, |acc, sibling| node_hash(sibling, &acc))
}

impl<S: HashStore> MerkleTree<S> {
    /// Inclusion proof (RFC 9162 §2.1.3.1 `PATH`) of leaf `index` in the tree at past `size`.
    ///
    /// The walk goes down from the root; only a sibling on the right border can be an incomplete
    /// subtree, and there is at most one such sibling, so this costs O(log n) store reads and
    /// hashes.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Result<Vec<Hash>, TreeError> {
        self.check_size(size)?;
        if index >= size {
            return Err(TreeError::IndexOutOfRange { index, size });
        }
        let mut proof = Vec::new();
        let (mut start, mut end) = (0, size);
        while end - start > 1 {
            let k = split_point(end - start);
            if index < start + k {
                proof.push(self.range_hash(start + k, end)?);
                end = start + k;
            } else {
                proof.push(self.range_hash(start, start + k)?);
                start += k;
            }
        }
        // Collected root-first; RFC 9162 lists them leaf-first.
        proof.reverse();
        Ok(proof)
    }

    /// Consistency proof (RFC 9162 §2.1.4.1 `PROOF`) between past sizes `size1 ≤ size2`.
    ///
    /// Equal sizes and `size1 = 0` give an empty proof: the former is what
    /// [`verify_consistency`] expects, the latter is what the C2SP witness protocol sends for
    /// a first checkpoint.
    pub fn consistency_proof(&self, size1: u64, size2: u64) -> Result<Vec<Hash>, TreeError> {
        self.check_size(size2)?;
        if size1 > size2 {
            return Err(TreeError::SizesOutOfOrder { size1, size2 });
        }
        let mut proof = Vec::new();
        if size1 == 0 || size1 == size2 {
            return Ok(proof);
        }
        // SUBPROOF(m, D[start:end], b) unrolled; `whole` is b: whether [start, end) is still the
        // whole old tree, whose root the verifier already has.
        let (mut start, mut end, mut whole) = (0, size2, true);
        while size1 != end {
            let k = split_point(end - start);
            if size1 <= start + k {
                proof.push(self.range_hash(start + k, end)?);
                end = start + k;
            } else {
                proof.push(self.range_hash(start, start + k)?);
                start += k;
                whole = false;
            }
        }
        if !whole {
            proof.push(self.range_hash(start, end)?);
        }
        proof.reverse();
        Ok(proof)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(n: u32) -> MerkleTree {
        let mut t = MerkleTree::new();
        for i in 0..n {
            t.append(&i.to_be_bytes());
        }
        t
    }

    #[test]
    fn every_inclusion_proof_of_a_small_tree_verifies() {
        let t = tree(33);
        for size in 1..=33 {
            let root = t.root_at(size).expect("size");
            for index in 0..size {
                let proof = t.inclusion_proof(index, size).expect("proof");
                let leaf = t.leaf_hash_at(index).expect("leaf");
                assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));
            }
        }
    }

    #[test]
    fn every_consistency_proof_of_a_small_tree_verifies() {
        let t = tree(33);
        for size2 in 1..=33 {
            let root2 = t.root_at(size2).expect("size");
            for size1 in 1..=size2 {
                let root1 = t.root_at(size1).expect("size");
                let proof = t.consistency_proof(size1, size2).expect("proof");
                assert_eq!(
                    verify_consistency(size1, size2, &proof, &root1, &root2),
                    Ok(())
                );
            }
        }
    }

    #[test]
    fn inclusion_errors_are_precise() {
        let t = tree(8);
        let root = t.root();
        let leaf = t.leaf_hash_at(3).expect("leaf");
        let proof = t.inclusion_proof(3, 8).expect("proof");
        assert_eq!(
            verify_inclusion(&leaf, 8, 8, &proof, &root),
            Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
        );
        assert_eq!(
            verify_inclusion(&leaf, 3, 8, &proof[..2], &root),
            Err(ProofError::WrongProofLength { got: 2, want: 3 })
        );
        assert_eq!(
            verify_inclusion(&leaf, 2, 8, &proof, &root),
            Err(ProofError::RootMismatch)
        );
        assert_eq!(
            t.inclusion_proof(8, 8),
            Err(TreeError::IndexOutOfRange { index: 8, size: 8 })
        );
        assert_eq!(
            t.inclusion_proof(0, 9),
            Err(TreeError::SizeOutOfRange {
                requested: 9,
                size: 8
            })
        );
    }

    #[test]
    fn consistency_errors_are_precise() {
        let t = tree(7);
        let (r3, r7) = (t.root_at(3).expect("3"), t.root());
        let proof = t.consistency_proof(3, 7).expect("proof");
        assert_eq!(
            verify_consistency(3, 7, &proof, &r7, &r7),
            Err(ProofError::Root1Mismatch)
        );
        assert_eq!(
            verify_consistency(3, 7, &proof, &r3, &r3),
            Err(ProofError::Root2Mismatch)
        );
        assert_eq!(
            verify_consistency(3, 7, &[], &r3, &r7),
            Err(ProofError::WrongProofLength {
                got: 0,
                want: proof.len()
            })
        );
        assert_eq!(
            verify_consistency(7, 3, &proof, &r7, &r3),
            Err(ProofError::SizesOutOfOrder { size1: 7, size2: 3 })
        );
        assert_eq!(
            verify_consistency(0, 7, &[], &EMPTY_ROOT, &r7),
            Err(ProofError::FromEmptyTree)
        );
        assert_eq!(
            verify_consistency(0, 0, &[], &r3, &r3),
            Err(ProofError::BadEmptyRoot)
        );
        assert_eq!(
            verify_consistency(0, 0, &[], &EMPTY_ROOT, &EMPTY_ROOT),
            Ok(())
        );
        assert_eq!(
            verify_consistency(7, 7, &[r7], &r7, &r7),
            Err(ProofError::ProofForEqualSizes { len: 1 })
        );
        assert_eq!(
            verify_consistency(7, 7, &[], &r3, &r7),
            Err(ProofError::EqualSizesDifferentRoots)
        );
        assert_eq!(t.consistency_proof(0, 7), Ok(vec![]));
        assert_eq!(
            t.consistency_proof(5, 4),
            Err(TreeError::SizesOutOfOrder { size1: 5, size2: 4 })
        );
    }
}
