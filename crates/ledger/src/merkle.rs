//! RFC 9162 Merkle tree hashing and an append-only tree over a [`HashStore`].
//!
//! Hashing follows RFC 9162 §2.1.1: a leaf hash is `SHA-256(0x00 || entry)`, an interior node is
//! `SHA-256(0x01 || left || right)`, the empty tree hashes to `SHA-256("")`, and a tree of n > 1
//! leaves splits at k, the largest power of two smaller than n.

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::store::{HashStore, MemoryStore};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// Root hash of the empty tree: `SHA-256("")`.
pub const EMPTY_ROOT: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// Hash of a leaf: `SHA-256(0x00 || entry)`.
pub fn leaf_hash(entry: &[u8]) -> Hash {
    Sha256::new()
        .chain_update([0x00])
        .chain_update(entry)
        .finalize()
        .into()
}

/// Hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    // One contiguous 65-byte buffer: a single `update` is measurably faster than three.
    let mut buf = [0u8; 65];
    buf[0] = 0x01;
    buf[1..33].copy_from_slice(left);
    buf[33..].copy_from_slice(right);
    Sha256::digest(buf).into()
}

/// Why a tree operation could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TreeError {
    /// A leaf index at or beyond the tree size it refers to.
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange {
        /// The requested leaf index.
        index: u64,
        /// The tree size it was requested in.
        size: u64,
    },
    /// A past tree size larger than the current tree.
    #[error("tree size {requested} exceeds the current tree size {size}")]
    SizeOutOfRange {
        /// The requested size.
        requested: u64,
        /// The current size of the tree.
        size: u64,
    },
    /// A consistency proof asked from a larger to a smaller tree.
    #[error("first tree size {size1} is larger than second tree size {size2}")]
    SizesOutOfOrder {
        /// The older size.
        size1: u64,
        /// The newer size.
        size2: u64,
    },
    /// The store lacks a hash that a tree of its size must have.
    #[error("hash store lacks the complete subtree at level {level}, index {index}")]
    MissingHash {
        /// Level of the missing subtree.
        level: u8,
        /// Index of the missing subtree within its level.
        index: u64,
    },
    /// The store's level lengths do not describe one append-only tree.
    #[error("hash store level {level} holds {len} hashes, a tree of {size} leaves has {expected}")]
    InconsistentStore {
        /// The offending level.
        level: u8,
        /// Hashes found at that level.
        len: u64,
        /// Hashes a tree of `size` leaves has at that level.
        expected: u64,
        /// The tree size (hashes at level 0).
        size: u64,
    },
}

/// Largest power of two strictly smaller than `n` (the RFC 9162 split point); `n` must be ≥ 2.
pub(crate) fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (n - 1).ilog2()
}

/// The complete subtrees `(level, index)` that make up the leaves `[start, end)`, left to right.
///
/// `start` must be a multiple of the largest power of two not above `end - start`, which holds
/// for every range a Merkle proof or past root refers to; the pieces then have strictly
/// decreasing sizes, one per set bit of the length.
pub(crate) fn complete_subtrees(start: u64, end: u64) -> impl Iterator<Item = (u8, u64)> {
    let len = end - start;
    let mut offset = start;
    (0..64u8).rev().filter_map(move |level| {
        if len >> level & 1 == 0 {
            return None;
        }
        let piece = (level, offset >> level);
        offset += 1 << level;
        Some(piece)
    })
}

/// An append-only RFC 9162 Merkle tree whose complete-subtree hashes live in a [`HashStore`].
///
/// Appending costs one leaf hash plus, amortised, one node hash. Besides the store the tree keeps
/// its right frontier (the hashes of the complete subtrees that make up the current size, one
/// per set bit), so appends never read the store and the current root costs O(log n).
#[derive(Debug, Clone)]
pub struct MerkleTree<S = MemoryStore> {
    store: S,
    size: u64,
    /// Complete-subtree hashes decomposing `[0, size)`, largest (leftmost) first.
    frontier: Vec<Hash>,
}

