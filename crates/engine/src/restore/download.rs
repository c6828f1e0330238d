//! Bringing files back: each original streamed from the bucket into a temporary file in its final
//! folder, its BLAKE3 checked against its key, its modification time set back, flushed, then linked
//! to its final name (which never replaces a file: a name taken meanwhile is reported). Copies of the
//! same bytes at other places are made from the verified file. Variants go into the thumbnail store
//! the same way.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use futures::stream::{self, StreamExt};

use super::plan::{settle, Settled};
use super::{RestorePhase, RestoreProgress, RestoreProgressSink};
use crate::progress::CancelToken;
use crate::sync::pacer::Pacer;
use crate::sync::remote::{Failure, Remote};
use crate::sync::{verify, SyncError};

/// One distinct original to bring back to one or more places.
#[derive(Debug, Clone)]
pub struct Job {
    pub hash: [u8; 32],
    pub key: String,
    pub size: u64,
    pub mtime_ns: i64,
    /// Places that need the file.
    pub dests: Vec<PathBuf>,
    /// A place that already holds the verified bytes (copied from instead of downloading).
    pub have: Option<PathBuf>,
}

/// What the download step did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files put in place from a download (the first place and copies of it at the others).
    pub downloaded: u64,
    /// Files put in place by copying a verified file already there.
    pub copied: u64,
    pub bytes: u64,
    pub failures: Vec<(String, String)>,
}

/// Shared by the download tasks.
pub struct Downloader<'a> {
    pub remote: &'a Remote,
    pub pacer: Pacer,
    pub parallel: usize,
    pub cancel: &'a CancelToken,
    pub progress: &'a dyn RestoreProgressSink,
}

impl Downloader<'_> {
    /// Runs every job, `parallel` at a time. A fatal error (server gone, keys refused) stops it;
    /// per-object failures are collected and the rest goes on.
    pub async fn run(&self, jobs: Vec<Job>) -> Result<Outcome, SyncError> {
        let files_total = jobs.len() as u64;
        let bytes_total: u64 = jobs
            .iter()
            .filter(|j| j.have.is_none())
            .map(|j| j.size)
            .sum();
        let bytes_done = AtomicU64::new(0);
        let tell = |files_done: u64| {
            self.progress.report(RestoreProgress {
                phase: RestorePhase::Download,
                files_done,
                files_total,
                bytes_done: bytes_done.load(Ordering::Relaxed),
                bytes_total,
            })
        };
        tell(0);
        let bytes_ref = &bytes_done;
        let mut results = stream::iter(jobs)
            .take_while(|_| futures::future::ready(!self.cancel.is_cancelled()))
            .map(|job| async move {
                let outcome = self.one(&job, bytes_ref).await;
                (job, outcome)
            })
            .buffer_unordered(self.parallel.max(1));
        let mut outcome = Outcome::default();
        let mut done = 0;
        loop {
            let next = tokio::time::timeout(Duration::from_millis(250), results.next()).await;
            let Ok(next) = next else {
                tell(done);
                continue;
            };
            let Some((job, result)) = next else { break };
            done += 1;
            match result {
                // Every place the file went counts: the download and its local copies.
                Ok(Got::Downloaded(bytes)) => {
                    outcome.downloaded += job.dests.len() as u64;
                    outcome.bytes += bytes;
                }
                Ok(Got::Copied) => outcome.copied += job.dests.len() as u64,
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Object(why)) => outcome.failures.push((job.key, why)),
                Err(Failure::NotFound) => outcome.failures.push((
                    job.key,
                    "missing from the bucket (deleted since the snapshot was taken?)".into(),
                )),
            }
            tell(done);
        }
        if self.cancel.is_cancelled() {
            return Err(SyncError::Cancelled);
        }
        Ok(outcome)
    }

    async fn one(&self, job: &Job, bytes_done: &AtomicU64) -> Result<Got, Failure> {
        let (first, got) = match &job.have {
            Some(have) => (have.clone(), Got::Copied),
            None => {
                let first = job.dests.first().cloned().ok_or(Failure::NotFound)?;
                let wait = self.pacer.delay_for(job.size);
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
                let bytes = self.fetch(job, &first, bytes_done).await?;
                (first, Got::Downloaded(bytes))
            }
        };
        for dest in job.dests.iter().filter(|d| **d != first) {
            let (from, to, job) = (first.clone(), dest.clone(), job.clone());
            tokio::task::spawn_blocking(move || copy_verified(&from, &to, &job))
                .await
                .map_err(|e| Failure::Object(e.to_string()))??;
        }
        Ok(got)
    }

    /// Streams the object into a temporary file beside `dest` and publishes it there once verified.
    async fn fetch(&self, job: &Job, dest: &Path, bytes_done: &AtomicU64) -> Result<u64, Failure> {
        let temp = temp_beside(dest)?;
        let mut file = File::create(&temp).map_err(|e| object(&temp, e))?;
        let mut hasher = blake3::Hasher::new();
        let got = self
            .remote
            .get_each(&job.key, |piece| {
                hasher.update(piece);
                bytes_done.fetch_add(piece.len() as u64, Ordering::Relaxed);
                file.write_all(piece).map_err(|e| describe(&temp, e))
            })
            .await;
        let fail = |f: Failure| {
            let _ = std::fs::remove_file(&temp);
            f
        };
        let size = got.map_err(fail)?;
        if size != job.size || *hasher.finalize().as_bytes() != job.hash {
            return Err(fail(Failure::Object(format!(
                "its bytes ({size} of them) do not have the BLAKE3 its key names: not restored"
            ))));
        }
        let (temp_path, dest_path, mtime) = (temp.clone(), dest.to_path_buf(), job.mtime_ns);
        let hash = job.hash;
        tokio::task::spawn_blocking(move || {
            finish(file, &temp_path, mtime)?;
            publish(&temp_path, &dest_path, &hash, size)
        })
        .await
        .map_err(|e| Failure::Object(e.to_string()))?
        .map_err(fail)?;
        Ok(size)
    }
}

