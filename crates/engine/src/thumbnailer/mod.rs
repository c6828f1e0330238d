//! The thumbnail service: one photo through read-once/hash/decode-once/store, and the serving path
//! (memory LRU, else disk, else generated now). Shared by the background pool and request threads.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use rusqlite::Connection;

use crate::cache::memory::MemoryCache;
use crate::cache::store::Store;
use crate::cache::VariantKey;
use crate::db::thumbs::{self as sql, ThumbRow};
use crate::error::{Error, Result};
use crate::fsutil::{mtime_ns, open_readonly};
use crate::jobs::queue::Queue;
use crate::metrics::Metrics;
use crate::model::PhotoId;
use crate::thumbs::{
    footprint, in_memory, render, target, Original, Probe, Request, ThumbOptions, HEAD_BYTES,
};
use budget::{Budget, Permit};

mod admin;
mod background;
mod budget;

/// Originals larger than this are not read into memory for thumbnailing.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// One variant's bytes, cheap to clone, and a strong HTTP validator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub bytes: Arc<[u8]>,
    pub etag: String,
    pub source: Source,
}

/// Where the serving path found a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Memory,
    Disk,
    Generated,
}

/// Why the serving path has no variant. `is_not_found` tells 404 from 500.
#[derive(Debug, thiserror::Error)]
pub enum ThumbError {
    #[error("no photo {0}")]
    UnknownPhoto(PhotoId),
    #[error("no variant of {0} px is configured")]
    UnknownSize(u32),
    #[error("photo {id}: {reason}")]
    Failed { id: PhotoId, reason: String },
    #[error(transparent)]
    Engine(#[from] Error),
}

impl ThumbError {
    pub fn is_not_found(&self) -> bool {
        matches!(
            self,
            ThumbError::UnknownPhoto(_) | ThumbError::UnknownSize(_)
        )
    }
}

/// What processing one photo came to.
pub(crate) enum Outcome {
    /// Variants (possibly none, when only the placeholder was missing) were made and stored.
    Made {
        hash: [u8; 32],
        variants: Vec<(u32, Arc<[u8]>)>,
    },
    /// Everything asked for was already there.
    Present { hash: [u8; 32] },
    /// Recorded failure (now or earlier, for this rev of the file).
    Failed(String),
    /// The file changed since it was scanned: left for the next scan.
    Changed,
    /// No such active photo.
    Gone,
}

/// The service. Its fields are its own: callers go through the methods (the serving path, batches,
/// housekeeping, and [`Thumbnailer::variant_paths`] for whoever copies the store elsewhere).
pub(crate) struct Thumbnailer {
    /// A read-write connection of its own: the thumbnailer records hashes, placeholders and failures.
    writer: Mutex<Connection>,
    opts: ThumbOptions,
    max_pixels: u64,
    store: Store,
    memory: MemoryCache,
    metrics: Metrics,
    queue: Queue,
    locks: Mutex<HashMap<PhotoId, Arc<Mutex<()>>>>,
    pool: OnceLock<rayon::ThreadPool>,
    /// What decodes may hold at once (see [`ThumbOptions::decode_budget_bytes`]).
    budget: Budget,
}

impl Thumbnailer {
    /// `writer` is a read-write connection to the library (see `db::connection::open_side_writer`).
    pub fn new(
        writer: Connection,
        opts: ThumbOptions,
        max_pixels: u64,
        cache_dir: &std::path::Path,
    ) -> Thumbnailer {
        Thumbnailer {
            writer: Mutex::new(writer),
            store: Store::new(cache_dir),
            memory: MemoryCache::new(opts.memory_cache_bytes),
            metrics: Metrics::new(),
            queue: Queue::new(opts.queue_capacity),
            budget: Budget::new(opts.decode_budget_bytes),
            opts,
            max_pixels,
            locks: Mutex::new(HashMap::new()),
            pool: OnceLock::new(),
        }
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn key(&self, hash: [u8; 32], size: u32) -> VariantKey {
        VariantKey {
            hash,
            size,
            quality: self.opts.quality,
        }
    }

    pub fn options(&self) -> &ThumbOptions {
        &self.opts
    }

    /// Where every configured variant of the content `hash` is (or would be) stored, by size.
    pub fn variant_paths(&self, hash: &[u8; 32]) -> Vec<(u32, std::path::PathBuf)> {
        self.opts
            .all_sizes()
            .into_iter()
            .map(|size| (size, self.store.path(&self.key(*hash, size))))
            .collect()
    }

    /// The variant store's folder.
    pub fn store_root(&self) -> &std::path::Path {
        self.store.root()
    }

    /// Empties the in-memory variant cache.
    pub fn clear_memory(&self) {
        self.memory.clear();
    }

    fn pool(&self) -> &rayon::ThreadPool {
        self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(self.opts.threads)
                .thread_name(|i| format!("shoebox-thumbs-{i}"))
                .build()
                .expect("a thread pool can be started")
        })
    }

