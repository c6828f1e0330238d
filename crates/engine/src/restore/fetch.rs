//! Getting the library's data out of the bucket: the pointer, the chosen snapshot's chunk list, its
//! schema version checked, and its chunks downloaded in parallel, each checked against its BLAKE3
//! and written at its offset of a temporary file that takes the snapshot's name only when the whole
//! file has the snapshot's BLAKE3. A snapshot already assembled by an earlier run is reused.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::stream::{self, StreamExt, TryStreamExt};

use crate::db::migrate;
use crate::sync::library_data::{read_pointer, read_recipe};
use crate::sync::pointer::Recipe;
use crate::sync::remote::{Failure, Remote};
use crate::sync::{RemoteTarget, SyncError};

/// The snapshot to restore: its list, and where its file was put together.
pub struct Fetched {
    pub recipe: Recipe,
    /// Compressed bytes downloaded (0 when an earlier run's file was reused).
    pub downloaded: u64,
}

fn remote_error(failure: Failure, what: &str) -> SyncError {
    match failure {
        Failure::Fatal(e) => e,
        Failure::Object(why) => SyncError::Remote(format!("{what}: {why}")),
        Failure::NotFound => SyncError::Remote(format!("{what}: not in the bucket")),
    }
}

/// The recipe of the snapshot to restore: `wanted` (an id or a unique prefix of one from the
/// pointer's list), else the newest.
pub async fn choose(
    remote: &Remote,
    target: &RemoteTarget,
    wanted: Option<&str>,
) -> Result<Recipe, SyncError> {
    let pointer = read_pointer(remote, target).await?.ok_or_else(|| {
        SyncError::Remote(format!(
            "{target} holds no Shoebox library data ({} is missing or unreadable): \
             is this the bucket and prefix a `shoebox sync` wrote to?",
            target.pointer_key()
        ))
    })?;
    let id = match wanted {
        None => pointer
            .latest()
            .map(|k| k.id.clone())
            .ok_or_else(|| SyncError::Remote(format!("{target}: the pointer lists no snapshot")))?,
        Some(wanted) => {
            let matches: Vec<&str> = pointer
                .kept
                .iter()
                .map(|k| k.id.as_str())
                .filter(|id| id.starts_with(wanted))
                .collect();
            match matches.as_slice() {
                [one] => one.to_string(),
                [] if wanted.len() == 64 => wanted.to_string(),
                [] => {
                    return Err(SyncError::BadTarget(format!(
                        "no kept snapshot starts with {wanted:?} (kept: {})",
                        pointer
                            .kept
                            .iter()
                            .map(|k| format!("{} of {}", &k.id[..12.min(k.id.len())], k.created_at))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
                _ => {
                    return Err(SyncError::BadTarget(format!(
                        "{wanted:?} names more than one snapshot: give more of its id"
                    )))
                }
            }
        }
    };
    let recipe = read_recipe(remote, target, &id)
        .await
        .map_err(|f| remote_error(f, &format!("snapshot {id} is unreadable")))?;
    if recipe.schema_version > migrate::LATEST {
        return Err(SyncError::Remote(format!(
            "snapshot {id} was written by a newer Shoebox (schema version {}; this build knows up to {}): \
             upgrade Shoebox to restore it",
            recipe.schema_version,
            migrate::LATEST
        )));
    }
    Ok(recipe)
}

/// Puts the snapshot's file together at `path` (reused when already there and whole).
pub async fn assemble(
    remote: &Remote,
    target: &RemoteTarget,
    recipe: Recipe,
    path: &Path,
    parallel: usize,
) -> Result<Fetched, SyncError> {
    let io = |p: &Path, e: std::io::Error| SyncError::Library(crate::Error::io(p, e));
    if file_hash(path).is_ok_and(|h| h == recipe.id) {
        return Ok(Fetched {
            recipe,
            downloaded: 0,
        });
    }
    let part = path.with_extension("part");
    let file = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .open(&part)
        .map_err(|e| io(&part, e))?;
    file.set_len(recipe.size).map_err(|e| io(&part, e))?;
    let downloaded = AtomicU64::new(0);
    // Each distinct chunk once, written at every offset it appears.
    let mut offsets: std::collections::HashMap<[u8; 32], Vec<u64>> = Default::default();
    for (index, chunk) in recipe.chunks.iter().enumerate() {
        offsets
            .entry(chunk.hash)
            .or_default()
            .push(index as u64 * recipe.chunk_size);
    }
    let (file, downloaded_ref, id, part_ref) = (&file, &downloaded, recipe.id.as_str(), &part);
    stream::iter(offsets)
        .map(|(hash, at)| async move {
            let key = target.chunk_key(&hash);
            let corrupt =
                |why: String| SyncError::Remote(format!("snapshot {id} is corrupt: {key}: {why}"));
            let bytes = remote
                .get(&key)
                .await
                .map_err(|f| remote_error(f, &format!("snapshot {id}: chunk {key}")))?;
            downloaded_ref.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            let raw = zstd::stream::decode_all(bytes.as_slice())
                .map_err(|e| corrupt(format!("not a zstd stream ({e})")))?;
            if *blake3::hash(&raw).as_bytes() != hash {
                return Err(corrupt(
                    "its bytes do not have the BLAKE3 its key names".into(),
                ));
            }
            for offset in at {
                file.write_all_at(&raw, offset)
                    .map_err(|e| io(part_ref, e))?;
            }
            Ok::<_, SyncError>(())
        })
        .buffer_unordered(parallel.max(1))
        .try_collect::<()>()
        .await?;
    file.sync_all().map_err(|e| io(&part, e))?;
    let got = file_hash(&part).map_err(|e| io(&part, e))?;
    if got != recipe.id {
        let _ = std::fs::remove_file(&part);
        return Err(SyncError::Remote(format!(
            "snapshot {} is corrupt: its chunks make a file with BLAKE3 {got}",
            recipe.id
        )));
    }
    std::fs::rename(&part, path).map_err(|e| io(path, e))?;
    Ok(Fetched {
        recipe,
        downloaded: downloaded.load(Ordering::Relaxed),
    })
}

fn file_hash(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().to_hex().to_string())
}
