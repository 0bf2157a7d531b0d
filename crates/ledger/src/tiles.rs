//! C2SP tiled transparency logs (c2sp.org/tlog-tiles, v1): tile paths, tile contents, entry
//! bundles and an offline auditor that rebuilds a tree from its tiles.
//!
//! A tile at level L, index N holds the hashes of up to 256 consecutive complete subtrees of
//! height 8·L: hash i is `MTH(D[(N·256 + i)·256^L .. (N·256 + i + 1)·256^L])`, i.e. the complete
//! subtree `(8·L, N·256 + i)` of the [`MerkleTree`] store. A full tile is 256 hashes (8192
//! bytes); the rightmost tile of a level may be partial, with `floor(size / 256^L) mod 256`
//! hashes. Tiles live at `tile/<L>/<N>[.p/<W>]` and entry bundles at
//! `tile/entries/<N>[.p/<W>]`, with N written in 3-digit groups, every group but the last
//! prefixed by `x` (1234067 → `x001/x234/067`).

use std::fmt;

use thiserror::Error;

use crate::encoding::parse_decimal;
use crate::merkle::{Hash, MerkleTree, TreeError, leaf_hash};
use crate::store::HashStore;

/// Tree levels spanned by one tile.
pub const TILE_HEIGHT: u32 = 8;

/// Hashes (or entries) in a full tile.
pub const TILE_WIDTH: u16 = 256;

/// Highest tile level a path may name.
pub const MAX_TILE_LEVEL: u8 = 63;

/// Why a tile path, tile or entry bundle is invalid, or an audit failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TileError {
    /// The path is not a canonical tile or entry bundle path.
    #[error("invalid tile path {path:?}: {reason}")]
    InvalidPath {
        /// The offending path.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A tile level above [`MAX_TILE_LEVEL`].
    #[error("tile level {0} exceeds {MAX_TILE_LEVEL}")]
    LevelTooHigh(u8),
    /// A tile width of 0 or above [`TILE_WIDTH`].
    #[error("tile width {0} is not between 1 and 256")]
    InvalidWidth(u16),
    /// The tile reaches past the leaves of the tree.
    #[error("tile {tile} reaches beyond tree size {size}")]
    BeyondTree {
        /// The tile path.
        tile: String,
        /// The tree size.
        size: u64,
    },
    /// Hash tile contents were asked of an entry bundle path.
    #[error("{0} is an entry bundle, not a hash tile")]
    NotAHashTile(String),
    /// A tile the audit needs was not supplied.
    #[error("tile {0} is missing")]
    MissingTile(String),
    /// A tile does not hold `width × 32` bytes.
    #[error("tile {tile} has {len} bytes, expected {expected}")]
    WrongTileLength {
        /// The tile path.
        tile: String,
        /// Bytes supplied.
        len: usize,
        /// Bytes its width implies.
        expected: usize,
    },
    /// A tile above level 0 disagrees with the hashes recomputed from the tiles below it.
    #[error("tile {0} does not match the tiles below it")]
    TileMismatch(String),
    /// The rebuilt tree's root is not the expected root.
    #[error("root rebuilt from the tiles differs from the expected root")]
    RootMismatch,
    /// An entry longer than a 16-bit length prefix allows.
    #[error("entry of {0} bytes exceeds the 65535-byte bundle limit")]
    EntryTooLong(usize),
    /// An entry bundle ends inside a length prefix or an entry.
    #[error("entry bundle is truncated at byte {0}")]
    TruncatedBundle(usize),
    /// An entry bundle holds another number of entries than its level-0 tile has hashes.
    #[error("entry bundle has {entries} entries, its tile has {hashes} hashes")]
    BundleLength {
        /// Entries in the bundle.
        entries: usize,
        /// Hashes in the level-0 tile.
        hashes: usize,
    },
    /// An entry does not hash to the leaf hash at its position in the level-0 tile.
    #[error("entry {0} of the bundle does not match its leaf hash")]
    EntryMismatch(usize),
    /// The tree could not supply a hash.
    #[error(transparent)]
    Tree(#[from] TreeError),
}

/// What a tile path addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TileKind {
    /// A tile of Merkle tree hashes at a tile level (0 = leaf hashes).
    Hashes {
        /// Tile level, 0 to [`MAX_TILE_LEVEL`].
        level: u8,
    },
    /// An entry bundle: the entries behind a level-0 tile.
    Entries,
}

