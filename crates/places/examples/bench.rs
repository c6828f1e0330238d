//! Measures the index build (the first `locate`), the memory it holds, and lookups over 100,000
//! random points: uniform on the sphere (mostly ocean) and near places (all hits).
//! Run with `cargo run --release -p shoebox-places --example bench`.

use std::hint::black_box;
use std::time::Instant;

const N: usize = 100_000;

/// xorshift64: deterministic points without a dependency.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A point uniform on the sphere.
    fn point(&mut self) -> (f64, f64) {
        let lat = (2.0 * self.unit() - 1.0).asin().to_degrees();
        (lat, self.unit() * 360.0 - 180.0)
    }
}

/// Resident memory in bytes (Linux; 0 elsewhere).
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// Times `locate` over `points`: (mean, p50, p99) in microseconds, and how many were found.
fn time(points: &[(f64, f64)]) -> (f64, f64, f64, usize) {
    let mut each = Vec::with_capacity(points.len());
    let mut found = 0;
    let start = Instant::now();
    for &(lat, lon) in points {
        let t = Instant::now();
        let place = black_box(shoebox_places::locate(black_box(lat), black_box(lon)));
        each.push(t.elapsed().as_secs_f64() * 1e6);
        found += usize::from(place.is_some());
    }
    let mean = start.elapsed().as_secs_f64() * 1e6 / points.len() as f64;
    each.sort_by(f64::total_cmp);
    let pct = |p: f64| each[((each.len() - 1) as f64 * p) as usize];
    (mean, pct(0.5), pct(0.99), found)
}

fn main() {
    let before = rss();
    let start = Instant::now();
    black_box(shoebox_places::locate(38.7167, -9.1333));
    let build = start.elapsed();
    let after = rss();
    println!(
        "index: {} places, built in {:.1} ms by the first locate; {:.1} MB on the heap ({:.1} MB more resident)",
        shoebox_places::len(),
        build.as_secs_f64() * 1e3,
        shoebox_places::index_heap_bytes() as f64 / 1e6,
        after.saturating_sub(before) as f64 / 1e6
    );

    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let uniform: Vec<(f64, f64)> = (0..N).map(|_| rng.point()).collect();
    let (mean, p50, p99, found) = time(&uniform);
    println!(
        "uniform on the sphere: {mean:.2} µs mean, p50 {p50:.2} µs, p99 {p99:.2} µs per lookup ({found} of {N} within {} km of a place)",
        shoebox_places::MAX_DISTANCE_KM
    );

    // near places: the hits above, moved by up to ±0.05° (about 5 km)
    let hits: Vec<(f64, f64)> = uniform
        .iter()
        .copied()
        .filter(|&(lat, lon)| shoebox_places::locate(lat, lon).is_some())
        .collect();
    let near: Vec<(f64, f64)> = (0..N)
        .map(|i| {
            let (lat, lon) = hits[i % hits.len()];
            let lat = (lat + (rng.unit() - 0.5) * 0.1).clamp(-90.0, 90.0);
            let lon = (lon + (rng.unit() - 0.5) * 0.1).clamp(-180.0, 180.0);
            (lat, lon)
        })
        .collect();
    let (mean, p50, p99, found) = time(&near);
    println!("near places: {mean:.2} µs mean, p50 {p50:.2} µs, p99 {p99:.2} µs per lookup ({found} of {N} found)");
}
