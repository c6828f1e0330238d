//! shoebox-engine: everything in Shoebox that is not UI. [`Library`] is the facade the CLI and the
//! desktop app both call; neither holds logic of its own.

#[cfg(feature = "bench")]
pub mod bench;
mod cache;
pub mod cleanup;
pub mod db;
pub mod defaults;
mod error;
pub mod export;
mod facade;
pub mod find;
mod fsutil;
mod jobs;
pub mod meta;
mod metrics;
mod model;
pub mod organize;
mod paths;
mod progress;
pub mod restore;
mod scan;
pub mod sync;
mod thumbnailer;
pub mod thumbs;
mod watch;
pub mod xmp;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use error::{Error, Result};
pub use facade::{
    Cleanup, Export, Failure, FailureStage, Failures, LastBackup, Organize, PrintReport,
    RootRemoval, SettingSpec, Settings, SidecarReport, Thumbs, Xmp, XmpStatus, USER_SETTINGS,
};
pub use jobs::ThumbReport;
pub use metrics::{Latency, MetricsSnapshot};
pub use model::{
    Cursor, FileError, Folder, GcReport, HashReport, Month, MonthCount, Page, Photo, PhotoFilter,
    PhotoId, PhotoState, Root, ScanReport, Stats, ThumbStats, TimelineQuery,
};
pub use organize::{
    Album, AlbumCursor, AlbumKind, AlbumPage, AlbumSort, Caption, CaptionChange, Flag,
    HistoryState, Label, MarkChange, Marks, Outcome, Place, Tag,
};
pub use progress::{no_progress, CancelToken, Phase, Progress, ProgressSink};
pub use thumbnailer::{Source, ThumbError, Variant};
pub use thumbs::{ThumbOptions, Tier};
pub use watch::{WatchBatch, WatchEvent, WatchMode, WatchOptions};

use thumbnailer::Thumbnailer;

/// Tunables of a library; the defaults suit a desktop.
#[derive(Debug, Clone)]
pub struct LibraryOptions {
    /// Bound of a thumbnail decode's buffer, in RGB pixels (3 bytes each): a JPEG is measured at the
    /// DCT scale it is decoded at (so a 280 MP panorama is indexed and thumbnailed from 1/8 scale),
    /// other codecs at full size. Images over it are recorded as failures, never decoded.
    pub max_pixels: u64,
    /// Where variants are stored; `None` means [`defaults::cache_dir`].
    pub cache_dir: Option<PathBuf>,
    pub thumbs: ThumbOptions,
}

impl Default for LibraryOptions {
    fn default() -> Self {
        LibraryOptions {
            max_pixels: 200_000_000,
            cache_dir: None,
            thumbs: ThumbOptions::default(),
        }
    }
}

/// An open photo library: one SQLite file. Safe to share between threads; the scanner writes
/// through one connection while readers use another, opened read-only (WAL lets them run at once).
/// The thumbnailer and a sync write their own rows through connections of their own, opened as
/// writers.
///
/// The methods here are the index (roots, scans, the timeline, lookups, stats) and the long runs
/// (watch, sync); each other concern has a handle: [`Library::thumbs`], [`Library::settings`],
/// [`Library::failures`], [`Library::organize`].
pub struct Library {
    path: PathBuf,
    options: LibraryOptions,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    /// Organize writes (marks, albums, tags, undo): short transactions beside a long scan.
    organizer: Mutex<Connection>,
    thumbs: Arc<Thumbnailer>,
    watch_mode: watch::ModeCell,
    /// Held by a sidecar write run: one at a time in this process (the app's poller and "Write
    /// now" never write the same sidecar at once).
    sidecar_writes: Mutex<()>,
}

impl Library {
    /// Opens or creates the library at `path`, applying pending migrations. A library written by a
    /// newer schema is refused untouched.
    pub fn open(path: &Path) -> Result<Library> {
        Self::open_with(path, LibraryOptions::default())
    }

