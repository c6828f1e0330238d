//! Thumbnails: decode a photo once at the smallest useful scale, resize to every variant (largest
//! first), orient, encode lossy WebP, and derive the thumbhash/colour placeholder from the same decode.

pub(crate) mod decode;
pub(crate) mod encode;
mod footprint;
#[cfg(feature = "heif")]
mod heif;
pub(crate) mod jpeg;
#[cfg(feature = "jxl")]
mod jxl;
mod lab;
mod lossless;
mod pipeline;
pub(crate) mod pixels;
mod progressive_dc;
pub(crate) mod raw;
mod relabelled;
mod stripes;
mod webp;

pub(crate) use decode::{in_memory, Original};
pub(crate) use footprint::{footprint, Probe, HEAD_BYTES};
pub(crate) use jpeg::TRUNCATED;
pub(crate) use pipeline::{render, target, Request};

/// Which variants a batch makes: the grid tier only, or the grid tier and then the responsive tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Grid,
    All,
}

/// Sizes, quality and resources of the thumbnail pipeline. Sizes are long edges in pixels.
#[derive(Debug, Clone)]
pub struct ThumbOptions {
    /// The gallery tiles (1x and 2x).
    pub grid_sizes: Vec<u32>,
    /// The viewer and lightbox.
    pub responsive_sizes: Vec<u32>,
    /// libwebp quality, 0-100.
    pub quality: u8,
    /// libwebp effort, 0 (fastest) to 6 (smallest files). 0 is 2.6x faster than 2 on camera JPEGs
    /// for ~10% larger files (still smaller than vipsthumbnail's default effort 4 output).
    pub method: i32,
    /// Bound of the in-memory LRU, in bytes of WebP data.
    pub memory_cache_bytes: usize,
    /// Worker threads of the background pool; 0 means one per core.
    pub threads: usize,
    /// Most queued requests per priority level.
    pub queue_capacity: usize,
    /// Bytes that decodes may hold at once, across every thread (the serving path's and the
    /// pool's): before a decode starts, what it will allocate (the file's bytes when held, the
    /// decoder's buffers at the scale it runs at, the largest variant) is taken from this budget,
    /// and a decode that does not fit waits. One larger than the whole budget runs alone. 0 means
    /// unbounded (decodes bounded only by the number of threads).
    pub decode_budget_bytes: u64,
}

/// The default decode budget: with the binary, SQLite's page cache, the thread pool and the
/// variants being encoded beside it, `shoebox thumbs` stays under 400 MB resident (see README,
/// Benchmarks).
pub const DEFAULT_DECODE_BUDGET: u64 = 192 << 20;

impl Default for ThumbOptions {
    fn default() -> Self {
        ThumbOptions {
            grid_sizes: vec![256, 512],
            responsive_sizes: vec![1024, 1920, 2560],
            quality: 80,
            method: 0,
            memory_cache_bytes: 256 << 20,
            threads: 0,
            queue_capacity: 1024,
            decode_budget_bytes: DEFAULT_DECODE_BUDGET,
        }
    }
}

impl ThumbOptions {
    /// The grid variant clean up fingerprints (the smallest grid size, 256 px by default).
    pub fn print_size(&self) -> u32 {
        self.grid_sizes.iter().copied().min().unwrap_or(256)
    }

    pub fn all_sizes(&self) -> Vec<u32> {
        let mut all: Vec<u32> = self
            .grid_sizes
            .iter()
            .chain(&self.responsive_sizes)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Why a photo could not be thumbnailed; the text is what gets recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("image of {width}x{height} exceeds the {max}-pixel limit")]
    TooLarge { width: u32, height: u32, max: u64 },
    #[error("image has zero width or height")]
    ZeroSize,
    #[error("unsupported: {0}")]
    Unsupported(String),
    #[error("cannot decode: {0}")]
    Corrupt(String),
    #[error("cannot encode WebP: {0}")]
    Encode(String),
}

pub(crate) fn check_pixels(width: u32, height: u32, max: u64) -> Result<(), DecodeError> {
    if width == 0 || height == 0 {
        return Err(DecodeError::ZeroSize);
    }
    if u64::from(width) * u64::from(height) > max {
        return Err(DecodeError::TooLarge { width, height, max });
    }
    Ok(())
}
