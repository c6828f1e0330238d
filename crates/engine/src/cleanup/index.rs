//! Near-neighbour search over 64-bit hashes by multi-index hashing: the bits are cut into `m`
//! bands; two hashes within Hamming distance `d` agree within `d / m` bits on at least one band
//! (pigeonhole), so each band is a table searched at that small radius instead of comparing all
//! pairs. One hash is looked up with [`Index::near`]; the full pass is a band join
//! ([`Index::pairs`], [`Index::pairs_with`]): per band and flip pattern `p`, every bucket `v` is
//! compared with bucket `v ^ p`, reading both in order. The band count is chosen from the number of
//! hashes and the distance by a cost model, one for lookups and one for the join.

use rayon::prelude::*;

/// One band: bits `shift..shift + bits` of every hash, as a table from band value to hash indexes.
struct Band {
    shift: u32,
    bits: u32,
    /// `ids[offsets[v]..offsets[v + 1]]`: the hashes whose band value is `v`.
    offsets: Vec<u32>,
    ids: Vec<u32>,
    /// The hash of each entry of `ids`, beside it, so a bucket is checked reading memory in order.
    hashes: Vec<u64>,
    /// The band values that have hashes, ascending.
    values: Vec<u32>,
}

impl Band {
    fn new(hashes: &[u64], shift: u32, bits: u32) -> Band {
        let mut band = Band {
            shift,
            bits,
            offsets: vec![0; (1usize << bits) + 1],
            ids: vec![0; hashes.len()],
            hashes: vec![0; hashes.len()],
            values: Vec::new(),
        };
        for h in hashes {
            let v = band.value(*h) as usize;
            band.offsets[v + 1] += 1;
        }
        for v in 1..band.offsets.len() {
            if band.offsets[v] > 0 {
                band.values.push(v as u32 - 1);
            }
            band.offsets[v] += band.offsets[v - 1];
        }
        let mut next = band.offsets.clone();
        for (i, h) in hashes.iter().enumerate() {
            let v = band.value(*h) as usize;
            let slot = &mut next[v];
            band.ids[*slot as usize] = i as u32;
            band.hashes[*slot as usize] = *h;
            *slot += 1;
        }
        band
    }

    fn value(&self, hash: u64) -> u32 {
        ((hash >> self.shift) & ((1u64 << self.bits) - 1)) as u32
    }

    fn bucket(&self, value: u32) -> (&[u32], &[u64]) {
        let (start, end) = (
            self.offsets[value as usize] as usize,
            self.offsets[value as usize + 1] as usize,
        );
        (&self.ids[start..end], &self.hashes[start..end])
    }
}

/// The hashes and their band tables, for one maximum distance.
pub struct Index {
    hashes: Vec<u64>,
    bands: Vec<Band>,
    radius: u32,
    max_distance: u32,
}

/// Band tables wider than this are not built (memory).
const MAX_BAND_BITS: u32 = 24;

fn binomial(n: u32, k: u32) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * f64::from(n - i) / f64::from(i + 1))
}

/// The band counts that can be built, with each one's band width and radius.
fn shapes(max_distance: u32) -> impl Iterator<Item = (u32, u32, u32)> {
    (1..=16u32)
        .filter(|m| 64 / m <= MAX_BAND_BITS)
        .map(move |m| (m, 64 / m, max_distance / m))
}

/// The number of flip patterns of weight `radius` or less in `bits` bits.
fn probes(bits: u32, radius: u32) -> f64 {
    (0..=radius.min(bits)).map(|k| binomial(bits, k)).sum()
}

fn cheapest(costs: impl Iterator<Item = (u32, f64)>) -> u32 {
    costs
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(m, _)| m)
        .unwrap_or(4)
}

/// The band count whose estimated cost of looking hashes up one by one (tables, probes,
/// candidates) is lowest.
fn band_count(n: usize, max_distance: u32) -> u32 {
    let n = n.max(1) as f64;
    cheapest(shapes(max_distance).map(|(m, bits, radius)| {
        let probes = probes(bits, radius);
        let table = 2f64.powi(bits as i32);
        let candidates = probes * n / table;
        // A probe is a random read of the offsets: cheap while they fit a cache, dear after.
        let probe_cost = if bits <= 16 { 4.0 } else { 20.0 };
        let cost = f64::from(m) * (table * 0.5 + n * (probes * probe_cost + candidates));
        (m, cost)
    }))
}