    pub fn open_with(path: &Path, options: LibraryOptions) -> Result<Library> {
        let writer = db::connection::open_writer(path)?;
        let reader = db::connection::open_reader(path)?;
        let cache_dir = options
            .cache_dir
            .clone()
            .unwrap_or_else(defaults::cache_dir);
        let thumbs = Thumbnailer::new(
            db::connection::open_side_writer(path)?,
            options.thumbs.clone(),
            options.max_pixels,
            &cache_dir,
        );
        let library = Library {
            path: path.to_path_buf(),
            options,
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            organizer: Mutex::new(db::connection::open_side_writer(path)?),
            thumbs: Arc::new(thumbs),
            watch_mode: watch::ModeCell::default(),
            sidecar_writes: Mutex::new(()),
        };
        // Photos indexed before places existed, or by a run that stopped before looking them up.
        library.locate_pending()?;
        Ok(library)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a folder or a single file as a root (idempotent). It must exist.
    pub fn add_root(&self, path: &Path) -> Result<Root> {
        let canonical =
            std::fs::canonicalize(path).map_err(|_| Error::RootMissing(path.to_path_buf()))?;
        let meta = std::fs::metadata(&canonical).map_err(|e| Error::io(&canonical, e))?;
        let id = db::roots::add_root(&self.writer(), &paths::to_bytes(&canonical), !meta.is_dir())?;
        Ok(Root {
            id,
            path: canonical,
            is_file: !meta.is_dir(),
        })
    }

    pub fn roots(&self) -> Result<Vec<Root>> {
        db::roots::roots(&self.reader())
    }

    /// Takes the root at `path` out of the library (the path as added, or as it resolves now; it
    /// need not exist any more): see [`Library::remove_root_id`]. [`Error::RootMissing`] when
    /// `path` is not a root.
    pub fn remove_root(&self, path: &Path) -> Result<RootRemoval> {
        let canonical = std::fs::canonicalize(path).ok();
        let absolute = std::path::absolute(path).ok();
        let root = self
            .roots()?
            .into_iter()
            .find(|r| {
                r.path == path
                    || Some(&r.path) == canonical.as_ref()
                    || Some(&r.path) == absolute.as_ref()
            })
            .ok_or_else(|| Error::RootMissing(path.to_path_buf()))?;
        self.remove_root_id(root.id)
    }

    /// Takes root `id` out of the library: its photos leave the timeline, the months and the
    /// folders, and later scans and running watchers no longer see it. Rows are deleted, so adding
    /// the folder again indexes it afresh with new ids. Never touches a file.
    pub fn remove_root_id(&self, id: i64) -> Result<RootRemoval> {
        let mut conn = self.writer();
        let roots = db::roots::roots(&conn)?;
        let missing = || Error::RootMissing(PathBuf::from(format!("root {id}")));
        let root = roots
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or_else(missing)?;
        let removed = db::root_removal::remove_root(&mut conn, id)?.ok_or_else(missing)?;
        let others: Vec<Root> = roots.into_iter().filter(|r| r.id != id).collect();
        Ok(RootRemoval {
            still_covered_by: scan::root_of(&others, &root.path).cloned(),
            root,
            photos: removed.photos,
            folders: removed.folders,
        })
    }

    /// `paths` added as roots, or with none given every root.
    fn given_or_all_roots(&self, paths: &[PathBuf]) -> Result<Vec<Root>> {
        if paths.is_empty() {
            return self.roots();
        }
        paths.iter().map(|p| self.add_root(p)).collect()
    }

    /// Adds `paths` as roots and scans them; with no paths, rescans every root. A root that no longer
    /// exists is an error of the call (nothing is marked removed on a missing drive).
    pub fn scan(
        &self,
        paths: &[PathBuf],
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ScanReport> {
        let roots = self.given_or_all_roots(paths)?;
        if let Some(missing) = roots.iter().find(|r| !r.path.exists()) {
            return Err(Error::RootMissing(missing.path.clone()));
        }
        self.scan_targets(scan::whole(roots), cancel, progress)
    }

    /// Rescans only `folders` (each under a root): the files directly in each folder, or, when
    /// `recursive`, everything under it. A folder that no longer exists counts as empty; photos in
    /// other folders are never touched. Moves between the given folders keep photo ids.
    pub fn rescan_folders(
        &self,
        folders: &[PathBuf],
        recursive: bool,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ScanReport> {
        let targets = scan::folder_targets(&self.roots()?, folders, recursive);
        self.scan_targets(targets, cancel, progress)
    }

    fn scan_targets(
        &self,
        targets: Vec<(Root, scan::Scope)>,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ScanReport> {
        let mut report = ScanReport::default();
        let mut conn = self.writer();
        // Only roots still in the library: a watcher's list can predate a removal.
        let live = db::roots::roots(&conn)?;
        let targets: Vec<(Root, scan::Scope)> = targets
            .into_iter()
            .filter(|(root, _)| live.iter().any(|r| r.id == root.id))
            .collect();
        scan::scan(
            &mut conn,
            &targets,
            self.options.max_pixels,
            cancel,
            progress,
            &mut report,
        )?;
        drop(conn);
        self.locate_pending()?;
        Ok(report)
    }

    /// The second scan phase: content hashes (BLAKE3) for photos that have none yet.
    pub fn hash_pending(
        &self,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<HashReport> {
        scan::hash_pending(&mut self.writer(), cancel, progress)
    }

    /// A page of the timeline, newest first, by keyset (see [`TimelineQuery::page`] for the query
    /// of a cursor or a month).
    pub fn timeline(&self, query: &TimelineQuery) -> Result<Page> {
        db::photos::timeline(&self.reader(), query)
    }

    /// The cursor whose next page starts at the newest photo of `month` ([`Cursor::month_start`]).
    pub fn month_start(month: Month) -> Cursor {
        Cursor::month_start(month)
    }

    /// Where photo `id` stands in the timeline of a view (a folder's whole subtree, an album in date
    /// order, a tag, the marked photos, or the library):
    /// `(index, total)`, `index` being how many photos come before it in the timeline's order, so a
    /// view can open at it. [`Error::PhotoNotFound`] when the photo is not in that view.
    pub fn timeline_position(&self, id: PhotoId, filter: &PhotoFilter) -> Result<(u64, u64)> {
        db::position::position(&self.reader(), id, filter)?
            .ok_or_else(|| Error::PhotoNotFound(id.to_string()))
    }

    /// The ids at indexes `start..end` of a view's timeline, in its order (fewer when the view is
    /// shorter): a range a front end selected, including photos it never loaded.
    pub fn timeline_range(
        &self,
        filter: &PhotoFilter,
        start: u64,
        end: u64,
    ) -> Result<Vec<PhotoId>> {
        db::photos::range_ids(&self.reader(), filter, start, end)
    }

    /// A view's photo counts per month, newest first (for the scrubber and month headers).
    pub fn months(&self, filter: &PhotoFilter) -> Result<Vec<MonthCount>> {
        db::photos::months(&self.reader(), filter)
    }

    /// How many photos of a view have no recorded date: the "Undated" group, listed after every
    /// dated photo and counted in no month.
    pub fn undated_count(&self, filter: &PhotoFilter) -> Result<u64> {
        db::photos::undated_count(&self.reader(), filter)
    }

    pub fn photo(&self, id: PhotoId) -> Result<Photo> {
        db::photos::by_id(&self.reader(), id)?.ok_or_else(|| Error::PhotoNotFound(id.to_string()))
    }

    /// Looks a photo up by its path (made absolute and canonical first when it exists).
    pub fn photo_by_path(&self, path: &Path) -> Result<Photo> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        db::photos::by_path(&self.reader(), &paths::to_bytes(&canonical))?
            .ok_or_else(|| Error::PhotoNotFound(path.display().to_string()))
    }

    pub fn folders(&self) -> Result<Vec<Folder>> {
        db::roots::folders(&self.reader())
    }

    /// The id of the folder at `path`, if it holds or leads to photos.
    pub fn folder_id(&self, path: &Path) -> Result<Option<i64>> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        db::roots::folder_id(&self.reader(), &paths::to_bytes(&canonical))
    }

    pub fn stats(&self) -> Result<Stats> {
        let mut stats = db::stats::stats(&self.reader())?;
        stats.library_bytes = ["", "-wal", "-shm"]
            .iter()
            .filter_map(|suffix| {
                let mut p = self.path.clone().into_os_string();
                p.push(suffix);
                std::fs::metadata(p).ok()
            })
            .map(|m| m.len())
            .sum();
        Ok(stats)
    }

    /// `EXPLAIN QUERY PLAN` of every gallery query, by name.
    pub fn query_plans(&self) -> Result<Vec<(String, Vec<String>)>> {
        let conn = self.reader();
        db::photos::gallery_queries()
            .into_iter()
            .chain(db::position::queries())
            .chain(db::albums::queries())
            .chain(db::tags::queries())
            .chain(db::find_sql::queries(&conn)?)
            .map(|(name, sql)| Ok((name, db::photos::query_plan(&conn, &sql)?)))
            .collect()
    }

    /// The thumbnail service: variants, the viewport, batches, metrics and housekeeping.
    pub fn thumbs(&self) -> Thumbs<'_> {
        Thumbs::new(&self.thumbs)
    }

    /// Stored settings (the app keeps its backup remote here); never secrets.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.reader, &self.writer)
    }

    /// Marks, albums, tags and the undo history.
    pub fn organize(&self) -> Organize<'_> {
        Organize::new(&self.reader, &self.organizer)
    }