impl TileKind {
    /// Tile level; entry bundles share level 0's geometry.
    fn level(self) -> u8 {
        match self {
            Self::Hashes { level } => level,
            Self::Entries => 0,
        }
    }
}

/// A tile or entry bundle: kind, index within its level and width (256 when full).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TilePath {
    kind: TileKind,
    index: u64,
    width: u16,
}

impl TilePath {
    /// A hash tile; `width` is 1…256, 256 meaning a full tile.
    pub fn hashes(level: u8, index: u64, width: u16) -> Result<Self, TileError> {
        if level > MAX_TILE_LEVEL {
            return Err(TileError::LevelTooHigh(level));
        }
        Self::new(TileKind::Hashes { level }, index, width)
    }

    /// An entry bundle; `width` is 1…256, 256 meaning a full bundle.
    pub fn entries(index: u64, width: u16) -> Result<Self, TileError> {
        Self::new(TileKind::Entries, index, width)
    }

    fn new(kind: TileKind, index: u64, width: u16) -> Result<Self, TileError> {
        if width == 0 || width > TILE_WIDTH {
            return Err(TileError::InvalidWidth(width));
        }
        Ok(Self { kind, index, width })
    }

    /// The tile of `kind` and `index` as published for a tree of `tree_size` leaves: full, or
    /// partial with the spec's width, or `None` if the tree has no such tile.
    pub fn for_tree_size(kind: TileKind, index: u64, tree_size: u64) -> Option<Self> {
        let shift = TILE_HEIGHT * u32::from(kind.level());
        let below = tree_size.checked_shr(shift).unwrap_or(0);
        let full = below / u64::from(TILE_WIDTH);
        let partial = (below % u64::from(TILE_WIDTH)) as u16;
        let width = match index.cmp(&full) {
            std::cmp::Ordering::Less => TILE_WIDTH,
            std::cmp::Ordering::Equal if partial > 0 => partial,
            _ => return None,
        };
        Some(Self { kind, index, width })
    }

    /// Every tile of `kind` for a tree of `tree_size` leaves, left to right.
    pub fn all_for_tree_size(kind: TileKind, tree_size: u64) -> impl Iterator<Item = Self> {
        (0..).map_while(move |index| Self::for_tree_size(kind, index, tree_size))
    }

    /// The kind of tile.
    pub fn kind(&self) -> TileKind {
        self.kind
    }

    /// Index of the tile within its level.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// Number of hashes or entries, 1…256.
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Whether the tile is partial (fewer than 256 hashes).
    pub fn is_partial(&self) -> bool {
        self.width < TILE_WIDTH
    }

    /// Parses a canonical `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]` path.
    pub fn parse(path: &str) -> Result<Self, TileError> {
        let invalid = |reason| TileError::InvalidPath {
            path: path.to_owned(),
            reason,
        };
        let rest = path
            .strip_prefix("tile/")
            .ok_or(invalid("does not start with tile/"))?;
        let (kind, rest) = rest
            .split_once('/')
            .ok_or(invalid("no tile index after the level"))?;
        let kind = if kind == "entries" {
            TileKind::Entries
        } else {
            let level = parse_decimal(kind)
                .and_then(|l| u8::try_from(l).ok())
                .filter(|&l| l <= MAX_TILE_LEVEL)
                .ok_or(invalid("level is not a decimal from 0 to 63"))?;
            TileKind::Hashes { level }
        };
        let (index, width) = match rest.split_once(".p/") {
            Some((index, width)) => {
                let width = parse_decimal(width)
                    .filter(|w| (1..u64::from(TILE_WIDTH)).contains(w))
                    .ok_or(invalid("partial width is not a decimal from 1 to 255"))?;
                (index, width as u16)
            }
            None => (rest, TILE_WIDTH),
        };
        let index = parse_index(index).ok_or(invalid(
            "index is not canonical 3-digit groups with x on all but the last",
        ))?;
        Ok(Self { kind, index, width })
    }

