//! Folder watching: notify events, debounced (~400 ms), become rescans of the touched folders only.
//! Watching starts with a catch-up rescan of the roots by (size, mtime), so whatever changed while
//! nothing was watching (the app was closed, or killed) is picked up without rehashing unchanged
//! files. When the kernel's inotify watch limit is reached, the roots are polled instead.

mod backend;
mod events;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use backend::{Backend, StartError};

use crate::error::{Error, Result};
use crate::model::{Root, ScanReport};
use crate::progress::CancelToken;
use crate::scan::{self, Scope};

/// How the library is being watched, for diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    Off,
    /// Native change notifications.
    Inotify,
    /// The roots are re-listed every [`WatchOptions::poll_interval`] (watch limit reached, or asked for).
    Polling,
}

impl WatchMode {
    /// `"off"`, `"inotify"` or `"polling"`.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchMode::Off => "off",
            WatchMode::Inotify => "inotify",
            WatchMode::Polling => "polling",
        }
    }
}

#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Quiet time after the last event before a batch is applied.
    pub debounce: Duration,
    /// How often the roots are re-listed when polling.
    pub poll_interval: Duration,
    /// Poll even when native notifications are available (tests, network file systems).
    pub force_polling: bool,
    /// Hash new and changed files after each batch (so later moves of them keep their id).
    pub hash: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            debounce: Duration::from_millis(400),
            poll_interval: Duration::from_secs(30),
            force_polling: false,
            hash: true,
        }
    }
}

/// What `Library::watch` reports.
#[derive(Debug, Clone)]
pub enum WatchEvent {
    /// Watching started in `mode`, or switched to polling; `reason` says why it is not inotify.
    Mode {
        mode: WatchMode,
        reason: Option<String>,
    },
    /// A batch of changes was applied to the library.
    Batch(WatchBatch),
}

/// One applied batch: the catch-up rescan at start, or the rescan of the folders that changed.
#[derive(Debug, Clone, Default)]
pub struct WatchBatch {
    pub catch_up: bool,
    /// The folders rescanned (the roots for a catch-up or a full rescan).
    pub folders: Vec<PathBuf>,
    pub scan: ScanReport,
    pub hashed: u64,
    pub elapsed_ms: u64,
}

impl WatchBatch {
    /// Whether the timeline may look different after this batch.
    pub fn changed(&self) -> bool {
        let s = &self.scan;
        s.added + s.updated + s.removed + s.moved > 0
    }
}