    /// Serialises work on one photo so the pool and a request never make the same variants twice.
    fn photo_lock(&self, id: PhotoId) -> Arc<Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
        locks.retain(|_, lock| Arc::strong_count(lock) > 1);
        locks.entry(id).or_default().clone()
    }

    /// Makes the missing `sizes` (and placeholder) of photo `id`: one read, one hash, one decode.
    fn process(&self, id: PhotoId, sizes: &[u32]) -> Result<Outcome> {
        let lock = self.photo_lock(id);
        let _guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let Some(row) = sql::row(&self.conn(), id)? else {
            return Ok(Outcome::Gone);
        };
        if !row.active {
            return Ok(Outcome::Gone);
        }
        if let Some(reason) = row.failure {
            return Ok(Outcome::Failed(reason));
        }
        let missing = |hash: [u8; 32]| -> Vec<u32> {
            let sizes = sizes.iter().copied();
            sizes
                .filter(|s| !self.store.contains(&self.key(hash, *s)))
                .collect()
        };
        if let Some(hash) = row.hash {
            if row.has_placeholder && missing(hash).is_empty() {
                if sizes.contains(&self.opts.print_size()) {
                    self.ensure_print(&hash)?;
                }
                return Ok(Outcome::Present { hash });
            }
        }
        let opened = match self.open_original(&row, target(sizes)) {
            Ok(Some(opened)) => opened,
            Ok(None) => return Ok(Outcome::Changed),
            Err(reason) => return self.fail(&row, reason),
        };
        let format = opened.format;
        let (original, hash, permit) = match opened.read(row.hash) {
            Ok(read) => read,
            Err(reason) => return self.fail(&row, reason),
        };
        let wanted = missing(hash);
        if row.has_placeholder && wanted.is_empty() {
            sql::save(&self.conn(), &row, &hash, None)?;
            return Ok(Outcome::Present { hash });
        }
        let started = Instant::now();
        let request = Request {
            format,
            orientation: row.orientation,
            sizes: &wanted,
            placeholder: !row.has_placeholder,
            quality: self.opts.quality,
            method: self.opts.method,
            max_pixels: self.max_pixels,
        };
        let rendered = render(original, &request);
        drop(permit);
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(e) => return self.fail(&row, e.to_string()),
        };
        let mut variants = Vec::with_capacity(rendered.variants.len());
        for (size, webp) in rendered.variants {
            let key = self.key(hash, size);
            self.store
                .write(&key, &webp)
                .map_err(|e| Error::io(self.store.path(&key), e))?;
            variants.push((size, Arc::from(webp)));
        }
        sql::save(&self.conn(), &row, &hash, rendered.placeholder.as_ref())?;
        // Clean up's fingerprint, from the grid thumbnail just made (as stored, so a later pass
        // over the store computes the same).
        let print_size = self.opts.print_size();
        if let Some((_, webp)) = variants.iter().find(|(s, _)| *s == print_size) {
            if let Some(print) = crate::cleanup::phash::of_webp(webp) {
                crate::db::cleanup::save_print(&self.conn(), &hash, &print)?;
            }
        }
        if let Some(warning) = rendered.warning {
            sql::record_warning(&self.conn(), &row, warning)?;
        }
        self.metrics.add_generated(variants.len() as u64, started);
        Ok(Outcome::Made { hash, variants })
    }

    /// Fingerprints content `hash` from its stored grid thumbnail when it has no fingerprint yet
    /// (a library thumbnailed before clean up existed: the backlog fills them in).
    fn ensure_print(&self, hash: &[u8; 32]) -> Result<()> {
        if crate::db::cleanup::has_print(&self.conn(), hash)? {
            return Ok(());
        }
        let key = self.key(*hash, self.opts.print_size());
        let stored = self.store.read(&key).ok().flatten();
        if let Some(print) = stored.as_deref().and_then(crate::cleanup::phash::of_webp) {
            crate::db::cleanup::save_print(&self.conn(), hash, &print)?;
        }
        Ok(())
    }

    /// Stores the fingerprint of photo `id`'s content (computed from its stored thumbnail).
    pub fn save_print(&self, id: PhotoId, print: &crate::cleanup::Fingerprint) -> Result<()> {
        let conn = self.conn();
        if let Some(hash) = sql::row(&conn, id)?.and_then(|r| r.hash) {
            crate::db::cleanup::save_print(&conn, &hash, print)?;
        }
        Ok(())
    }

    fn fail(&self, row: &ThumbRow, reason: String) -> Result<Outcome> {
        sql::record_failure(&self.conn(), row.id, row.rev, &reason)?;
        self.metrics
            .failed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(Outcome::Failed(reason))
    }

    /// Variant `size` of photo `id`: from memory, else from disk, else generated on this thread now.
    pub fn variant(&self, id: PhotoId, size: u32) -> Result<Variant, ThumbError> {
        use std::sync::atomic::Ordering::Relaxed;
        let started = Instant::now();
        let sizes: Vec<u32> = if self.opts.grid_sizes.contains(&size) {
            self.opts.grid_sizes.clone()
        } else if self.opts.responsive_sizes.contains(&size) {
            vec![size]
        } else {
            return Err(ThumbError::UnknownSize(size));
        };
        let row = sql::row(&self.conn(), id)?.filter(|r| r.active);
        let row = row.ok_or(ThumbError::UnknownPhoto(id))?;
        if let Some(hash) = row.hash {
            let key = self.key(hash, size);
            if let Some(bytes) = self.memory.get(&key) {
                self.metrics.memory_hits.fetch_add(1, Relaxed);
                self.metrics.memory_hit.record(started.elapsed());
                return Ok(Variant {
                    bytes,
                    etag: key.etag(),
                    source: Source::Memory,
                });
            }
            let stored = self
                .store
                .read(&key)
                .map_err(|e| Error::io(self.store.path(&key), e))?;
            if let Some(bytes) = stored {
                let variant = self.remember(key, bytes.into(), Source::Disk);
                self.metrics.disk_hits.fetch_add(1, Relaxed);
                self.metrics.disk_hit.record(started.elapsed());
                return Ok(variant);
            }
        }
        if let Some(reason) = row.failure {
            return Err(ThumbError::Failed { id, reason });
        }
        self.metrics.misses.fetch_add(1, Relaxed);
        let variant = match self.process(id, &sizes)? {
            Outcome::Made { hash, variants } => {
                match variants.into_iter().find(|(s, _)| *s == size) {
                    Some((_, bytes)) => {
                        self.remember(self.key(hash, size), bytes, Source::Generated)
                    }
                    None => self.stored(id, hash, size)?,
                }
            }
            Outcome::Present { hash } => self.stored(id, hash, size)?,
            Outcome::Failed(reason) => return Err(ThumbError::Failed { id, reason }),
            Outcome::Changed => {
                return Err(ThumbError::Failed {
                    id,
                    reason: "the file changed since the last scan".into(),
                })
            }
            Outcome::Gone => return Err(ThumbError::UnknownPhoto(id)),
        };
        self.metrics.generate.record(started.elapsed());
        Ok(variant)
    }

    fn stored(&self, id: PhotoId, hash: [u8; 32], size: u32) -> Result<Variant, ThumbError> {
        let key = self.key(hash, size);
        match self.store.read(&key) {
            Ok(Some(bytes)) => Ok(self.remember(key, bytes.into(), Source::Generated)),
            Ok(None) => Err(ThumbError::Failed {
                id,
                reason: "variant vanished from the store".into(),
            }),
            Err(e) => Err(Error::io(self.store.path(&key), e).into()),
        }
    }

    fn remember(&self, key: VariantKey, bytes: Arc<[u8]>, source: Source) -> Variant {
        let evicted = self.memory.insert(key, bytes.clone());
        self.metrics
            .evictions
            .fetch_add(evicted, std::sync::atomic::Ordering::Relaxed);
        Variant {
            bytes,
            etag: key.etag(),
            source,
        }
    }
}

