//! The incremental scan: walk each scope (a root's tree, or only the folders the watcher saw change),
//! diff against the index by (size, mtime), read headers of new and changed files in parallel, write
//! the results in batched transactions, pair vanished photos with new files (moves keep their id) and
//! mark the rest removed.

mod hash;
mod moves;
mod probe;
mod scope;
mod sidecar;
mod walk;
mod writer;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use rusqlite::Connection;

pub(crate) use hash::hash_pending;
use moves::Moves;
use probe::{Known, Probe};
use scope::is_under;
pub(crate) use scope::{folder_targets, root_of, Scope};
pub(crate) use walk::skipped_name;
use writer::Writer;

use crate::db::scan_index::{self, IndexedFile, KnownError};
use crate::error::Result;
use crate::model::{FileError, Root, ScanReport};
use crate::paths;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};

/// Rows written per transaction.
const BATCH: usize = 512;

/// One scope under its root, listed, with what the index knows there.
struct Listed<'a> {
    root: &'a Root,
    walked: walk::Walk,
    /// Index key of each listed file, in walk order (computed once, used by the writer too).
    keys: Vec<Vec<u8>>,
    /// Positions in `keys`, sorted by key, for `vanished`.
    sorted: Vec<u32>,
    unreadable: Vec<Vec<u8>>,
    photos: HashMap<Vec<u8>, IndexedFile>,
    errors: HashMap<Vec<u8>, KnownError>,
}

impl Listed<'_> {
    /// The index knew `path` here and the walk did not see it, and not because its folder was unreadable.
    fn vanished(&self, path: &[u8]) -> bool {
        self.sorted
            .binary_search_by(|&i| self.keys[i as usize].as_slice().cmp(path))
            .is_err()
            && !self.unreadable.iter().any(|u| is_under(path, u))
    }
}

/// Scans `targets` (scopes under their roots) into the index as one operation, adding to `report`.
/// A photo that vanished from one scope and appears in another (or the same) is moved, not re-added.
pub(crate) fn scan(
    conn: &mut Connection,
    targets: &[(Root, Scope)],
    max_pixels: u64,
    cancel: &CancelToken,
    progress: &dyn ProgressSink,
    report: &mut ScanReport,
) -> Result<()> {
    let started = Instant::now();
    progress.report(Progress {
        phase: Phase::Walk,
        done: 0,
        total: None,
    });
    let mut listed = Vec::with_capacity(targets.len());
    for (root, scope) in targets {
        listed.push(list(conn, root, scope, cancel)?);
    }
    let mut moves = Moves::default();
    for l in &listed {
        for (path, file) in &l.photos {
            if file.active && l.vanished(path) {
                moves.add(file);
            }
        }
    }
    let move_sizes = moves.sizes();
    let policy = crate::xmp::settings::ConflictPolicy::from_setting(
        crate::db::settings::get(conn, crate::xmp::settings::CONFLICTS_KEY)?.as_deref(),
    );
    let total: u64 = listed.iter().map(|l| l.walked.files.len() as u64).sum();
    let mut done = 0;
    for l in &listed {
        report
            .errors
            .extend(l.walked.unreadable.iter().map(|(path, error)| FileError {
                path: path.clone(),
                error: error.clone(),
            }));
        let known = Known {
            photos: &l.photos,
            errors: &l.errors,
            max_pixels,
            move_sizes: &move_sizes,
        };
        let folder_root = if l.root.is_file {
            l.root.path.parent().unwrap_or(Path::new("/")).to_path_buf()
        } else {
            l.root.path.clone()
        };
        let mut writer = Writer {
            conn,
            root_id: l.root.id,
            folder_root,
            folders: HashMap::new(),
            policy,
        };
        let mut on_batch = |n: usize| {
            done += n as u64;
            progress.report(Progress {
                phase: Phase::Metadata,
                done,
                total: Some(total),
            });
        };
        probe_and_write(
            l,
            &known,
            &mut writer,
            &mut moves,
            report,
            cancel,
            &mut on_batch,
        )?;
        if cancel.is_cancelled() {
            return Err(crate::Error::Cancelled);
        }
    }

    let tx = conn.transaction()?;
    for l in &listed {
        for (path, file) in &l.photos {
            if file.active && !moves.is_claimed(file.id) && l.vanished(path) {
                scan_index::mark_removed(&tx, file.id)?;
                report.removed += 1;
            }
        }
        for path in l.errors.keys() {
            if l.vanished(path) {
                scan_index::delete_error(&tx, path)?;
            }
        }
    }
    if report.moved > 0 {
        crate::db::roots::prune_empty_folders(&tx)?;
    }
    tx.commit()?;
    report.elapsed_ms += started.elapsed().as_millis() as u64;
    Ok(())
}

/// Walks a scope while loading what the index knows there (both take about as long).
fn list<'a>(
    conn: &Connection,
    root: &'a Root,
    scope: &Scope,
    cancel: &CancelToken,
) -> Result<Listed<'a>> {
    let (lo, hi) = scope.range();
    let (known, walked) = std::thread::scope(|s| {
        let walker = s.spawn(|| scope.walk(cancel));
        let known = scan_index::load_photos(conn, &lo, &hi, scope.shallow())
            .and_then(|photos| Ok((photos, scan_index::load_errors(conn, &lo, &hi)?)));
        (known, walker.join().unwrap_or_default())
    });
    let (photos, mut errors) = known?;
    if scope.shallow() {
        errors.retain(|path, _| !path[lo.len()..].contains(&b'/'));
    }
    let keys: Vec<Vec<u8>> = walked.files.iter().map(probe::key).collect();
    let mut sorted: Vec<u32> = (0..keys.len() as u32).collect();
    sorted.sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    let unreadable = walked
        .unreadable
        .iter()
        .map(|(p, _)| paths::to_bytes(p))
        .collect();
    Ok(Listed {
        root,
        walked,
        keys,
        sorted,
        unreadable,
        photos,
        errors,
    })
}