/// The band count whose estimated cost of the full join (tables, bucket pairs visited, hash pairs
/// compared) is lowest. Each band visits every non-empty bucket once per flip pattern (the offsets
/// of the bucket across: an in-cache read while the table fits the cache, a miss after) and
/// compares `n² · patterns / 2^bits` pairs of hashes read in order.
fn join_band_count(n: usize, max_distance: u32) -> u32 {
    let n = n.max(1) as f64;
    cheapest(shapes(max_distance).map(|(m, bits, radius)| {
        let probes = probes(bits, radius);
        let table = 2f64.powi(bits as i32);
        let visit_cost = if bits <= 18 { 4.0 } else { 20.0 };
        let visits = probes * table.min(n);
        let compared = probes * n * n / table;
        let cost = f64::from(m) * (table + n + visits * visit_cost + compared);
        (m, cost)
    }))
}

impl Index {
    /// Builds the tables for looking hashes up one by one, up to `max_distance` bits.
    pub fn build(hashes: Vec<u64>, max_distance: u32) -> Index {
        let m = band_count(hashes.len(), max_distance);
        Index::with_bands(hashes, max_distance, m)
    }

    /// Builds the tables for the full pass ([`Index::pairs`], [`Index::pairs_with`]).
    pub fn for_join(hashes: Vec<u64>, max_distance: u32) -> Index {
        let m = join_band_count(hashes.len(), max_distance);
        Index::with_bands(hashes, max_distance, m)
    }

    /// The tables with `m` bands (the first `64 % m` one bit wider).
    fn with_bands(hashes: Vec<u64>, max_distance: u32, m: u32) -> Index {
        let mut spans = Vec::with_capacity(m as usize);
        let mut shift = 0;
        for b in 0..m {
            let bits = 64 / m + u32::from(b < 64 % m);
            spans.push((shift, bits));
            shift += bits;
        }
        let bands = spans
            .into_par_iter()
            .map(|(shift, bits)| Band::new(&hashes, shift, bits))
            .collect();
        Index {
            hashes,
            radius: max_distance / m,
            bands,
            max_distance,
        }
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    pub fn hash(&self, i: u32) -> u64 {
        self.hashes[i as usize]
    }

    /// Whether band `t` is the first on which `a` and `b` agree within the radius (a pair within
    /// the distance is reported by that band only).
    #[inline(always)]
    fn first_band(&self, t: usize, a: u64, b: u64) -> bool {
        !self.bands[..t]
            .iter()
            .any(|band| (band.value(a) ^ band.value(b)).count_ones() <= self.radius)
    }

    /// Calls `found(index, distance)` once for every hash within the index's distance of `query`.
    pub fn near(&self, query: u64, mut found: impl FnMut(u32, u32)) {
        let mut probe = Vec::new();
        for (t, band) in self.bands.iter().enumerate() {
            probe.clear();
            neighbours(band.value(query), band.bits, self.radius, &mut probe);
            for value in &probe {
                let (ids, hashes) = band.bucket(*value);
                for (&j, &other) in ids.iter().zip(hashes) {
                    let distance = (other ^ query).count_ones();
                    if distance <= self.max_distance && self.first_band(t, query, other) {
                        found(j, distance);
                    }
                }
            }
        }
    }

    /// Every pair `(i, j, distance)`, `i < j`, within the index's distance, once each: a band join
    /// of the tables with themselves (in parallel over bands and flip patterns).
    pub fn pairs(&self) -> Vec<(u32, u32, u32)> {
        self.join(self)
    }

    /// Every `(i, j, distance)` where `queries[i]` is within the index's distance of hash `j`,
    /// once each (`i == j` included): the band join of the queries' tables with these. The same
    /// pairs as [`Index::near`] for each query, without a random read per probe.
    pub fn pairs_with(&self, queries: &[u64]) -> Vec<(u32, u32, u32)> {
        let other = Index::with_bands(queries.to_vec(), self.max_distance, self.bands.len() as u32);
        other.join(self)
    }

    /// The pairs of `self`'s hashes (left) and `right`'s within the distance: for each band and
    /// each flip pattern `p` within the radius, bucket `v` of the left table against bucket `v ^ p`
    /// of the right. Joined with itself, each bucket pair is visited once (`v ^ p >= v`) and the
    /// pairs come out as `(lower, higher)` index.
    fn join(&self, right: &Index) -> Vec<(u32, u32, u32)> {
        let same = std::ptr::eq(self, right);
        let mut tasks = Vec::new();
        for (t, band) in self.bands.iter().enumerate() {
            let mut patterns = Vec::new();
            neighbours(0, band.bits, self.radius, &mut patterns);
            tasks.extend(patterns.into_iter().map(|p| (t, p)));
        }
        tasks
            .into_par_iter()
            .fold(Vec::new, |mut out, (t, p)| {
                self.sweep(right, t, p, same, &mut out);
                out
            })
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            })
    }

    /// One band `t` and flip pattern `p` of [`Index::join`], with the CPU's population count
    /// instruction where it has one (a release build targets CPUs without it by default, and
    /// counting bits in software is most of the join's time).
    fn sweep(&self, right: &Index, t: usize, p: u32, same: bool, out: &mut Vec<(u32, u32, u32)>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU has `popcnt`, checked just above.
            return unsafe { self.sweep_popcnt(right, t, p, same, out) };
        }
        self.sweep_portable(right, t, p, same, out)
    }

    /// [`Index::sweep_portable`] compiled with `popcnt` (it is inlined here).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn sweep_popcnt(
        &self,
        right: &Index,
        t: usize,
        p: u32,
        same: bool,
        out: &mut Vec<(u32, u32, u32)>,
    ) {
        self.sweep_portable(right, t, p, same, out)
    }

    #[inline(always)]
    fn sweep_portable(
        &self,
        right: &Index,
        t: usize,
        p: u32,
        same: bool,
        out: &mut Vec<(u32, u32, u32)>,
    ) {
        let (left_band, right_band) = (&self.bands[t], &right.bands[t]);
        for &v in &left_band.values {
            let w = v ^ p;
            if same && w < v {
                continue;
            }
            let (right_ids, right_hashes) = right_band.bucket(w);
            if right_ids.is_empty() {
                continue;
            }
            let (left_ids, left_hashes) = left_band.bucket(v);
            for (k, (&i, &a)) in left_ids.iter().zip(left_hashes).enumerate() {
                // Within one bucket of a self join, each pair once: the entries after this one.
                let from = if same && p == 0 { k + 1 } else { 0 };
                for (&j, &b) in right_ids[from..].iter().zip(&right_hashes[from..]) {
                    let distance = (a ^ b).count_ones();
                    if distance <= self.max_distance && self.first_band(t, a, b) {
                        out.push(if same {
                            (i.min(j), i.max(j), distance)
                        } else {
                            (i, j, distance)
                        });
                    }
                }
            }
        }
    }
}