enum Got {
    Downloaded(u64),
    Copied,
}

fn describe(path: &Path, e: std::io::Error) -> String {
    format!("{}: {e}", path.display())
}

fn object(path: &Path, e: std::io::Error) -> Failure {
    Failure::Object(describe(path, e))
}

/// `.<name>.shoebox-part` in `dest`'s folder (created if needed): one per destination, so a rerun
/// after a kill writes over the leftover instead of adding another.
fn temp_beside(dest: &Path) -> Result<PathBuf, Failure> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| object(dir, e))?;
    let mut name = std::ffi::OsString::from(".");
    name.push(dest.file_name().unwrap_or_default());
    name.push(".shoebox-part");
    Ok(dir.join(name))
}

/// The original's modification time back, and the bytes on disk before the file gets its name.
fn finish(file: File, temp: &Path, mtime_ns: i64) -> Result<(), Failure> {
    if mtime_ns > 0 {
        let when = SystemTime::UNIX_EPOCH + Duration::from_nanos(mtime_ns as u64);
        file.set_modified(when).map_err(|e| object(temp, e))?;
    }
    file.sync_data().map_err(|e| object(temp, e))
}

/// Gives `temp` the name `dest` without ever replacing a file there (a hard link fails when the
/// name exists); where links are not supported, renames after checking the name is free.
fn publish(temp: &Path, dest: &Path, hash: &[u8; 32], size: u64) -> Result<(), Failure> {
    let linked = std::fs::hard_link(temp, dest);
    match linked {
        Ok(()) => {
            let _ = std::fs::remove_file(temp);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(temp);
            match settle(dest, hash, size) {
                Settled::Same => Ok(()),
                _ => Err(Failure::Object(format!(
                    "{} appeared while restoring and is a different file: kept; run again to restore beside it",
                    dest.display()
                ))),
            }
        }
        Err(_) if std::fs::symlink_metadata(dest).is_err() => {
            std::fs::rename(temp, dest).map_err(|e| object(dest, e))
        }
        Err(e) => Err(object(dest, e)),
    }
}

/// A copy of the verified file `from` at `to`, through a temporary file, never replacing one.
fn copy_verified(from: &Path, to: &Path, job: &Job) -> Result<(), Failure> {
    let temp = temp_beside(to)?;
    std::fs::copy(from, &temp).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        object(to, e)
    })?;
    let file = File::options()
        .write(true)
        .open(&temp)
        .map_err(|e| object(&temp, e))?;
    finish(file, &temp, job.mtime_ns)?;
    publish(&temp, to, &job.hash, job.size).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// One stored variant to bring into the thumbnail store.
#[derive(Debug, Clone)]
pub struct VariantJob {
    pub key: String,
    pub path: PathBuf,
    /// The ETag the listing gave (the MD5 of a single PUT).
    pub etag: Option<String>,
}

/// Downloads variants into the store (temp + rename; an existing one is left alone); returns
/// (how many, bytes). A variant that fails is skipped: the thumbnailer can always make it again.
pub async fn variants(
    remote: &Remote,
    jobs: Vec<VariantJob>,
    parallel: usize,
    progress: &dyn RestoreProgressSink,
) -> Result<(u64, u64), SyncError> {
    let total = jobs.len() as u64;
    let mut results = stream::iter(jobs)
        .map(|job| async move {
            let bytes = remote.get(&job.key).await?;
            let md5 = verify::md5_hex(&bytes);
            if job
                .etag
                .as_ref()
                .is_some_and(|e| !e.contains('-') && *e != md5)
            {
                return Err(Failure::Object(
                    "the variant's bytes do not match its ETag".into(),
                ));
            }
            let len = bytes.len() as u64;
            tokio::task::spawn_blocking(move || {
                let dir = job.path.parent().unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir).map_err(|e| object(dir, e))?;
                let mut temp = tempfile::Builder::new()
                    .prefix(".tmp-")
                    .tempfile_in(dir)
                    .map_err(|e| object(dir, e))?;
                temp.write_all(&bytes).map_err(|e| object(&job.path, e))?;
                temp.persist(&job.path)
                    .map_err(|e| object(&job.path, e.error))?;
                Ok::<_, Failure>(len)
            })
            .await
            .map_err(|e| Failure::Object(e.to_string()))?
        })
        .buffer_unordered(parallel.max(1));
    let (mut count, mut bytes, mut done) = (0, 0, 0);
    while let Some(result) = results.next().await {
        done += 1;
        match result {
            Ok(len) => {
                count += 1;
                bytes += len;
            }
            Err(Failure::Fatal(e)) => return Err(e),
            Err(_) => {}
        }
        progress.report(RestoreProgress {
            phase: RestorePhase::Variants,
            files_done: done,
            files_total: total,
            bytes_done: bytes,
            bytes_total: 0,
        });
    }
    Ok((count, bytes))
}