/// An original opened for decoding, its decode budget acquired: what reading and decoding it
/// will hold at its peak, estimated from its header (see `thumbs::footprint`).
pub(crate) struct Opened<'a> {
    file: File,
    len: u64,
    format: Option<crate::meta::Format>,
    permit: Permit<'a>,
}

impl Thumbnailer {
    /// Opens `row`'s file for a decode reaching `target` px and waits for the decode budget it
    /// needs; `Ok(None)` when the file no longer matches the scanned size and mtime, or is not
    /// there (yet: a restore attaches rows before their files arrive; or any more: the scan settles
    /// it) — neither is a decode failure to record against the photo.
    pub(crate) fn open_original(
        &self,
        row: &ThumbRow,
        target: u32,
    ) -> Result<Option<Opened<'_>>, String> {
        let file = match open_readonly(&row.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot open: {e}")),
        };
        let meta = file.metadata().map_err(|e| format!("cannot stat: {e}"))?;
        if meta.len() != row.size || mtime_ns(&meta) != row.mtime_ns {
            return Ok(None);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(format!(
                "file of {} bytes is too large to thumbnail",
                meta.len()
            ));
        }
        let mut head = vec![0u8; HEAD_BYTES.min(meta.len() as usize)];
        file.read_exact_at(&mut head, 0)
            .map_err(|e| format!("cannot read: {e}"))?;
        let format = crate::meta::sniff(&head[..head.len().min(64)], &row.ext());
        let probe = Probe {
            file: &file,
            file_len: meta.len(),
            head: &head,
            format,
            hint: (row.width, row.height),
        };
        let bytes = footprint(&probe, target, self.max_pixels).map_err(|e| e.to_string())?;
        drop(head);
        let permit = self.budget.acquire(bytes);
        Ok(Some(Opened {
            file,
            len: meta.len(),
            format,
            permit,
        }))
    }
}

