//! The second scan phase: BLAKE3 of every photo's whole file, in parallel, for duplicates, moves and sync.

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use rusqlite::Connection;

use crate::db::scan_index::{self, Unhashed};
use crate::error::Result;
use crate::fsutil::{mtime_ns, open_readonly};
use crate::model::HashReport;
use crate::paths;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};

const BATCH: i64 = 256;

/// Hashes every active photo that has no hash yet. A file that changed since it was scanned is left
/// for the next scan; a file that cannot be read is counted as failed.
pub(crate) fn hash_pending(
    conn: &mut Connection,
    cancel: &CancelToken,
    progress: &dyn ProgressSink,
) -> Result<HashReport> {
    let started = Instant::now();
    let total = scan_index::unhashed_count(conn)?;
    let mut report = HashReport::default();
    let mut after_id = 0;
    loop {
        let batch = scan_index::unhashed(conn, after_id, BATCH)?;
        let Some(last) = batch.last() else { break };
        after_id = last.id;
        // A file that cannot be read, or changed since it was scanned, gets no hash (the next scan sees it).
        let hashes: Vec<Option<([u8; 32], u64)>> = batch
            .par_iter()
            .map(|file| {
                if cancel.is_cancelled() {
                    None
                } else {
                    hash_file(file)
                }
            })
            .collect();
        let tx = conn.transaction()?;
        for (file, outcome) in batch.iter().zip(&hashes) {
            match outcome {
                Some((hash, bytes)) => {
                    scan_index::set_hash(&tx, file, hash)?;
                    report.hashed += 1;
                    report.bytes += bytes;
                }
                None => report.failed += 1,
            }
        }
        tx.commit()?;
        progress.report(Progress {
            phase: Phase::Hash,
            done: report.hashed + report.failed,
            total: Some(total),
        });
        if cancel.is_cancelled() {
            return Err(crate::Error::Cancelled);
        }
    }
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    Ok(report)
}

fn hash_file(file: &Unhashed) -> Option<([u8; 32], u64)> {
    hash_path(&paths::from_bytes(&file.path), file.size, file.mtime_ns)
}

/// BLAKE3 of the file at `path`, if it still has this (size, mtime) and can be read whole.
pub(super) fn hash_path(path: &Path, size: i64, mtime: i64) -> Option<([u8; 32], u64)> {
    let mut handle = open_readonly(path).ok()?;
    let meta = handle.metadata().ok()?;
    if meta.len() as i64 != size || mtime_ns(&meta) != mtime {
        return None;
    }
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = handle.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Some((*hasher.finalize().as_bytes(), bytes))
}
