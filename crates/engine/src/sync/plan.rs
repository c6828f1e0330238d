//! What a library could send to a remote: one object per distinct original (and stored variant), each
//! under its content-addressed key, minus what the ledger says the remote already holds.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::target::RemoteTarget;
use crate::db::sync::{Ledger, Original};
use crate::paths;

/// Where the stored variants of a content hash are: (long edge, file) per configured size.
pub type VariantPaths<'a> = &'a dyn Fn(&[u8; 32]) -> Vec<(u32, PathBuf)>;

/// One object to upload.
#[derive(Debug, Clone)]
pub struct Item {
    pub key: String,
    pub path: PathBuf,
    pub size: u64,
    /// For originals: the BLAKE3 the bytes must still have (the key promises it).
    pub expect_hash: Option<[u8; 32]>,
}

/// Every object the library maps to: each distinct original under its key, then (when asked) each
/// of its stored variants; each key once.
pub fn everything(
    originals: &[Original],
    original_keys: &HashMap<[u8; 32], String>,
    target: &RemoteTarget,
    variants_of: Option<VariantPaths<'_>>,
) -> Vec<Item> {
    let mut seen = HashSet::new();
    let mut items = Vec::with_capacity(originals.len());
    for original in originals {
        let Some(key) = original_keys.get(&original.hash) else {
            continue;
        };
        if seen.insert(key.clone()) {
            items.push(Item {
                key: key.clone(),
                path: paths::from_bytes(&original.path),
                size: original.size,
                expect_hash: Some(original.hash),
            });
        }
    }
    for original in originals.iter().filter(|_| variants_of.is_some()) {
        for (size, path) in variants_of.map(|f| f(&original.hash)).unwrap_or_default() {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue; // not made yet: variants are sent once they exist
            };
            let key = target.variant_key(&original.hash, size);
            if seen.insert(key.clone()) {
                items.push(Item {
                    key,
                    path,
                    size: meta.len(),
                    expect_hash: None,
                });
            }
        }
    }
    items
}

/// The items the ledger does not list with the same size.
pub fn pending(items: Vec<Item>, ledger: &Ledger) -> (Vec<Item>, u64) {
    let before = items.len() as u64;
    let pending: Vec<Item> = items
        .into_iter()
        .filter(|item| {
            ledger
                .get(&item.key)
                .is_none_or(|(size, _)| *size != item.size)
        })
        .collect();
    let skipped = before - pending.len() as u64;
    (pending, skipped)
}

/// The file extension an original's key carries: its detected format, lowercased.
pub fn extension(format: &str) -> String {
    let lower = format.to_ascii_lowercase();
    match lower.as_str() {
        "jpeg" => "jpg".to_string(),
        "" => "bin".to_string(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, size: u64) -> Item {
        Item {
            key: key.into(),
            path: PathBuf::from("/x"),
            size,
            expect_hash: None,
        }
    }

    #[test]
    fn pending_drops_what_the_ledger_holds_at_the_same_size() {
        let mut ledger = Ledger::new();
        ledger.insert("a".into(), (10, "e".into()));
        ledger.insert("b".into(), (99, "e".into()));
        let (pending, skipped) = pending(vec![item("a", 10), item("b", 20), item("c", 5)], &ledger);
        assert_eq!(skipped, 1);
        assert_eq!(
            pending.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["b", "c"]
        );
        assert_eq!(extension("JPEG"), "jpg");
        assert_eq!(extension("heic"), "heic");
    }
}