impl<'a> Opened<'a> {
    /// The original for its decoder: the whole file in memory only when the decoder needs it.
    pub(crate) fn original(mut self) -> Result<(Original, Permit<'a>), String> {
        // The header probes moved the file's offset.
        self.file
            .seek(SeekFrom::Start(0))
            .map_err(|e| format!("cannot read: {e}"))?;
        if !in_memory(self.format) {
            return Ok((Original::File(self.file), self.permit));
        }
        let mut bytes = Vec::with_capacity(self.len as usize);
        self.file
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        Ok((Original::Bytes(bytes), self.permit))
    }

    /// [`Opened::original`] and its BLAKE3: `known`, else computed from the bytes read or, for a
    /// file decoded from disk, as a stream (never held).
    pub(crate) fn read(
        self,
        known: Option<[u8; 32]>,
    ) -> Result<(Original, [u8; 32], Permit<'a>), String> {
        let (original, permit) = self.original()?;
        let hash = match (known, &original) {
            (Some(hash), _) => hash,
            (None, Original::Bytes(bytes)) => *blake3::hash(bytes).as_bytes(),
            (None, Original::File(file)) => {
                let mut file: &File = file;
                let mut hasher = blake3::Hasher::new();
                hasher
                    .update_reader(file)
                    .and_then(|_| file.seek(SeekFrom::Start(0)))
                    .map_err(|e| format!("cannot read: {e}"))?;
                *hasher.finalize().as_bytes()
            }
        };
        Ok((original, hash, permit))
    }
}