/// Opening or reading a file (our own scan, a viewer, the thumbnailer) changes nothing; closing a
/// file written to does.
fn relevant(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The current [`WatchMode`] of a library, shared with whoever asks. Watch sessions may overlap (the
/// app restarts its watcher after an import: the new one starts while the old one winds down), so
/// each session publishes under a ticket and the newest session's mode is the one reported: an old
/// session ending never turns the mode "off" under a newer one.
#[derive(Debug, Default)]
pub(crate) struct ModeCell {
    next: AtomicU64,
    /// (ticket of the session that set it, its mode as u8)
    current: Mutex<(u64, u8)>,
}

impl ModeCell {
    /// A ticket for a new watch session (newer sessions get larger tickets).
    pub(crate) fn begin(&self) -> u64 {
        self.next.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Publishes `mode` for session `ticket`, unless a newer session has published since.
    pub(crate) fn set(&self, ticket: u64, mode: WatchMode) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if ticket >= current.0 {
            *current = (ticket, mode as u8);
        }
    }

    pub(crate) fn get(&self) -> WatchMode {
        match self.current.lock().unwrap_or_else(|e| e.into_inner()).1 {
            1 => WatchMode::Inotify,
            2 => WatchMode::Polling,
            _ => WatchMode::Off,
        }
    }
}

/// Scans of some scopes, as the library runs them.
pub(crate) type ScanScopes<'a> = &'a dyn Fn(Vec<(Root, Scope)>, &CancelToken) -> Result<ScanReport>;

/// What watching needs of the library, and nothing more: the scan of some scopes and the hash phase.
/// The watcher never writes the index itself; it only calls these.
pub(crate) struct Rescan<'a> {
    pub scan: ScanScopes<'a>,
    /// Hashes what is new; returns how many files were hashed.
    pub hash: &'a dyn Fn(&CancelToken) -> Result<u64>,
    /// Where the current mode is published.
    pub mode: &'a ModeCell,
}

impl Rescan<'_> {
    /// Watches `roots` until `cancel` is set: first a catch-up rescan, then a rescan of the touched
    /// folders after each debounced burst of changes. Blocks the calling thread; `on_event` runs on it
    /// for every mode change and applied batch (batches that change nothing are not reported, except
    /// the catch-up).
    pub fn watch(
        &self,
        roots: Vec<Root>,
        options: &WatchOptions,
        cancel: &CancelToken,
        on_event: &dyn Fn(WatchEvent),
    ) -> Result<()> {
        let present: Vec<Root> = roots.into_iter().filter(|r| r.path.exists()).collect();
        if present.is_empty() {
            return Err(Error::Watch("no root to watch (add a folder first)".into()));
        }
        let watched: Vec<(PathBuf, bool)> = present
            .iter()
            .map(|r| (r.path.clone(), r.is_file))
            .collect();
        let ticket = self.mode.begin();
        let (tx, rx) = mpsc::channel();
        let (mut backend, reason) =
            match backend::start(&watched, options, options.force_polling, tx.clone()) {
                Ok(b) => (b, None),
                Err(StartError::Limit(reason)) => {
                    (start_polling(&watched, options, &tx)?, Some(reason))
                }
                Err(StartError::Other(e)) => return Err(Error::Watch(e.to_string())),
            };
        self.mode.set(ticket, backend.mode());
        on_event(WatchEvent::Mode {
            mode: backend.mode(),
            reason,
        });
        let result = (|| -> Result<()> {
            let catch_up = self.apply(scan::whole(present.clone()), true, options, cancel)?;
            on_event(WatchEvent::Batch(catch_up));
            while !cancel.is_cancelled() {
                let first = match rx.recv_timeout(backend::WAKE) {
                    Ok(result) => result,
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                let mut paths = Vec::new();
                let mut full = false;
                for result in std::iter::once(first).chain(rx.try_iter()) {
                    match result {
                        Ok(events) => {
                            for event in events.into_iter().filter(|e| relevant(&e.event.kind)) {
                                full |= event.need_rescan();
                                paths.extend(event.event.paths);
                            }
                        }
                        Err(errors) => {
                            full = true;
                            let limit = errors.iter().find(|e| backend::is_limit(e));
                            if let (Some(e), WatchMode::Inotify) = (limit, backend.mode()) {
                                let reason = e.to_string();
                                backend = start_polling(&watched, options, &tx)?;
                                self.mode.set(ticket, WatchMode::Polling);
                                on_event(WatchEvent::Mode {
                                    mode: WatchMode::Polling,
                                    reason: Some(reason),
                                });
                            }
                        }
                    }
                }
                let targets = if full {
                    scan::whole(present.clone())
                } else {
                    events::scopes(&present, paths)
                };
                if targets.is_empty() {
                    continue;
                }
                let batch = self.apply(targets, false, options, cancel)?;
                if batch.changed() {
                    on_event(WatchEvent::Batch(batch));
                }
            }
            Ok(())
        })();
        drop(backend);
        self.mode.set(ticket, WatchMode::Off);
        match result {
            Err(Error::Cancelled) => Ok(()),
            other => other,
        }
    }

    /// Rescans `targets` (skipping roots that are not there: an unmounted drive is not a deletion),
    /// then hashes what is new.
    fn apply(
        &self,
        targets: Vec<(Root, Scope)>,
        catch_up: bool,
        options: &WatchOptions,
        cancel: &CancelToken,
    ) -> Result<WatchBatch> {
        let started = Instant::now();
        let targets: Vec<(Root, Scope)> = targets
            .into_iter()
            .filter(|(root, _)| root.path.exists())
            .collect();
        let folders = targets
            .iter()
            .map(|(_, s)| s.path().to_path_buf())
            .collect();
        let scan = (self.scan)(targets, cancel)?;
        let hashed = if options.hash && scan.added + scan.updated > 0 {
            (self.hash)(cancel)?
        } else {
            0
        };
        Ok(WatchBatch {
            catch_up,
            folders,
            scan,
            hashed,
            elapsed_ms: started.elapsed().as_millis() as u64,
        })
    }
}

fn start_polling(
    watched: &[(PathBuf, bool)],
    options: &WatchOptions,
    tx: &mpsc::Sender<notify_debouncer_full::DebounceEventResult>,
) -> Result<Backend> {
    backend::start(watched, options, true, tx.clone()).map_err(|e| match e {
        StartError::Limit(reason) => Error::Watch(reason),
        StartError::Other(e) => Error::Watch(e.to_string()),
    })
}

#[cfg(test)]
mod mode_tests {
    use super::*;

    /// Regression: after an import the app's old watcher ended after the new one started and
    /// Diagnostics said "off" while the new one watched.
    #[test]
    fn an_old_session_ending_never_turns_off_a_newer_one() {
        let cell = ModeCell::default();
        let old = cell.begin();
        cell.set(old, WatchMode::Inotify);
        let new = cell.begin();
        cell.set(new, WatchMode::Inotify);
        cell.set(old, WatchMode::Off);
        assert_eq!(cell.get(), WatchMode::Inotify);
        cell.set(new, WatchMode::Off);
        assert_eq!(cell.get(), WatchMode::Off);
    }
}
