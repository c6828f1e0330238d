//! Counters and latency histograms of the thumbnail service, shared by the CLI and the app: memory and
//! disk hits, misses, evictions, generated variants, queue depth, thumbnails/s, p50/p99 latencies.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Log-linear buckets: 8 per power of two of microseconds, up to ~2^36 us.
const SUB: usize = 8;
const BUCKETS: usize = 37 * SUB;

/// A lock-free latency histogram in microseconds (about 9% bucket resolution).
pub(crate) struct Histogram {
    buckets: Vec<AtomicU64>,
}

impl Histogram {
    fn new() -> Histogram {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn index(us: u64) -> usize {
        if us < SUB as u64 {
            return us as usize;
        }
        let log = 63 - us.leading_zeros() as usize; // >= 3
        let frac = ((us >> (log - 3)) & (SUB as u64 - 1)) as usize;
        ((log - 2) * SUB + frac).min(BUCKETS - 1)
    }

    /// The upper bound in microseconds of bucket `i`.
    fn upper(i: usize) -> f64 {
        if i < SUB {
            return i as f64 + 1.0;
        }
        let log = i / SUB + 2;
        let frac = (i % SUB) as f64;
        (1u64 << log) as f64 * (1.0 + (frac + 1.0) / SUB as f64)
    }

    pub fn record(&self, elapsed: Duration) {
        let us = elapsed.as_micros().min(u128::from(u64::MAX)) as u64;
        self.buckets[Self::index(us)].fetch_add(1, Relaxed);
    }

    fn counts(&self) -> Vec<u64> {
        self.buckets.iter().map(|b| b.load(Relaxed)).collect()
    }
}

/// The `q` quantile (0-1) of bucket counts, in microseconds; 0 when empty.
pub fn quantile_us(counts: &[u64], q: f64) -> f64 {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return 0.0;
    }
    let rank = ((total as f64 * q).ceil() as u64).max(1);
    let mut seen = 0;
    for (i, c) in counts.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return Histogram::upper(i);
        }
    }
    Histogram::upper(counts.len() - 1)
}

/// A latency distribution as served in a snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Latency {
    pub count: u64,
    pub p50_us: f64,
    pub p99_us: f64,
}

impl Latency {
    fn of(h: &Histogram) -> Latency {
        let counts = h.counts();
        Latency {
            count: counts.iter().sum(),
            p50_us: quantile_us(&counts, 0.50),
            p99_us: quantile_us(&counts, 0.99),
        }
    }
}

/// A copy of every counter at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsSnapshot {
    pub memory_hits: u64,
    pub disk_hits: u64,
    /// Requests that found the variant neither in memory nor on disk.
    pub misses: u64,
    pub evictions: u64,
    /// Variants encoded and stored.
    pub generated: u64,
    /// Photos that failed to decode or encode.
    pub failed: u64,
    pub queue_depth: u64,
    /// Variants generated per second of wall-clock time while generating.
    pub thumbnails_per_sec: f64,
    pub memory_bytes: u64,
    pub memory_entries: u64,
    pub memory_capacity: u64,
    /// The decode budget in bytes (0: unbounded), what decodes hold of it now, and the most they
    /// ever held at once (each decode counted by its estimate, clamped to the budget).
    pub decode_budget_bytes: u64,
    pub decode_bytes_in_use: u64,
    pub decode_bytes_peak: u64,
    /// Serving-path latency of memory hits, disk hits and generated answers.
    pub memory_hit: Latency,
    pub disk_hit: Latency,
    pub generate: Latency,
}

pub(crate) struct Metrics {
    pub memory_hits: AtomicU64,
    pub disk_hits: AtomicU64,
    pub misses: AtomicU64,
    pub evictions: AtomicU64,
    pub generated: AtomicU64,
    pub failed: AtomicU64,
    pub memory_hit: Histogram,
    pub disk_hit: Histogram,
    pub generate: Histogram,
    /// (first, last) moment a variant was generated.
    window: Mutex<Option<(Instant, Instant)>>,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            memory_hits: AtomicU64::new(0),
            disk_hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            evictions: AtomicU64::new(0),
            generated: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            memory_hit: Histogram::new(),
            disk_hit: Histogram::new(),
            generate: Histogram::new(),
            window: Mutex::new(None),
        }
    }

    pub fn add_generated(&self, variants: u64, started: Instant) {
        self.generated.fetch_add(variants, Relaxed);
        let now = Instant::now();
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        *window = Some(match *window {
            None => (started, now),
            Some((first, _)) => (first.min(started), now),
        });
    }

    pub fn snapshot(&self) -> MetricsSnapshot {
        let generated = self.generated.load(Relaxed);
        let window = *self.window.lock().unwrap_or_else(|e| e.into_inner());
        let secs = window.map_or(0.0, |(a, b)| (b - a).as_secs_f64());
        MetricsSnapshot {
            memory_hits: self.memory_hits.load(Relaxed),
            disk_hits: self.disk_hits.load(Relaxed),
            misses: self.misses.load(Relaxed),
            evictions: self.evictions.load(Relaxed),
            generated,
            failed: self.failed.load(Relaxed),
            thumbnails_per_sec: if secs > 0.0 {
                generated as f64 / secs
            } else {
                0.0
            },
            memory_hit: Latency::of(&self.memory_hit),
            disk_hit: Latency::of(&self.disk_hit),
            generate: Latency::of(&self.generate),
            ..MetricsSnapshot::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_land_in_the_right_bucket() {
        let h = Histogram::new();
        for _ in 0..98 {
            h.record(Duration::from_micros(100));
        }
        h.record(Duration::from_millis(5));
        h.record(Duration::from_millis(5));
        let l = Latency::of(&h);
        assert!((100.0..=115.0).contains(&l.p50_us), "{l:?}");
        assert!((5000.0..=5700.0).contains(&l.p99_us), "{l:?}");
    }
}
