//! `library.xmp()`: the library's XMP settings, writing Shoebox's marks, tags, title and
//! description to sidecars (pending photos, or every described one), what is still pending and
//! why, and the conflicts settled. Writes run in batches: the photos' values are read in one short
//! transaction, the files written in parallel with no lock held (each to a temporary file renamed
//! over the sidecar), the outcomes recorded in another. A sidecar changed behind Shoebox's back
//! since it was last read is merged first, never overwritten blind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use rusqlite::{Connection, TransactionBehavior};

use crate::db::{self, xmp::SidecarSeen};
use crate::error::Result;
use crate::fsutil::mtime_ns;
use crate::model::PhotoId;
use crate::paths;
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::xmp::settings::{ConflictPolicy, SidecarMode, CONFLICTS_KEY, SIDECARS_KEY};
use crate::xmp::{read, rewrite, sidecar, ConflictRecord, Described};
use crate::Library;

/// Photos handled per batch.
const BATCH: u32 = 256;

/// What a write run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidecarReport {
    pub written: u64,
    /// Sidecars that already said what the library says.
    pub unchanged: u64,
    /// Photos whose sidecar could not be written, with the reason; they stay pending.
    pub failed: Vec<(PathBuf, String)>,
    /// Sidecars changed elsewhere since last read, merged before writing.
    pub merged: u64,
    pub conflicts: u64,
    pub elapsed_ms: u64,
}

/// The XMP state of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmpStatus {
    pub sidecars: SidecarMode,
    pub conflicts: ConflictPolicy,
    /// Photos whose sidecars lack library changes.
    pub pending: u64,
    /// Of those, the ones whose last write failed, by reason (most first).
    pub failed: Vec<(String, u64)>,
    pub conflicts_recorded: u64,
}

/// The library's XMP.
pub struct Xmp<'a> {
    library: &'a Library,
}

/// One photo to write: its file, its values and what the library knew of its sidecar.
struct Job {
    id: PhotoId,
    photo: PathBuf,
    values: Described,
    state: db::xmp::State,
}

enum Done {
    Written {
        seen: SidecarSeen,
        base: Described,
    },
    Unchanged {
        seen: SidecarSeen,
        base: Described,
    },
    /// The sidecar changed since Shoebox last read it: merge first.
    ChangedElsewhere {
        seen: SidecarSeen,
        said: crate::xmp::Said,
        mtime: i64,
    },
    Failed(String),
}

fn lock(conn: &std::sync::Mutex<Connection>) -> std::sync::MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|e| e.into_inner())
}

impl<'a> Xmp<'a> {
    pub(crate) fn new(library: &'a Library) -> Self {
        Xmp { library }
    }

    pub fn mode(&self) -> Result<SidecarMode> {
        let stored = self.library.settings().get(SIDECARS_KEY)?;
        Ok(SidecarMode::from_setting(stored.as_deref()))
    }

    pub fn policy(&self) -> Result<ConflictPolicy> {
        let stored = self.library.settings().get(CONFLICTS_KEY)?;
        Ok(ConflictPolicy::from_setting(stored.as_deref()))
    }

    pub fn status(&self) -> Result<XmpStatus> {
        let conn = self.library.reader();
        let (pending, failed) = db::xmp::pending_summary(&conn)?;
        let conflicts_recorded = db::xmp::conflict_count(&conn)?;
        drop(conn);
        Ok(XmpStatus {
            sidecars: self.mode()?,
            conflicts: self.policy()?,
            pending,
            failed,
            conflicts_recorded,
        })
    }

    /// Photo `id` as the library describes it: marks, tags, title, description.
    pub fn described(&self, id: PhotoId) -> Result<Described> {
        db::xmp::library_values(&self.library.reader(), id)
    }

    /// Stores the sidecar setting and / or the conflict policy (`None` keeps one); the new state.
    pub fn configure(
        &self,
        sidecars: Option<SidecarMode>,
        conflicts: Option<ConflictPolicy>,
    ) -> Result<XmpStatus> {
        let settings = self.library.settings();
        if let Some(mode) = sidecars {
            settings.set_user(SIDECARS_KEY, mode.name())?;
        }
        if let Some(policy) = conflicts {
            settings.set_user(CONFLICTS_KEY, policy.name())?;
        }
        self.status()
    }

