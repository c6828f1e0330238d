//! The notify side: a debounced inotify watcher over the roots, or a polling one when the kernel's
//! watch limit is reached (or polling is asked for). Events arrive on a channel as debounced batches.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{ErrorKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, NoCache};

use super::{WatchMode, WatchOptions};

/// A running watcher; dropping it stops it (the debouncer is held only for that).
#[allow(dead_code)]
pub(super) enum Backend {
    Inotify(Debouncer<RecommendedWatcher, NoCache>),
    Polling(Debouncer<PollWatcher, NoCache>),
}

impl Backend {
    pub fn mode(&self) -> WatchMode {
        match self {
            Backend::Inotify(_) => WatchMode::Inotify,
            Backend::Polling(_) => WatchMode::Polling,
        }
    }
}

/// Why native watching could not be used.
pub(super) enum StartError {
    Limit(String),
    Other(notify::Error),
}

/// Watches every root recursively (a file root on its own). Inotify unless `options.poll`.
pub(super) fn start(
    roots: &[(PathBuf, bool)],
    options: &WatchOptions,
    poll: bool,
    tx: Sender<DebounceEventResult>,
) -> Result<Backend, StartError> {
    let config = notify::Config::default().with_poll_interval(options.poll_interval);
    // Ticks a few times per debounce window; the watcher thread sleeps otherwise.
    let tick = Some(options.debounce / 4);
    if poll {
        let mut debouncer =
            new_debouncer_opt::<_, PollWatcher, _>(options.debounce, tick, tx, NoCache, config)
                .map_err(StartError::Other)?;
        for (path, is_file) in roots {
            debouncer
                .watch(path, mode(*is_file))
                .map_err(StartError::Other)?;
        }
        return Ok(Backend::Polling(debouncer));
    }
    let mut debouncer =
        new_debouncer_opt::<_, RecommendedWatcher, _>(options.debounce, tick, tx, NoCache, config)
            .map_err(classify)?;
    for (path, is_file) in roots {
        debouncer.watch(path, mode(*is_file)).map_err(classify)?;
    }
    Ok(Backend::Inotify(debouncer))
}

fn mode(is_file: bool) -> RecursiveMode {
    if is_file {
        RecursiveMode::NonRecursive
    } else {
        RecursiveMode::Recursive
    }
}

pub(super) fn is_limit(error: &notify::Error) -> bool {
    match &error.kind {
        ErrorKind::MaxFilesWatch => true,
        ErrorKind::Io(e) => matches!(e.raw_os_error(), Some(libc::ENOSPC) | Some(libc::EMFILE)),
        _ => false,
    }
}

fn classify(error: notify::Error) -> StartError {
    if is_limit(&error) {
        StartError::Limit(error.to_string())
    } else {
        StartError::Other(error)
    }
}

/// A short pause for loops that wait on the channel and a cancel flag.
pub(super) const WAKE: Duration = Duration::from_millis(100);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watch_limit_is_recognised_in_both_spellings() {
        assert!(is_limit(&notify::Error::new(ErrorKind::MaxFilesWatch)));
        let enospc = std::io::Error::from_raw_os_error(libc::ENOSPC);
        assert!(is_limit(&notify::Error::io(enospc)));
        assert!(!is_limit(&notify::Error::path_not_found()));
    }
}