/// Probes the listed files in parallel and streams the outcomes to the single writer.
fn probe_and_write(
    listed: &Listed<'_>,
    known: &Known<'_>,
    writer: &mut Writer<'_>,
    moves: &mut Moves,
    report: &mut ScanReport,
    cancel: &CancelToken,
    on_batch: &mut dyn FnMut(usize),
) -> Result<()> {
    let (files, keys) = (&listed.walked.files, &listed.keys);
    let (tx, rx) = crossbeam_channel::bounded::<(usize, Probe)>(4 * BATCH);
    std::thread::scope(|s| -> Result<()> {
        s.spawn(move || {
            files
                .par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (index, candidate)| {
                    if cancel.is_cancelled() {
                        return;
                    }
                    let outcome = probe::probe(candidate, &keys[index], known);
                    let _ = tx.send((index, outcome)); // the writer stopped: nothing left to do
                });
        });
        let mut batch = Vec::with_capacity(BATCH);
        for item in rx.iter() {
            batch.push(item);
            if batch.len() == BATCH {
                writer.write(&mut batch, files, keys, report, moves)?;
                on_batch(BATCH);
            }
        }
        let n = batch.len();
        writer.write(&mut batch, files, keys, report, moves)?;
        on_batch(n);
        Ok(())
    })
}

/// The scopes a set of roots stands for when scanned whole.
pub(crate) fn whole(roots: Vec<Root>) -> Vec<(Root, Scope)> {
    roots
        .into_iter()
        .map(|root| {
            let scope = if root.is_file {
                Scope::File(root.path.clone())
            } else {
                Scope::Tree(root.path.clone())
            };
            (root, scope)
        })
        .collect()
}

/// Keeps only the outermost scopes: a folder or tree inside a tree is already covered.
pub(crate) fn dedup(mut targets: Vec<(Root, Scope)>) -> Vec<(Root, Scope)> {
    targets.sort_by(|a, b| a.1.path().cmp(b.1.path()).then(a.1.cmp(&b.1)));
    targets.dedup_by(|a, b| a.1 == b.1);
    let trees: HashSet<Vec<u8>> = targets
        .iter()
        .filter(|(_, s)| matches!(s, Scope::Tree(_)))
        .map(|(_, s)| paths::to_bytes(s.path()))
        .collect();
    targets.retain(|(_, scope)| {
        let path = paths::to_bytes(scope.path());
        let inside = trees.iter().any(|t| is_under(&path, t));
        let same_as_tree = !matches!(scope, Scope::Tree(_)) && trees.contains(&path);
        !inside && !same_as_tree
    });
    targets
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn root() -> Root {
        Root {
            id: 1,
            path: PathBuf::from("/p"),
            is_file: false,
        }
    }

    fn scopes(targets: Vec<Scope>) -> Vec<Scope> {
        let targets = targets.into_iter().map(|s| (root(), s)).collect();
        dedup(targets).into_iter().map(|(_, s)| s).collect()
    }

    fn tree(p: &str) -> Scope {
        Scope::Tree(PathBuf::from(p))
    }

    fn folder(p: &str) -> Scope {
        Scope::Folder(PathBuf::from(p))
    }

    #[test]
    fn dedup_drops_what_a_tree_covers() {
        assert_eq!(
            scopes(vec![
                folder("/p/2024/x"),
                tree("/p/2024"),
                tree("/p/2024/y")
            ]),
            vec![tree("/p/2024")]
        );
        assert_eq!(
            scopes(vec![folder("/p/2024"), tree("/p/2024")]),
            vec![tree("/p/2024")],
            "a folder scope is part of the same tree"
        );
    }

    #[test]
    fn dedup_keeps_siblings_whose_names_share_a_prefix() {
        assert_eq!(
            scopes(vec![
                tree("/p/2024"),
                folder("/p/2024-trip"),
                tree("/p/2024-trip/x")
            ]),
            vec![
                tree("/p/2024"),
                folder("/p/2024-trip"),
                tree("/p/2024-trip/x")
            ]
        );
    }

    #[test]
    fn dedup_merges_repeats_and_keeps_folder_scopes_apart() {
        assert_eq!(
            scopes(vec![
                folder("/p/b"),
                folder("/p/a"),
                folder("/p/b"),
                folder("/p/a/c")
            ]),
            vec![folder("/p/a"), folder("/p/a/c"), folder("/p/b")],
            "a folder scope does not cover its subfolders"
        );
    }

    #[test]
    fn whole_roots_are_trees_or_files() {
        let file = Root {
            id: 2,
            path: PathBuf::from("/q/one.jpg"),
            is_file: true,
        };
        let got: Vec<Scope> = whole(vec![root(), file])
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            got,
            vec![tree("/p"), Scope::File(PathBuf::from("/q/one.jpg"))]
        );
    }
}