    /// The shift from this tile's hashes to leaves, i.e. the tree level of its hashes.
    fn tree_level(&self) -> u32 {
        TILE_HEIGHT * u32::from(self.kind.level())
    }
}

impl fmt::Display for TilePath {
    /// The tile's path, e.g. `tile/1/x001/234.p/17` or `tile/entries/005`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TileKind::Hashes { level } => write!(f, "tile/{level}/")?,
            TileKind::Entries => f.write_str("tile/entries/")?,
        }
        f.write_str(&format_index(self.index))?;
        if self.is_partial() {
            write!(f, ".p/{}", self.width)?;
        }
        Ok(())
    }
}

/// Formats a tile index as zero-padded 3-digit groups, all but the last prefixed by `x`.
pub fn format_index(index: u64) -> String {
    let mut groups = vec![index % 1000];
    let mut rest = index / 1000;
    while rest > 0 {
        groups.push(rest % 1000);
        rest /= 1000;
    }
    let last = groups.len() - 1;
    groups
        .iter()
        .rev()
        .enumerate()
        .map(|(i, g)| {
            if i == last {
                format!("{g:03}")
            } else {
                format!("x{g:03}/")
            }
        })
        .collect()
}

/// Parses the index part of a tile path; `None` unless it is the canonical encoding.
fn parse_index(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split('/').collect();
    let (last, leading) = groups.split_last()?;
    let mut index: u64 = 0;
    for group in leading
        .iter()
        .map(|g| g.strip_prefix('x'))
        .chain(std::iter::once(Some(*last)))
    {
        let group = group.filter(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))?;
        index = index
            .checked_mul(1000)?
            .checked_add(group.parse::<u64>().ok()?)?;
    }
    // Leading zero groups would give a second spelling of the same index.
    (format_index(index) == text).then_some(index)
}

/// The contents of a hash tile: its `width` hashes, concatenated, from the tree's store.
pub fn tile_bytes<S: HashStore>(
    tree: &MerkleTree<S>,
    tile: &TilePath,
) -> Result<Vec<u8>, TileError> {
    if tile.kind == TileKind::Entries {
        return Err(TileError::NotAHashTile(tile.to_string()));
    }
    let level = tile.tree_level();
    let first = tile.index.checked_mul(u64::from(TILE_WIDTH));
    let end = first.and_then(|f| f.checked_add(u64::from(tile.width)));
    let fits = end
        .and_then(|e| e.checked_shl(level).filter(|l| l >> level == e))
        .is_some_and(|leaves| leaves <= tree.size());
    let (Some(first), true) = (first, fits) else {
        return Err(TileError::BeyondTree {
            tile: tile.to_string(),
            size: tree.size(),
        });
    };
    let mut bytes = Vec::with_capacity(usize::from(tile.width) * 32);
    for i in 0..u64::from(tile.width) {
        // `fits` bounds the tree level by 63, so it fits a u8.
        bytes.extend_from_slice(&tree.subtree_hash(level as u8, first + i)?);
    }
    Ok(bytes)
}

/// Encodes entries as an entry bundle: each one prefixed by its big-endian u16 length.
pub fn encode_entry_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, TileError> {
    let mut bundle = Vec::new();
    for entry in entries {
        let entry = entry.as_ref();
        let len = u16::try_from(entry.len()).map_err(|_| TileError::EntryTooLong(entry.len()))?;
        bundle.extend_from_slice(&len.to_be_bytes());
        bundle.extend_from_slice(entry);
    }
    Ok(bundle)
}

/// Decodes an entry bundle into its entries.
pub fn decode_entry_bundle(bundle: &[u8]) -> Result<Vec<&[u8]>, TileError> {
    let mut entries = Vec::new();
    let mut offset = 0;
    while offset < bundle.len() {
        let prefix = bundle
            .get(offset..offset + 2)
            .ok_or(TileError::TruncatedBundle(offset))?;
        let len = usize::from(u16::from_be_bytes([prefix[0], prefix[1]]));
        let entry = bundle
            .get(offset + 2..offset + 2 + len)
            .ok_or(TileError::TruncatedBundle(offset))?;
        entries.push(entry);
        offset += 2 + len;
    }
    Ok(entries)
}

