//! What a library sends to a remote: one object per distinct original (and stored variant), each
//! under its content-addressed key, minus what the ledger says the remote already holds.

use std::path::PathBuf;

use rusqlite::Connection;

use super::target::RemoteTarget;
use crate::db::sync::{self as ledger_db, Ledger};
use crate::error::Result;
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

/// What a sync has to send: each distinct original the ledger of `remote` (`None`: none yet) does
/// not hold under its key at its size, then (when asked) each stored variant it does not hold; and
/// how many objects it holds already. The originals are measured against the ledger by two
/// sequential scans and a hash join (`db::sync::against_ledger`), so an incremental sync at 500,000
/// photos never builds an item, a key or a path for what the remote already holds.
pub fn plan(
    conn: &Connection,
    remote: Option<i64>,
    target: &RemoteTarget,
    variants_of: Option<VariantPaths<'_>>,
) -> Result<Plan> {
    let originals = ledger_db::against_ledger(conn, remote, &target.originals_prefix(), extension)?;
    let mut plan = Plan {
        pending: originals
            .unsent
            .iter()
            .map(|original| Item {
                key: target.original_key(&original.hash, &extension(&original.format)),
                path: paths::from_bytes(&original.path),
                size: original.size,
                expect_hash: Some(original.hash),
            })
            .collect(),
        skipped: originals.held,
        contents: originals.hashes,
    };
    if let Some(variants_of) = variants_of {
        let ledger = match remote {
            Some(id) => ledger_db::ledger_under(conn, id, &target.folder("variants/"))?,
            None => Ledger::new(),
        };
        let (variants, skipped) = pending(variants(&plan.contents, target, variants_of), &ledger);
        plan.pending.extend(variants);
        plan.skipped += skipped;
    }
    Ok(plan)
}

/// The outcome of [`plan`].
#[derive(Debug, Default)]
pub struct Plan {
    pub pending: Vec<Item>,
    /// Objects the remote holds already.
    pub skipped: u64,
    /// Every distinct content of the active library.
    pub contents: Vec<[u8; 32]>,
}

/// Each stored variant of `contents` (those not made yet are sent once they exist).
fn variants(
    contents: &[[u8; 32]],
    target: &RemoteTarget,
    variants_of: VariantPaths<'_>,
) -> Vec<Item> {
    let mut items = Vec::new();
    for hash in contents {
        for (size, path) in variants_of(hash) {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            items.push(Item {
                key: target.variant_key(hash, size),
                path,
                size: meta.len(),
                expect_hash: None,
            });
        }
    }
    items
}

/// The items the ledger does not list with the same size.
fn pending(items: Vec<Item>, ledger: &Ledger) -> (Vec<Item>, u64) {
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
