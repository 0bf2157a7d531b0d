//! Storage of the complete-subtree hashes of an append-only Merkle tree.
//!
//! A *complete subtree* at `level` L and `index` i is the perfect binary subtree whose leaves are
//! `[i·2^L, (i+1)·2^L)`; level 0 holds the leaf hashes. An append-only tree of size n has exactly
//! `n >> L` complete subtrees at level L, and every hash any proof or past root needs is either
//! one of them or is folded from O(log n) of them. Storing just these, level by level, costs
//! `32·(2n − popcount(n))` bytes: under 64 bytes per entry. [`MemoryStore`] also leaves out
//! level 1, which it recomputes from level 0, and needs about 48 bytes per entry.

use crate::merkle::{Hash, node_hash};

/// A store of complete-subtree hashes, keyed by `(level, index)`.
///
/// The tree only ever appends: at each level, [`push`](HashStore::push) is called with the hash
/// of the next complete subtree, so every level is a dense sequence starting at index 0. A store
/// backed by disk or a database can implement this trait and be reopened with
/// [`MerkleTree::from_store`](crate::MerkleTree::from_store).
pub trait HashStore {
    /// Number of hashes stored at `level`.
    fn level_len(&self, level: u8) -> u64;

    /// The hash of the complete subtree `(level, index)`, or `None` if it is not stored.
    fn get(&self, level: u8, index: u64) -> Option<Hash>;

    /// Appends the hash of the next complete subtree at `level` (index `level_len(level)`).
    fn push(&mut self, level: u8, hash: Hash);
}

/// Number of hashes per allocation chunk (32 KiB).
///
/// Levels grow in fixed-size chunks instead of one doubling `Vec`, so the memory held is within
/// one chunk per level of what is used. A doubling `Vec` would reserve up to twice the space and
/// copy the whole level on each growth, which breaks the 64 bytes-per-entry budget.
const CHUNK_LEN: usize = 1024;

/// One level of [`MemoryStore`]: its hashes in chunks of [`CHUNK_LEN`].
#[derive(Debug, Clone, Default)]
struct Level {
    chunks: Vec<Vec<Hash>>,
    len: u64,
}

/// The level that [`MemoryStore`] derives instead of storing.
///
/// A level-1 hash is the node hash of two stored leaf hashes. Reads of it are rare (at most a
/// couple per proof or past root, none for appends or tiles above level 0), so recomputing it
/// costs one SHA-256 per read and saves a quarter of the memory: about 48 instead of 64 bytes
/// per entry.
const DERIVED_LEVEL: u8 = 1;

/// In-memory [`HashStore`]: per-level chunked vectors of 32-byte hashes, except level 1, which
/// is recomputed from level 0 on read.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    levels: Vec<Level>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes of heap memory held by the stored hashes and their bookkeeping.
    pub fn heap_bytes(&self) -> usize {
        let hash = std::mem::size_of::<Hash>();
        let chunk_header = std::mem::size_of::<Vec<Hash>>();
        let level_header = std::mem::size_of::<Level>();
        self.levels.capacity() * level_header
            + self
                .levels
                .iter()
                .map(|level| {
                    level.chunks.capacity() * chunk_header
                        + level
                            .chunks
                            .iter()
                            .map(|c| c.capacity() * hash)
                            .sum::<usize>()
                })
                .sum::<usize>()
    }
}

impl HashStore for MemoryStore {
    fn level_len(&self, level: u8) -> u64 {
        self.levels.get(usize::from(level)).map_or(0, |l| l.len)
    }

    fn get(&self, level: u8, index: u64) -> Option<Hash> {
        if level == DERIVED_LEVEL {
            if index >= self.level_len(DERIVED_LEVEL) {
                return None;
            }
            let left = self.get(0, 2 * index)?;
            let right = self.get(0, 2 * index + 1)?;
            return Some(node_hash(&left, &right));
        }
        let level = self.levels.get(usize::from(level))?;
        let chunk = usize::try_from(index / CHUNK_LEN as u64).ok()?;
        let offset = (index % CHUNK_LEN as u64) as usize;
        level.chunks.get(chunk)?.get(offset).copied()
    }

    fn push(&mut self, level: u8, hash: Hash) {
        let derived = level == DERIVED_LEVEL;
        let level = usize::from(level);
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, Level::default);
        }
        let level = &mut self.levels[level];
        if derived {
            level.len += 1;
            return;
        }
        match level.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK_LEN => chunk.push(hash),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK_LEN);
                chunk.push(hash);
                level.chunks.push(chunk);
            }
        }
        level.len += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_and_get_across_chunks() {
        let mut store = MemoryStore::new();
        let n = CHUNK_LEN as u64 * 2 + 3;
        for i in 0..n {
            let mut h = [0u8; 32];
            h[..8].copy_from_slice(&i.to_be_bytes());
            store.push(3, h);
        }
        assert_eq!(store.level_len(3), n);
        assert_eq!(store.level_len(0), 0);
        assert_eq!(store.level_len(200), 0);
        for i in [0, 1, CHUNK_LEN as u64 - 1, CHUNK_LEN as u64, n - 1] {
            let h = store.get(3, i).expect("stored");
            assert_eq!(u64::from_be_bytes(h[..8].try_into().expect("8 bytes")), i);
        }
        assert_eq!(store.get(3, n), None);
        assert_eq!(store.get(2, 0), None);
        assert!(store.heap_bytes() >= 3 * CHUNK_LEN * 32);
    }

    #[test]
    fn level_one_is_derived_from_the_leaves() {
        let mut store = MemoryStore::new();
        let leaves = [[1u8; 32], [2; 32], [3; 32], [4; 32]];
        for leaf in leaves {
            store.push(0, leaf);
        }
        store.push(1, [0xee; 32]);
        assert_eq!(store.level_len(1), 1);
        assert_eq!(store.get(1, 0), Some(node_hash(&leaves[0], &leaves[1])));
        // Not yet pushed at level 1, though both leaves exist.
        assert_eq!(store.get(1, 1), None);
        store.push(1, [0xee; 32]);
        assert_eq!(store.get(1, 1), Some(node_hash(&leaves[2], &leaves[3])));
        // One chunk, for level 0: level 1 holds no hashes.
        assert!(store.heap_bytes() < 2 * CHUNK_LEN * 32);
    }
}
