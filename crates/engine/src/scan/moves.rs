//! Moves and renames: a photo that vanished and a file that appeared in the same scan, with the same
//! size and BLAKE3, are one photo. Its row follows the file and keeps its id, metadata and variants.

use std::collections::{HashMap, HashSet};

use crate::db::scan_index::IndexedFile;

#[derive(Debug, Clone, Copy)]
struct Vanished {
    id: i64,
    mtime_ns: i64,
    hash: Option<[u8; 32]>,
}

/// The photos that vanished in this scan, by size, and those already matched to a new path.
#[derive(Debug, Default)]
pub(crate) struct Moves {
    by_size: HashMap<i64, Vec<Vanished>>,
    claimed: HashSet<i64>,
}

impl Moves {
    pub fn add(&mut self, file: &IndexedFile) {
        self.by_size.entry(file.size).or_default().push(Vanished {
            id: file.id,
            mtime_ns: file.mtime_ns,
            hash: file.hash,
        });
    }

    /// Sizes for which a new file is worth hashing.
    pub fn sizes(&self) -> HashSet<i64> {
        self.by_size.keys().copied().collect()
    }

    /// The vanished photo a new file is, if any: same size and hash; or, for a photo not hashed yet,
    /// same size and mtime (a rename keeps the mtime to the nanosecond). Each is claimed once.
    pub fn claim(&mut self, size: i64, mtime_ns: i64, hash: Option<&[u8; 32]>) -> Option<i64> {
        let list = self.by_size.get_mut(&size)?;
        let by_hash = hash.and_then(|h| list.iter().position(|v| v.hash.as_ref() == Some(h)));
        let pos = by_hash.or_else(|| {
            list.iter()
                .position(|v| v.hash.is_none() && v.mtime_ns == mtime_ns)
        })?;
        let found = list.swap_remove(pos);
        self.claimed.insert(found.id);
        Some(found.id)
    }

    pub fn is_claimed(&self, id: i64) -> bool {
        self.claimed.contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: i64, size: i64, mtime_ns: i64, hash: Option<[u8; 32]>) -> IndexedFile {
        IndexedFile {
            id,
            size,
            mtime_ns,
            active: true,
            hash,
            reread: false,
            sidecar: None,
        }
    }

    #[test]
    fn pairs_by_size_and_hash_once() {
        let mut moves = Moves::default();
        moves.add(&file(1, 10, 5, Some([1; 32])));
        moves.add(&file(2, 10, 5, Some([2; 32])));
        assert_eq!(moves.claim(10, 9, Some(&[2; 32])), Some(2));
        assert_eq!(moves.claim(10, 9, Some(&[2; 32])), None);
        assert_eq!(moves.claim(11, 5, Some(&[1; 32])), None);
        assert!(moves.is_claimed(2) && !moves.is_claimed(1));
    }

    #[test]
    fn unhashed_photo_pairs_by_mtime() {
        let mut moves = Moves::default();
        moves.add(&file(7, 10, 5, None));
        assert_eq!(moves.claim(10, 6, Some(&[0; 32])), None);
        assert_eq!(moves.claim(10, 5, Some(&[0; 32])), Some(7));
    }
}