/// Every `bits`-bit value within `radius` bits of `value`.
fn neighbours(value: u32, bits: u32, radius: u32, out: &mut Vec<u32>) {
    fn flip(value: u32, from: u32, bits: u32, left: u32, out: &mut Vec<u32>) {
        out.push(value);
        if left == 0 {
            return;
        }
        for bit in from..bits {
            flip(value ^ (1 << bit), bit + 1, bits, left - 1, out);
        }
    }
    flip(value, 0, bits, radius, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random(n: usize, seed: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x
            })
            .collect()
    }

    /// `base` with exactly `k` distinct bits flipped (chosen from `seed`).
    fn flipped(base: u64, k: u32, seed: u64) -> u64 {
        let mut out = base;
        let mut bits = random(200, seed.max(1)).into_iter();
        let mut flipped = 0;
        while flipped < k {
            let bit = bits.next().unwrap() % 64;
            if (out ^ base) >> bit & 1 == 0 {
                out ^= 1 << bit;
                flipped += 1;
            }
        }
        out
    }

    /// Clusters of near-identical hashes: each base with copies at every distance from 0 to
    /// `spread` (exact duplicates, and some exactly at any threshold below `spread`), and some
    /// random hashes between them.
    fn clustered(clusters: usize, per: usize, spread: u32, seed: u64) -> Vec<u64> {
        let bases = random(clusters, seed);
        let mut hashes = random(clusters * 2, seed ^ 0x5555);
        for (c, base) in bases.iter().enumerate() {
            for k in 0..per {
                let d = (k as u32) % (spread + 1);
                hashes.push(flipped(*base, d, (c * per + k) as u64 + 1));
            }
        }
        hashes
    }

    fn brute_pairs(hashes: &[u64], d: u32) -> Vec<(u32, u32, u32)> {
        let mut want = Vec::new();
        for i in 0..hashes.len() {
            for j in i + 1..hashes.len() {
                let dist = (hashes[i] ^ hashes[j]).count_ones();
                if dist <= d {
                    want.push((i as u32, j as u32, dist));
                }
            }
        }
        want
    }

    fn brute_cross(queries: &[u64], hashes: &[u64], d: u32) -> Vec<(u32, u32, u32)> {
        let mut want = Vec::new();
        for (i, q) in queries.iter().enumerate() {
            for (j, h) in hashes.iter().enumerate() {
                let dist = (q ^ h).count_ones();
                if dist <= d {
                    want.push((i as u32, j as u32, dist));
                }
            }
        }
        want
    }

    fn sorted(mut pairs: Vec<(u32, u32, u32)>) -> Vec<(u32, u32, u32)> {
        pairs.sort_unstable();
        pairs
    }

    #[test]
    fn finds_exactly_the_pairs_a_full_comparison_finds() {
        let mut hashes = random(3000, 7);
        for i in 0..300 {
            let base = hashes[i];
            hashes.push(base ^ (1 << (i % 64)) ^ (1 << ((i * 7) % 64)) ^ (1 << ((i * 13) % 64)));
        }
        for d in [0, 3, 10, 14] {
            let want = brute_pairs(&hashes, d);
            let index = Index::build(hashes.clone(), d);
            assert_eq!(sorted(index.pairs()), want, "distance {d}");
            let index = Index::for_join(hashes.clone(), d);
            assert_eq!(sorted(index.pairs()), want, "join, distance {d}");
        }
    }

    /// The join against a full comparison on random and on clustered hashes (duplicates, many
    /// copies exactly at the threshold and one bit past it), with every band count (radius 0 to
    /// 8), for the pairs among the hashes and for mirror hashes against them.
    #[test]
    fn the_join_finds_exactly_the_pairs_and_mirror_pairs_a_full_comparison_finds() {
        let mut planted = random(1500, 11);
        for i in 0..150 {
            planted.push(flipped(planted[i * 3], (i as u32) % 13, i as u64 + 3));
        }
        let sets = [
            ("random", planted),
            ("clustered", clustered(40, 30, 12, 3)),
            ("one cluster", clustered(1, 400, 11, 5)),
        ];
        for (name, hashes) in &sets {
            // Mirror hashes: some near other photos' hashes (and near their own), some anywhere.
            let mut mirrors = random(hashes.len(), 99);
            for i in (0..hashes.len()).step_by(3) {
                let other = hashes[(i * 7 + 1) % hashes.len()];
                mirrors[i] = flipped(other, (i as u32) % 12, i as u64 + 7);
            }
            for i in (1..hashes.len()).step_by(5) {
                mirrors[i] = flipped(hashes[i], (i as u32) % 4, i as u64 + 9);
            }
            for d in [0, 1, 5, 10, 11] {
                let want = brute_pairs(hashes, d);
                let want_cross = brute_cross(&mirrors, hashes, d);
                assert!(
                    want.iter().any(|p| p.2 == d),
                    "{name}: pairs at exactly {d}"
                );
                for m in [3, 4, 5, 6, 8, 11, 16] {
                    let index = Index::with_bands(hashes.clone(), d, m);
                    assert_eq!(
                        sorted(index.pairs()),
                        want,
                        "{name}, distance {d}, {m} bands"
                    );
                    assert_eq!(
                        sorted(index.pairs_with(&mirrors)),
                        want_cross,
                        "{name} mirrors, distance {d}, {m} bands"
                    );
                }
                let index = Index::for_join(hashes.clone(), d);
                assert_eq!(sorted(index.pairs()), want, "{name}, distance {d}");
                // The join gives what one lookup per mirror hash gives.
                let mut looked_up = Vec::new();
                for (i, q) in mirrors.iter().enumerate() {
                    index.near(*q, |j, dist| looked_up.push((i as u32, j, dist)));
                }
                assert_eq!(
                    sorted(looked_up),
                    want_cross,
                    "{name} lookups, distance {d}"
                );
            }
        }
    }

    #[test]
    fn the_join_takes_four_bands_for_half_a_million_hashes() {
        assert_eq!(join_band_count(500_000, 10), 4);
        assert_eq!(band_count(500_000, 10), 4);
    }
}