    /// The conflicts settled, newest first.
    pub fn conflicts(&self, limit: u32) -> Result<Vec<ConflictRecord>> {
        db::xmp::conflicts(&self.library.reader(), limit)
    }

    /// Writes pending sidecars when the library's setting says so; `None` when it is off.
    pub fn write_if_enabled(&self) -> Result<Option<SidecarReport>> {
        if self.mode()? != SidecarMode::Write {
            return Ok(None);
        }
        self.write(false, &CancelToken::new(), &crate::no_progress())
            .map(Some)
    }

    /// Writes the sidecars of pending photos (`all`: of every photo with marks, tags, a title, a
    /// description or a sidecar). Runs whatever the setting says: it is the explicit command.
    pub fn write(
        &self,
        all: bool,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<SidecarReport> {
        let _one_run = self
            .library
            .sidecar_writes
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
        let mut report = SidecarReport::default();
        let policy = self.policy()?;
        let total = if all {
            None
        } else {
            Some(db::xmp::pending_summary(&self.library.reader())?.0)
        };
        let mut after = 0;
        let mut retry: Vec<PhotoId> = Vec::new();
        let mut done_count = 0;
        loop {
            if cancel.is_cancelled() {
                return Err(crate::Error::Cancelled);
            }
            let ids = {
                let conn = self.library.reader();
                if all {
                    db::xmp::described_ids(&conn, after, BATCH)?
                } else {
                    db::xmp::pending_ids(&conn, after, BATCH)?
                }
            };
            let Some(&last) = ids.last() else { break };
            after = last;
            retry.extend(self.batch(&ids, policy, &mut report)?);
            done_count += ids.len() as u64;
            progress.report(Progress {
                phase: Phase::Sidecars,
                done: done_count,
                total,
            });
        }
        // Sidecars merged just now: written with the merged values.
        if !retry.is_empty() {
            self.batch(&retry, policy, &mut report)?;
        }
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        Ok(report)
    }

    /// One batch; returns the photos whose sidecars were merged and are due a write again.
    fn batch(
        &self,
        ids: &[PhotoId],
        policy: ConflictPolicy,
        report: &mut SidecarReport,
    ) -> Result<Vec<PhotoId>> {
        let jobs = {
            let conn = self.library.reader();
            ids.iter()
                .map(|&id| job(&conn, id))
                .collect::<Result<Vec<_>>>()?
        };
        // The files on every core (each its own temporary file and rename), no lock held.
        let jobs: Vec<Job> = jobs.into_iter().flatten().collect();
        let outcomes: Vec<(Job, Done)> = jobs
            .into_par_iter()
            .map(|job| {
                let done = write_one(&job);
                (job, done)
            })
            .collect();
        let mut conn = lock(&self.library.organizer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut settling = db::xmp::SettleBatch::default();
        let mut again = Vec::new();
        for (job, done) in outcomes {
            match done {
                Done::Written { seen, base } | Done::Unchanged { seen, base } => {
                    if job.state.sidecar_hash.as_deref() == Some(&seen.hash[..]) {
                        report.unchanged += 1;
                    } else {
                        report.written += 1;
                    }
                    db::xmp::save_state(&tx, job.id, &base, Some(&seen), job.state.embedded)?;
                    // The library may have changed while the file was written.
                    if db::xmp::library_values(&tx, job.id)? == job.values {
                        db::xmp::clear_pending(&tx, job.id)?;
                    }
                }
                Done::ChangedElsewhere { seen, said, mtime } => {
                    let values = said.over(job.state.base.said()).described();
                    let outside = db::xmp::Outside {
                        values,
                        embedded: job.state.embedded,
                        sidecar: Some(seen),
                        sidecar_mtime: Some(mtime),
                        keep_base: false,
                    };
                    let settled =
                        db::xmp::settle(&tx, job.id, &outside, policy, false, &mut settling)?;
                    if settled.changed {
                        db::history::bump_rev(&tx)?;
                    }
                    report.conflicts += settled.conflicts.len() as u64;
                    report.merged += 1;
                    again.push(job.id);
                }
                Done::Failed(error) => {
                    db::xmp::fail_pending(&tx, job.id, &error)?;
                    report.failed.push((job.photo, error));
                }
            }
        }
        settling.finish(&tx)?; // nothing: a merge here is never of a new photo
        tx.commit()?;
        Ok(again)
    }
}

fn job(conn: &Connection, id: PhotoId) -> Result<Option<Job>> {
    let Some(path) = db::xmp::active_path(conn, id)? else {
        return Ok(None);
    };
    Ok(Some(Job {
        id,
        photo: paths::from_bytes(&path),
        values: db::xmp::library_values(conn, id)?,
        state: db::xmp::state(conn, id)?.unwrap_or_default(),
    }))
}

/// Why writing failed, in words that group (no path).
fn io_reason(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::EROFS) => "folder is read-only".into(),
        Some(libc::EACCES) | Some(libc::EPERM) => "permission denied".into(),
        Some(libc::ENOSPC) => "disk full".into(),
        Some(libc::EDQUOT) => "disk quota exceeded".into(),
        _ => e.kind().to_string(),
    }
}

