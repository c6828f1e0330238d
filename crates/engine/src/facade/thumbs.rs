//! `library.thumbs()`: the thumbnail service seen from outside: the serving path, the viewport,
//! batches over the whole library, metrics and housekeeping.

use std::path::Path;
use std::sync::Arc;

use crate::error::Result;
use crate::jobs::ThumbReport;
use crate::metrics::MetricsSnapshot;
use crate::model::{GcReport, PhotoId, ThumbStats};
use crate::progress::{CancelToken, ProgressSink};
use crate::thumbnailer::{ThumbError, Thumbnailer, Variant};
use crate::thumbs::{ThumbOptions, Tier};

/// The library's thumbnail service (cheap: a borrowed handle).
pub struct Thumbs<'a> {
    service: &'a Arc<Thumbnailer>,
}

impl<'a> Thumbs<'a> {
    pub(crate) fn new(service: &'a Arc<Thumbnailer>) -> Self {
        Thumbs { service }
    }

    /// Variant `size` (a configured long edge) of photo `id`: from the memory cache, else the disk
    /// store, else generated on the calling thread at once. Safe to call from many threads.
    pub fn variant(&self, id: PhotoId, size: u32) -> Result<Variant, ThumbError> {
        self.service.variant(id, size)
    }

    /// Photo `id` as WebP at long edge `size`: a configured size goes through [`Thumbs::variant`];
    /// any other is rendered once and not stored.
    pub fn thumbnail(&self, id: PhotoId, size: u32) -> Result<Arc<[u8]>, ThumbError> {
        if self.options().all_sizes().contains(&size) {
            return Ok(self.variant(id, size)?.bytes);
        }
        self.service.render_once(id, size)
    }

    /// What is on screen and what is near it: their grid variants are made first, and queued
    /// requests for photos in neither list are dropped.
    pub fn set_viewport(&self, visible: &[PhotoId], near: &[PhotoId]) {
        self.service.set_viewport(visible, near);
    }

    /// Makes every missing variant of `tier` (and the placeholders) for the whole library.
    pub fn make_thumbnails(
        &self,
        tier: Tier,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ThumbReport> {
        self.service.make_all(tier, cancel, progress)
    }

    /// Counters and latency percentiles of the thumbnail service.
    pub fn metrics(&self) -> MetricsSnapshot {
        self.service.snapshot()
    }

    /// Removes stored variants no active photo needs (and crash leftovers).
    pub fn gc(&self) -> Result<GcReport> {
        self.service.gc()
    }

    /// Variant store size, failures and cache metrics (walks the store: not for every frame).
    pub fn stats(&self) -> Result<ThumbStats> {
        self.service.stats()
    }

    /// Empties the in-memory variant cache (benchmarks, memory pressure).
    pub fn clear_memory_cache(&self) {
        self.service.clear_memory();
    }

    /// The configured sizes, quality and cache bounds.
    pub fn options(&self) -> &'a ThumbOptions {
        self.service.options()
    }

    /// Where variants are stored.
    pub fn variant_dir(&self) -> &'a Path {
        self.service.store_root()
    }
}