/// Decodes an entry bundle and checks each entry against the leaf hashes of the matching
/// level-0 tile.
pub fn verify_entry_bundle<'b>(
    bundle: &'b [u8],
    level0_tile: &[u8],
) -> Result<Vec<&'b [u8]>, TileError> {
    let entries = decode_entry_bundle(bundle)?;
    let hashes = level0_tile.chunks(32);
    if !level0_tile.len().is_multiple_of(32) || hashes.len() != entries.len() {
        return Err(TileError::BundleLength {
            entries: entries.len(),
            hashes: level0_tile.len() / 32,
        });
    }
    for (i, (entry, hash)) in entries.iter().zip(hashes).enumerate() {
        if leaf_hash(entry) != hash {
            return Err(TileError::EntryMismatch(i));
        }
    }
    Ok(entries)
}

/// Offline audit: rebuilds the tree of `tree_size` leaves from its tiles and checks it.
///
/// All level-0 tiles are fetched and their hashes appended as leaf hashes; every tile above
/// level 0 must then equal what the rebuilt tree gives (clients compute proofs from those
/// tiles, so they must be consistent), and the rebuilt root must be `expected_root`. `fetch`
/// returns a tile's bytes, or `None` if unavailable. The rebuilt tree is returned, e.g. to
/// compute proofs from it.
pub fn audit_tiles<F>(
    tree_size: u64,
    expected_root: &Hash,
    mut fetch: F,
) -> Result<MerkleTree, TileError>
where
    F: FnMut(&TilePath) -> Option<Vec<u8>>,
{
    let mut fetch_checked = |tile: &TilePath| -> Result<Vec<u8>, TileError> {
        let bytes = fetch(tile).ok_or_else(|| TileError::MissingTile(tile.to_string()))?;
        let expected = usize::from(tile.width) * 32;
        if bytes.len() != expected {
            return Err(TileError::WrongTileLength {
                tile: tile.to_string(),
                len: bytes.len(),
                expected,
            });
        }
        Ok(bytes)
    };
    let mut tree = MerkleTree::new();
    for tile in TilePath::all_for_tree_size(TileKind::Hashes { level: 0 }, tree_size) {
        // `fetch_checked` ensured a whole number of hashes, so no remainder is dropped.
        for hash in fetch_checked(&tile)?.as_chunks::<32>().0 {
            tree.append_leaf_hash(*hash);
        }
    }
    for level in 1..=MAX_TILE_LEVEL {
        let mut tiles =
            TilePath::all_for_tree_size(TileKind::Hashes { level }, tree_size).peekable();
        if tiles.peek().is_none() {
            break;
        }
        for tile in tiles {
            if fetch_checked(&tile)? != tile_bytes(&tree, &tile)? {
                return Err(TileError::TileMismatch(tile.to_string()));
            }
        }
    }
    if tree.root() != *expected_root {
        return Err(TileError::RootMismatch);
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn index_encoding_matches_the_spec() {
        assert_eq!(format_index(1_234_067), "x001/x234/067");
        assert_eq!(format_index(0), "000");
        assert_eq!(format_index(5), "005");
        assert_eq!(format_index(999), "999");
        assert_eq!(format_index(1000), "x001/000");
        assert_eq!(format_index(u64::MAX), "x018/x446/x744/x073/x709/x551/615");
        for n in [0, 5, 999, 1000, 1_234_067, u64::MAX] {
            assert_eq!(parse_index(&format_index(n)), Some(n));
        }
        for bad in [
            "",
            "5",
            "0005",
            "x000/005",
            "001/002",
            "x001/x002",
            "x1/002",
            "x018/x446/x744/x073/x709/x551/616",
        ] {
            assert_eq!(parse_index(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_round_trip() {
        for (path, kind, index, width) in [
            ("tile/0/000", TileKind::Hashes { level: 0 }, 0, 256),
            (
                "tile/1/x001/x234/067",
                TileKind::Hashes { level: 1 },
                1_234_067,
                256,
            ),
            ("tile/2/005.p/1", TileKind::Hashes { level: 2 }, 5, 1),
            (
                "tile/63/x001/000.p/255",
                TileKind::Hashes { level: 63 },
                1000,
                255,
            ),
            ("tile/entries/x001/234.p/17", TileKind::Entries, 1234, 17),
            ("tile/entries/000", TileKind::Entries, 0, 256),
        ] {
            let tile = TilePath::parse(path).expect(path);
            assert_eq!(
                (tile.kind(), tile.index(), tile.width()),
                (kind, index, width)
            );
            assert_eq!(tile.to_string(), path);
        }
        for bad in [
            "tile/0",
            "tiles/0/000",
            "tile/64/000",
            "tile/01/000",
            "tile/-1/000",
            "tile/0/000.p/0",
            "tile/0/000.p/256",
            "tile/0/000.p/07",
            "tile/0/000.p/",
            "tile/0/0",
            "tile/entry/000",
            "tile/0/000/",
            "/tile/0/000",
        ] {
            assert!(
                matches!(TilePath::parse(bad), Err(TileError::InvalidPath { .. })),
                "{bad}"
            );
        }
        assert_eq!(TilePath::hashes(64, 0, 1), Err(TileError::LevelTooHigh(64)));
        assert_eq!(TilePath::entries(0, 0), Err(TileError::InvalidWidth(0)));
        assert_eq!(TilePath::entries(0, 257), Err(TileError::InvalidWidth(257)));
    }

    #[test]
    fn tile_set_of_the_spec_example() {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial
        // level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of width
        // 17, and one partial level 2 tile of width 1."
        let widths = |level| {
            TilePath::all_for_tree_size(TileKind::Hashes { level }, 70_000)
                .map(|t| t.width())
                .collect::<Vec<_>>()
        };
        let level0 = widths(0);
        assert_eq!(level0.len(), 274);
        assert!(level0[..273].iter().all(|&w| w == 256));
        assert_eq!(level0[273], 112);
        assert_eq!(widths(1), [256, 17]);
        assert_eq!(widths(2), [1]);
        assert!(widths(3).is_empty());
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
        // tile of width 1."
        assert_eq!(
            TilePath::all_for_tree_size(TileKind::Hashes { level: 1 }, 256).collect::<Vec<_>>(),
            [TilePath::hashes(1, 0, 1).expect("tile")]
        );
        assert_eq!(TilePath::for_tree_size(TileKind::Entries, 1, 256), None);
    }

    fn tree(n: u32) -> MerkleTree {
        let mut t = MerkleTree::new();
        for i in 0..n {
            t.append(&i.to_be_bytes());
        }
        t
    }

    #[test]
    fn tile_contents_come_from_the_tree() {
        let t = tree(70_000);
        let level0 = tile_bytes(&t, &TilePath::hashes(0, 1, 256).expect("tile")).expect("bytes");
        assert_eq!(level0.len(), 8192);
        assert_eq!(level0[..32], t.leaf_hash_at(256).expect("leaf"));
        // Level 1 hash i is the root of the i-th full level-0 tile: leaves [256 i, 256 i + 256).
        let level1 = tile_bytes(&t, &TilePath::hashes(1, 1, 17).expect("tile")).expect("bytes");
        assert_eq!(
            level1[..32],
            t.range_hash(256 * 256, 257 * 256).expect("range")
        );
        let top = tile_bytes(&t, &TilePath::hashes(2, 0, 1).expect("tile")).expect("bytes");
        assert_eq!(top, t.range_hash(0, 65_536).expect("range"));
        assert!(matches!(
            tile_bytes(&t, &TilePath::hashes(1, 1, 18).expect("tile")),
            Err(TileError::BeyondTree { .. })
        ));
        assert!(matches!(
            tile_bytes(&t, &TilePath::hashes(7, u64::MAX, 256).expect("tile")),
            Err(TileError::BeyondTree { .. })
        ));
        assert!(matches!(
            tile_bytes(&t, &TilePath::entries(0, 256).expect("tile")),
            Err(TileError::NotAHashTile(_))
        ));
    }

    #[test]
    fn entry_bundles_round_trip_and_check_against_tiles() {
        let entries: Vec<Vec<u8>> = (0u32..5).map(|i| vec![i as u8; i as usize * 3]).collect();
        let bundle = encode_entry_bundle(&entries).expect("encode");
        assert_eq!(bundle[..2], [0, 0]);
        assert_eq!(bundle[2..4], [0, 3]);
        let decoded = decode_entry_bundle(&bundle).expect("decode");
        assert_eq!(
            decoded,
            entries.iter().map(Vec::as_slice).collect::<Vec<_>>()
        );
        assert_eq!(
            decode_entry_bundle(&bundle[..bundle.len() - 1]),
            Err(TileError::TruncatedBundle(bundle.len() - 14))
        );
        assert_eq!(
            decode_entry_bundle(&[0]),
            Err(TileError::TruncatedBundle(0))
        );
        assert_eq!(
            encode_entry_bundle(&[vec![0u8; 65_536]]),
            Err(TileError::EntryTooLong(65_536))
        );

        let mut t = MerkleTree::new();
        for e in &entries {
            t.append(e);
        }
        let tile = tile_bytes(&t, &TilePath::hashes(0, 0, 5).expect("tile")).expect("bytes");
        assert_eq!(verify_entry_bundle(&bundle, &tile).map(|e| e.len()), Ok(5));
        assert_eq!(
            verify_entry_bundle(&bundle, &tile[..128]),
            Err(TileError::BundleLength {
                entries: 5,
                hashes: 4
            })
        );
        let mut wrong = entries.clone();
        wrong[2][0] ^= 1;
        let wrong = encode_entry_bundle(&wrong).expect("encode");
        assert_eq!(
            verify_entry_bundle(&wrong, &tile),
            Err(TileError::EntryMismatch(2))
        );
    }

    #[test]
    fn audit_rebuilds_the_tree_and_catches_bad_tiles() {
        let size = 70_000;
        let t = tree(size as u32);
        let mut published: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for level in 0..3 {
            for tile in TilePath::all_for_tree_size(TileKind::Hashes { level }, size) {
                published.insert(tile.to_string(), tile_bytes(&t, &tile).expect("bytes"));
            }
        }
        let fetch = |p: &BTreeMap<String, Vec<u8>>| {
            let p = p.clone();
            move |tile: &TilePath| p.get(&tile.to_string()).cloned()
        };
        let rebuilt = audit_tiles(size, &t.root(), fetch(&published)).expect("audit");
        assert_eq!(rebuilt.size(), size);
        assert_eq!(rebuilt.root(), t.root());
        assert_eq!(
            audit_tiles(size, &[0; 32], fetch(&published)).map(|t| t.size()),
            Err(TileError::RootMismatch)
        );

        let mut tampered = published.clone();
        tampered.get_mut("tile/1/001.p/17").expect("tile")[0] ^= 1;
        assert_eq!(
            audit_tiles(size, &t.root(), fetch(&tampered)).map(|t| t.size()),
            Err(TileError::TileMismatch("tile/1/001.p/17".into()))
        );
        let mut short = published.clone();
        short
            .get_mut("tile/0/273.p/112")
            .expect("tile")
            .truncate(32);
        assert_eq!(
            audit_tiles(size, &t.root(), fetch(&short)).map(|t| t.size()),
            Err(TileError::WrongTileLength {
                tile: "tile/0/273.p/112".into(),
                len: 32,
                expected: 112 * 32
            })
        );
        let mut missing = published;
        missing.remove("tile/2/000.p/1");
        assert_eq!(
            audit_tiles(size, &t.root(), fetch(&missing)).map(|t| t.size()),
            Err(TileError::MissingTile("tile/2/000.p/1".into()))
        );
        assert_eq!(
            audit_tiles(0, &crate::EMPTY_ROOT, |_: &TilePath| None).map(|t| t.size()),
            Ok(0)
        );
    }
}
