//! `shoebox watch`: keep the library in step with its folders until Ctrl-C or SIGTERM; one line (or
//! one JSON object) per mode change and per applied batch of changes.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;
use shoebox_engine::{CancelToken, Library, WatchBatch, WatchEvent, WatchOptions};

use super::print_json;

#[derive(Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum WatchJson<'a> {
    Mode {
        mode: &'static str,
        reason: Option<&'a str>,
    },
    Batch {
        catch_up: bool,
        folders: Vec<String>,
        added: u64,
        updated: u64,
        moved: u64,
        removed: u64,
        unchanged: u64,
        failed: u64,
        hashed: u64,
        elapsed_ms: u64,
    },
}

pub fn run(library: &Library, roots: &[PathBuf], options: WatchOptions, json: bool) -> Result<()> {
    let cancel = cancel_on_signals()?;
    let on_event = |event: WatchEvent| {
        let line = match &event {
            WatchEvent::Mode { mode, reason } => WatchJson::Mode {
                mode: mode.as_str(),
                reason: reason.as_deref(),
            },
            WatchEvent::Batch(b) => batch_json(b),
        };
        if json {
            let _ = print_json(&line);
        } else {
            print_text(&line);
        }
    };
    library.watch(roots, &options, &cancel, &on_event)?;
    Ok(())
}

fn batch_json(b: &WatchBatch) -> WatchJson<'static> {
    WatchJson::Batch {
        catch_up: b.catch_up,
        folders: b.folders.iter().map(|f| f.display().to_string()).collect(),
        added: b.scan.added,
        updated: b.scan.updated,
        moved: b.scan.moved,
        removed: b.scan.removed,
        unchanged: b.scan.unchanged,
        failed: b.scan.failed,
        hashed: b.hashed,
        elapsed_ms: b.elapsed_ms,
    }
}

fn print_text(line: &WatchJson<'_>) {
    match line {
        WatchJson::Mode { mode, reason } => match reason {
            Some(reason) => println!("watching ({mode}: {reason})"),
            None => println!("watching ({mode})"),
        },
        WatchJson::Batch {
            catch_up,
            folders,
            added,
            updated,
            moved,
            removed,
            failed,
            elapsed_ms,
            ..
        } => {
            let what = if *catch_up {
                "caught up".to_string()
            } else {
                format!("{} folder(s)", folders.len())
            };
            println!(
                "{what}: {added} added, {updated} updated, {moved} moved, {removed} removed, {failed} failed in {elapsed_ms} ms"
            );
        }
    }
}

/// A token cancelled by SIGINT or SIGTERM.
pub(crate) fn cancel_on_signals() -> Result<CancelToken> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, flag.clone())?;
    }
    let cancel = CancelToken::new();
    let token = cancel.clone();
    std::thread::spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50));
        }
        token.cancel();
    });
    Ok(cancel)
}

pub fn options(debounce_ms: u64, poll: bool, poll_secs: u64) -> WatchOptions {
    WatchOptions {
        debounce: Duration::from_millis(debounce_ms),
        poll_interval: Duration::from_secs(poll_secs),
        force_polling: poll,
        ..WatchOptions::default()
    }
}
