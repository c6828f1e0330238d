//! `shoebox bench watch`: how fast a change on disk becomes visible in the library while watching,
//! what watching costs when idle (CPU), and the memory of watching a large generated library.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::percentile;
use crate::error::{Error, Result};
use crate::progress::{no_progress, CancelToken};
use crate::watch::{WatchEvent, WatchOptions};
use crate::{Library, LibraryOptions};
use shoebox_testkit as testkit;

#[derive(Debug, Clone)]
pub struct WatchBenchOptions {
    pub photos: usize,
    pub per_folder: usize,
    /// Where the generated photos go (kept and reused); a temp dir if `None`.
    pub dir: Option<PathBuf>,
    /// Files added (then renamed) one at a time while watching.
    pub changes: usize,
    /// Idle time over which CPU use is measured.
    pub idle: Duration,
    pub watch: WatchOptions,
}

#[derive(Debug, Clone, Default)]
pub struct WatchBenchReport {
    pub photos: usize,
    pub folders: usize,
    pub mode: &'static str,
    /// From calling `watch` until the watches are set and the catch-up rescan is done.
    pub start_ms: f64,
    pub catch_up_ms: f64,
    /// Resident memory after an unchanged rescan (library open, nothing watched) and while watching.
    pub rss_before_kib: u64,
    pub rss_watching_kib: u64,
    pub idle_secs: f64,
    pub idle_cpu_ms: f64,
    /// Write of a new photo → readable in the library (debounce included).
    pub add_p50_ms: f64,
    pub add_max_ms: f64,
    /// Rename of a photo → its new path resolves to the same id.
    pub rename_p50_ms: f64,
    pub rename_max_ms: f64,
}

pub fn watch(options: &WatchBenchOptions) -> Result<WatchBenchReport> {
    let temp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let dir = options
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().join("photos"));
    let marker = dir.join(format!(
        ".generated-{}-{}",
        options.photos, options.per_folder
    ));
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        testkit::generate_library(&dir, options.photos, options.per_folder)
            .map_err(|e| Error::io(&dir, e))?;
        std::fs::write(&marker, b"").map_err(|e| Error::io(&marker, e))?;
    }
    let dir = std::fs::canonicalize(&dir).map_err(|e| Error::io(&dir, e))?;
    remove_bench_files(&dir);
    let options_lib = LibraryOptions {
        cache_dir: Some(temp.path().join("cache")),
        ..LibraryOptions::default()
    };
    let library = Library::open_with(&temp.path().join("bench.db"), options_lib)?;
    let cancel = CancelToken::new();
    library.scan(std::slice::from_ref(&dir), &cancel, &no_progress())?;
    library.hash_pending(&cancel, &no_progress())?;
    // An unchanged rescan first, so the baseline already holds what the catch-up rescan allocates.
    library.scan(&[], &cancel, &no_progress())?;
    let mut report = WatchBenchReport {
        photos: options.photos,
        folders: options.photos.div_ceil(options.per_folder.max(1)),
        rss_before_kib: rss_kib(),
        ..WatchBenchReport::default()
    };
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| -> Result<()> {
        let started = Instant::now();
        let watcher = s.spawn(|| {
            library.watch(&[], &options.watch, &cancel, &|e| {
                let _ = tx.send(e);
            })
        });
        let result = (|| -> Result<()> {
            loop {
                match rx.recv_timeout(Duration::from_secs(600)) {
                    Ok(WatchEvent::Mode { mode, .. }) => report.mode = mode.as_str(),
                    Ok(WatchEvent::Batch(b)) if b.catch_up => {
                        report.catch_up_ms = b.elapsed_ms as f64;
                        break;
                    }
                    Ok(_) => {}
                    Err(_) => return Err(Error::Bench("the watcher did not start".into())),
                }
            }
            report.start_ms = started.elapsed().as_secs_f64() * 1e3;
            std::thread::sleep(Duration::from_secs(1));
            report.rss_watching_kib = rss_kib();
            let cpu = cpu_ms();
            let idle = Instant::now();
            std::thread::sleep(options.idle);
            report.idle_cpu_ms = cpu_ms() - cpu;
            report.idle_secs = idle.elapsed().as_secs_f64();
            let (adds, renames) = changes(&library, &dir, options.changes)?;
            (report.add_p50_ms, report.add_max_ms) = (percentile(&adds, 0.5), max(&adds));
            (report.rename_p50_ms, report.rename_max_ms) =
                (percentile(&renames, 0.5), max(&renames));
            Ok(())
        })();
        cancel.cancel();
        watcher
            .join()
            .map_err(|_| Error::Bench("watcher panicked".into()))??;
        result
    })?;
    remove_bench_files(&dir);
    Ok(report)
}

/// Adds then renames `count` photos in different folders, one at a time; latencies in ms, sorted.
fn changes(library: &Library, dir: &Path, count: usize) -> Result<(Vec<f64>, Vec<f64>)> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let (mut adds, mut renames) = (Vec::new(), Vec::new());
    for i in 0..count {
        let folder = &folders[(i * 7919) % folders.len().max(1)];
        let path = folder.join(format!("bench-{i}.jpg"));
        let bytes = testkit::plain_jpeg(48, 32, 10_000 + i as u32);
        let started = Instant::now();
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        let id = wait_visible(library, &path, None)?;
        adds.push(started.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(100));
        let to = folder.join(format!("bench-{i}-renamed.jpg"));
        let started = Instant::now();
        std::fs::rename(&path, &to).map_err(|e| Error::io(&to, e))?;
        wait_visible(library, &to, Some(id))?;
        renames.push(started.elapsed().as_secs_f64() * 1e3);
    }
    adds.sort_by(f64::total_cmp);
    renames.sort_by(f64::total_cmp);
    Ok((adds, renames))
}

/// The files `changes` made (a reused folder must start as generated).
fn remove_bench_files(dir: &Path) {
    for folder in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(folder.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.file_name().to_string_lossy().starts_with("bench-") {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }
}

fn wait_visible(library: &Library, path: &Path, id: Option<i64>) -> Result<i64> {
    let started = Instant::now();
    loop {
        if let Ok(photo) = library.photo_by_path(path) {
            if id.is_none_or(|id| id == photo.id) {
                return Ok(photo.id);
            }
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(Error::Bench(format!(
                "{} never became visible",
                path.display()
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn max(sorted: &[f64]) -> f64 {
    sorted.last().copied().unwrap_or(0.0)
}

/// Resident set size of this process (Linux; 0 elsewhere), after handing freed heap back to the OS
/// (a scan on another thread leaves its freed memory in that thread's malloc arena otherwise).
fn rss_kib() -> u64 {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// User + system CPU time of this process, all threads, in ms (Linux; 0 elsewhere).
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks as f64 * 1e3 / hz
}