fn write_one(job: &Job) -> Done {
    let target =
        sidecar::find_for(&job.photo).unwrap_or_else(|| sidecar::new_sidecar_path(&job.photo));
    let existing = match fs::symlink_metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Done::Failed(format!("cannot read the sidecar: {}", io_reason(&e))),
        Ok(m) if m.file_type().is_symlink() => {
            return Done::Failed("the sidecar is a symbolic link; not overwritten".into())
        }
        Ok(m) if !m.is_file() => {
            return Done::Failed("the sidecar is not a regular file; not overwritten".into())
        }
        Ok(m) => {
            let bytes = match sidecar::read_capped(&target) {
                Ok(Some(bytes)) => bytes,
                Ok(None) => {
                    return Done::Failed("the sidecar is over 16 MB; not overwritten".into())
                }
                Err(e) => {
                    return Done::Failed(format!("cannot read the sidecar: {}", io_reason(&e)))
                }
            };
            let seen = SidecarSeen {
                path: paths::to_bytes(&target),
                size: m.len() as i64,
                mtime_ns: mtime_ns(&m),
                hash: *blake3::hash(&bytes).as_bytes(),
            };
            Some((bytes, seen, m))
        }
    };
    if let Some((bytes, seen, meta)) = &existing {
        if job.state.sidecar_hash.as_deref() != Some(&seen.hash[..]) {
            // Not what Shoebox last read or wrote: somebody else's edit, merged first.
            return match read::xmp(bytes) {
                Ok(reading) => Done::ChangedElsewhere {
                    seen: seen.clone(),
                    said: reading.said,
                    mtime: mtime_ns(meta).div_euclid(1_000_000_000),
                },
                Err(e) => Done::Failed(format!("the sidecar is unusable ({e}); not overwritten")),
            };
        }
    }
    let old_text = match &existing {
        Some((bytes, ..)) => match std::str::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(_) => return Done::Failed("the sidecar is not UTF-8 text; not overwritten".into()),
        },
        None => None,
    };
    let text = match rewrite::rewrite(old_text, &job.values, job.state.embedded) {
        Ok(t) => t,
        Err(e) => return Done::Failed(format!("the sidecar is unusable ({e}); not overwritten")),
    };
    let base = read::xmp(text.as_bytes())
        .map(|r| r.said.described())
        .unwrap_or_default();
    if let (Some(old), Some((_, seen, _))) = (old_text, &existing) {
        if old == text {
            return Done::Unchanged {
                seen: seen.clone(),
                base,
            };
        }
    }
    match replace(&target, text.as_bytes()) {
        Ok(meta) => Done::Written {
            seen: SidecarSeen {
                path: paths::to_bytes(&target),
                size: meta.len() as i64,
                mtime_ns: mtime_ns(&meta),
                hash: *blake3::hash(text.as_bytes()).as_bytes(),
            },
            base,
        },
        Err(e) => Done::Failed(format!("cannot write the sidecar: {}", io_reason(&e))),
    }
}

/// Writes `bytes` to a temporary file beside `target` (hidden, so a scan never lists it; removed
/// on any error) and renames it over `target`, as the variant store writes. The sidecar keeps its
/// permissions; a new one gets the usual `0666` less the umask.
fn replace(target: &Path, bytes: &[u8]) -> io::Result<fs::Metadata> {
    use std::os::unix::fs::PermissionsExt;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = fs::metadata(target)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| fs::Permissions::from_mode(0o666));
    let mut temp = tempfile::Builder::new()
        .prefix(".shoebox-sidecar-")
        .permissions(permissions)
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.persist(target).map_err(|e| e.error)?;
    fs::metadata(target)
}