    /// XMP: the sidecar settings, writing sidecars, what is pending, the conflicts settled.
    pub fn xmp(&self) -> Xmp<'_> {
        Xmp::new(self)
    }

    /// Exports photos (by id, album, query, folder or view) to a folder: originals, or rendered
    /// upright in sRGB with the metadata asked for (see [`export`]).
    pub fn export(&self) -> Export<'_> {
        Export::new(self)
    }

    /// Every recorded failure (files the scan could not index, photos whose thumbnails failed) and
    /// the per-photo lookups a tile uses to say why it has no thumbnail.
    pub fn failures(&self) -> Failures<'_> {
        Failures::new(&self.reader)
    }

    pub(crate) fn thumbnailer(&self) -> &Thumbnailer {
        &self.thumbs
    }

    /// Backs the library up to an S3-compatible bucket (see [`sync`]). Blocks; call from a worker thread.
    pub fn sync(
        &self,
        options: &sync::SyncOptions,
        cancel: &CancelToken,
        progress: &dyn sync::SyncProgressSink,
    ) -> Result<sync::SyncReport, sync::SyncError> {
        let result = sync::sync(self, options, cancel, progress);
        // The sync's own outcome matters more than its record: a failure to store it is not reported.
        let _ = facade::backup::record(&self.writer, options, &result);
        result
    }

    /// The outcome of the last backup (not dry run) of this library, whichever front end ran it.
    pub fn last_backup(&self) -> Result<Option<LastBackup>> {
        facade::backup::last(&self.reader)
    }

    /// Checks a backup remote before it is saved: reaches the server within a few seconds (see
    /// [`sync::check`]). Needs nothing of the library; here so every front end finds it in one place.
    pub fn check_remote(
        &self,
        options: &sync::SyncOptions,
    ) -> Result<sync::RemoteCheck, sync::SyncError> {
        sync::check(options)
    }

    /// How this library is being watched right now (`Off` unless [`Library::watch`] is running).
    pub fn watch_mode(&self) -> WatchMode {
        self.watch_mode.get()
    }

    /// Watches `roots` (added as roots first; none means every root) until `cancel` is set: first a
    /// catch-up rescan, then a rescan of the touched folders after each debounced burst of changes.
    /// Blocks the calling thread; `on_event` runs on it for every mode change and applied batch
    /// (batches that change nothing are not reported, except the catch-up).
    pub fn watch(
        &self,
        roots: &[PathBuf],
        options: &WatchOptions,
        cancel: &CancelToken,
        on_event: &dyn Fn(WatchEvent),
    ) -> Result<()> {
        let roots = self.given_or_all_roots(roots)?;
        let rescan = watch::Rescan {
            scan: &|targets, cancel| self.scan_targets(targets, cancel, &no_progress()),
            hash: &|cancel| Ok(self.hash_pending(cancel, &no_progress())?.hashed),
            mode: &self.watch_mode,
        };
        rescan.watch(roots, options, cancel, on_event)
    }
}
