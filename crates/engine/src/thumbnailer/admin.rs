//! The service's housekeeping: one-off renders at any size, metrics snapshots, store stats and gc.

use std::sync::Arc;
use std::time::Instant;

use super::{ThumbError, Thumbnailer};
use crate::db::thumbs as sql;
use crate::error::Result;
use crate::metrics::MetricsSnapshot;
use crate::model::{GcReport, PhotoId, ThumbStats};
use crate::thumbs::{render, Request};

impl Thumbnailer {
    /// Photo `id` at long edge `size`, rendered now and not stored (sizes outside the configured ones).
    pub fn render_once(&self, id: PhotoId, size: u32) -> Result<Arc<[u8]>, ThumbError> {
        let row = sql::row(&self.conn(), id)?.filter(|r| r.active);
        let row = row.ok_or(ThumbError::UnknownPhoto(id))?;
        let failed = |reason: String| ThumbError::Failed { id, reason };
        let opened = self
            .open_original(&row, size.max(1))
            .map_err(failed)?
            .ok_or_else(|| failed("the file is gone or changed since the last scan".into()))?;
        let format = opened.format;
        let (original, permit) = opened.original().map_err(failed)?;
        let rendered = render(
            original,
            &Request {
                format,
                orientation: row.orientation,
                sizes: &[size.max(1)],
                placeholder: false,
                quality: self.opts.quality,
                method: self.opts.method,
                max_pixels: self.max_pixels,
            },
        );
        drop(permit);
        let rendered = rendered.map_err(|e| failed(e.to_string()))?;
        let (_, webp) = rendered
            .variants
            .into_iter()
            .next()
            .ok_or_else(|| failed("nothing rendered".into()))?;
        Ok(webp.into())
    }

    pub fn snapshot(&self) -> MetricsSnapshot {
        MetricsSnapshot {
            queue_depth: self.queue.depth() as u64,
            memory_bytes: self.memory.bytes() as u64,
            memory_entries: self.memory.len() as u64,
            memory_capacity: self.memory.capacity() as u64,
            decode_budget_bytes: self.budget.total(),
            decode_bytes_in_use: self.budget.in_use(),
            decode_bytes_peak: self.budget.peak(),
            ..self.metrics.snapshot()
        }
    }

    /// Removes variants whose hash no active photo has, or whose size or quality is no longer
    /// configured, and temporary files left by a crash.
    pub fn gc(&self) -> Result<GcReport> {
        let started = Instant::now();
        let hashes = sql::active_hashes(&self.conn())?;
        let sizes = self.opts.all_sizes();
        let quality = self.opts.quality;
        let (removed, kept) = self.store.gc(|key| {
            key.quality == quality && sizes.contains(&key.size) && hashes.contains(&key.hash)
        });
        Ok(GcReport {
            removed: removed.files,
            removed_bytes: removed.bytes,
            kept: kept.files,
            kept_bytes: kept.bytes,
            elapsed_ms: started.elapsed().as_millis() as u64,
        })
    }

    pub fn stats(&self) -> Result<ThumbStats> {
        let count = self.store.count();
        let conn = self.conn();
        Ok(ThumbStats {
            variants: count.files,
            store_bytes: count.bytes,
            failed: sql::failures(&conn)?.len() as u64,
            placeholders: sql::placeholder_count(&conn)?,
            metrics: self.snapshot(),
        })
    }
}