impl MerkleTree<MemoryStore> {
    /// An empty tree held in memory.
    pub fn new() -> Self {
        Self {
            store: MemoryStore::new(),
            size: 0,
            frontier: Vec::new(),
        }
    }
}

impl Default for MerkleTree<MemoryStore> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: HashStore> MerkleTree<S> {
    /// Reopens a tree from a store filled by an earlier tree; its size is the level-0 length.
    ///
    /// Checks that every level has the length a tree of that size implies and that the frontier
    /// hashes are present, so a truncated or mixed-up store is refused here rather than
    /// producing wrong roots later.
    pub fn from_store(store: S) -> Result<Self, TreeError> {
        let size = store.level_len(0);
        for level in 1..=64u8 {
            let expected = size.checked_shr(u32::from(level)).unwrap_or(0);
            let len = store.level_len(level);
            if len != expected {
                return Err(TreeError::InconsistentStore {
                    level,
                    len,
                    expected,
                    size,
                });
            }
        }
        let mut tree = Self {
            store,
            size,
            frontier: Vec::new(),
        };
        tree.frontier = complete_subtrees(0, size)
            .map(|(level, index)| tree.subtree_hash(level, index))
            .collect::<Result<_, _>>()?;
        Ok(tree)
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The underlying store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives the store back, e.g. to persist it.
    pub fn into_store(self) -> S {
        self.store
    }

    /// Appends an entry (hashed as a leaf) and returns its index.
    pub fn append(&mut self, entry: &[u8]) -> u64 {
        self.append_leaf_hash(leaf_hash(entry))
    }

    /// Appends an already computed leaf hash and returns its index.
    ///
    /// Used when the entries themselves are elsewhere, e.g. when rebuilding a tree from tiles.
    pub fn append_leaf_hash(&mut self, leaf: Hash) -> u64 {
        let index = self.size;
        self.store.push(0, leaf);
        // Each trailing one bit of the old size is a complete left sibling on the frontier that
        // now has its right half: merge it, store the parent one level up, and carry on.
        let mut hash = leaf;
        let mut level = 0u8;
        let mut carry = index;
        while carry & 1 == 1 {
            let left = self
                .frontier
                .pop()
                .expect("frontier holds one hash per set bit of the size");
            hash = node_hash(&left, &hash);
            level += 1;
            self.store.push(level, hash);
            carry >>= 1;
        }
        self.frontier.push(hash);
        self.size += 1;
        index
    }

    /// Root hash of the tree at its current size.
    pub fn root(&self) -> Hash {
        let mut hashes = self.frontier.iter().rev();
        match hashes.next() {
            None => EMPTY_ROOT,
            Some(last) => hashes.fold(*last, |acc, left| node_hash(left, &acc)),
        }
    }

    /// Root hash of the tree as it was at `size` (any size up to the current one).
    pub fn root_at(&self, size: u64) -> Result<Hash, TreeError> {
        self.check_size(size)?;
        if size == self.size {
            return Ok(self.root());
        }
        if size == 0 {
            return Ok(EMPTY_ROOT);
        }
        self.range_hash(0, size)
    }

    /// Leaf hash at `index`.
    pub fn leaf_hash_at(&self, index: u64) -> Result<Hash, TreeError> {
        if index >= self.size {
            return Err(TreeError::IndexOutOfRange {
                index,
                size: self.size,
            });
        }
        self.subtree_hash(0, index)
    }

    /// Hash of the complete subtree `(level, index)`, covering leaves `[index·2^level,
    /// (index+1)·2^level)`; it must lie within the current tree.
    pub fn subtree_hash(&self, level: u8, index: u64) -> Result<Hash, TreeError> {
        self.store
            .get(level, index)
            .ok_or(TreeError::MissingHash { level, index })
    }

    /// Checks that `size` is not beyond the current tree.
    pub(crate) fn check_size(&self, size: u64) -> Result<(), TreeError> {
        if size > self.size {
            return Err(TreeError::SizeOutOfRange {
                requested: size,
                size: self.size,
            });
        }
        Ok(())
    }

    /// RFC 9162 Merkle tree hash of the leaves `[start, end)`, with `start` aligned as for
    /// [`complete_subtrees`] and `end` within the tree.
    ///
    /// Folding the complete pieces from the right reproduces the recursive split at the largest
    /// power of two: O(log n) store reads and node hashes.
    pub(crate) fn range_hash(&self, start: u64, end: u64) -> Result<Hash, TreeError> {
        let pieces = complete_subtrees(start, end)
            .map(|(level, index)| self.subtree_hash(level, index))
            .collect::<Result<Vec<_>, _>>()?;
        let mut hashes = pieces.iter().rev();
        Ok(match hashes.next() {
            None => EMPTY_ROOT,
            Some(last) => hashes.fold(*last, |acc, left| node_hash(left, &acc)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Roots of the RFC 6962 sample leaves for sizes 0..=8 (also in the signed-note vector
    /// file), checked against the naive definition in `tests/`.
    const SAMPLE_LEAVES: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x10",
        b"\x20\x21",
        b"\x30\x31",
        b"\x40\x41\x42\x43",
        b"\x50\x51\x52\x53\x54\x55\x56\x57",
        b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
    ];

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        assert_eq!(EMPTY_ROOT, <[u8; 32]>::from(Sha256::digest(b"")));
        assert_eq!(MerkleTree::new().root(), EMPTY_ROOT);
    }

    #[test]
    fn sample_roots_match_rfc6962_values() {
        let want = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let mut tree = MerkleTree::new();
        for (i, leaf) in SAMPLE_LEAVES.iter().enumerate() {
            assert_eq!(tree.append(leaf), i as u64);
            assert_eq!(hex(&tree.root()), want[i], "size {}", i + 1);
        }
        for (i, root) in want.iter().enumerate() {
            assert_eq!(hex(&tree.root_at(i as u64 + 1).expect("past size")), *root);
        }
        assert_eq!(tree.root_at(0), Ok(EMPTY_ROOT));
        assert_eq!(
            tree.root_at(9),
            Err(TreeError::SizeOutOfRange {
                requested: 9,
                size: 8
            })
        );
    }

    #[test]
    fn split_point_is_largest_smaller_power_of_two() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(u64::MAX), 1 << 63);
    }

    #[test]
    fn store_holds_every_complete_subtree() {
        let mut tree = MerkleTree::new();
        for i in 0u32..37 {
            tree.append(&i.to_be_bytes());
        }
        for level in 0..8u8 {
            assert_eq!(tree.store().level_len(level), 37 >> level);
        }
        // (level 2, index 3) covers leaves 12..16.
        assert_eq!(tree.subtree_hash(2, 3), tree.range_hash(12, 16));
        assert_eq!(
            tree.leaf_hash_at(37),
            Err(TreeError::IndexOutOfRange {
                index: 37,
                size: 37
            })
        );
    }

    #[test]
    fn reopening_a_store_restores_the_tree() {
        let mut tree = MerkleTree::new();
        for i in 0u32..300 {
            tree.append(&i.to_le_bytes());
        }
        let root = tree.root();
        let mut reopened = MerkleTree::from_store(tree.into_store()).expect("consistent store");
        assert_eq!(reopened.size(), 300);
        assert_eq!(reopened.root(), root);
        reopened.append(b"more");
        assert_eq!(reopened.size(), 301);
    }

    #[test]
    fn reopening_refuses_an_inconsistent_store() {
        let mut store = MemoryStore::new();
        store.push(0, [1; 32]);
        store.push(0, [2; 32]);
        assert_eq!(
            MerkleTree::from_store(store).map(|t| t.size()),
            Err(TreeError::InconsistentStore {
                level: 1,
                len: 0,
                expected: 1,
                size: 2
            })
        );
    }

    fn hex(hash: &Hash) -> String {
        hash.iter().map(|b| format!("{b:02x}")).collect()
    }
}
