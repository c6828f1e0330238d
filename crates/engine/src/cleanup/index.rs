//! Near-neighbour search over 64-bit hashes by multi-index hashing: the bits are cut into `m`
//! bands; two hashes within Hamming distance `d` agree within `d / m` bits on at least one band
//! (pigeonhole), so each band is a table searched at that small radius instead of comparing all
//! pairs. The band count is chosen from the number of hashes and the distance by a cost model.

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
}

impl Band {
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

/// The band count whose estimated cost (tables, probes, candidates) is lowest.
fn band_count(n: usize, max_distance: u32) -> u32 {
    let n = n.max(1) as f64;
    (1..=16u32)
        .filter(|m| 64 / m <= MAX_BAND_BITS)
        .map(|m| {
            let bits = 64 / m;
            let radius = max_distance / m;
            let probes: f64 = (0..=radius.min(bits)).map(|k| binomial(bits, k)).sum();
            let table = 2f64.powi(bits as i32);
            let candidates = probes * n / table;
            // A probe is a random read of the offsets: cheap while they fit a cache, dear after.
            let probe_cost = if bits <= 16 { 4.0 } else { 20.0 };
            let cost = f64::from(m) * (table * 0.5 + n * (probes * probe_cost + candidates));
            (m, cost)
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(m, _)| m)
        .unwrap_or(4)
}

impl Index {
    /// Builds the tables for searches up to `max_distance` bits.
    pub fn build(hashes: Vec<u64>, max_distance: u32) -> Index {
        let m = band_count(hashes.len(), max_distance);
        let mut bands = Vec::with_capacity(m as usize);
        let mut shift = 0;
        for b in 0..m {
            let bits = 64 / m + u32::from(b < 64 % m);
            let mut band = Band {
                shift,
                bits,
                offsets: vec![0; (1usize << bits) + 1],
                ids: vec![0; hashes.len()],
                hashes: vec![0; hashes.len()],
            };
            for h in &hashes {
                let v = band.value(*h) as usize;
                band.offsets[v + 1] += 1;
            }
            for v in 1..band.offsets.len() {
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
            bands.push(band);
            shift += bits;
        }
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
                    if distance > self.max_distance {
                        continue;
                    }
                    // Reported by the first band it agrees on only.
                    let earlier = self.bands[..t]
                        .iter()
                        .any(|b| (b.value(other) ^ b.value(query)).count_ones() <= self.radius);
                    if !earlier {
                        found(j, distance);
                    }
                }
            }
        }
    }

    /// Every pair `(i, j, distance)`, `i < j`, within the index's distance (in parallel).
    pub fn pairs(&self) -> Vec<(u32, u32, u32)> {
        (0..self.hashes.len() as u32)
            .into_par_iter()
            .fold(Vec::new, |mut out, i| {
                self.near(self.hashes[i as usize], |j, d| {
                    if j > i {
                        out.push((i, j, d));
                    }
                });
                out
            })
            .reduce(Vec::new, |mut a, mut b| {
                a.append(&mut b);
                a
            })
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

    #[test]
    fn finds_exactly_the_pairs_a_full_comparison_finds() {
        let mut hashes = random(3000, 7);
        for i in 0..300 {
            let base = hashes[i];
            hashes.push(base ^ (1 << (i % 64)) ^ (1 << ((i * 7) % 64)) ^ (1 << ((i * 13) % 64)));
        }
        for d in [0, 3, 10, 14] {
            let index = Index::build(hashes.clone(), d);
            let mut got = index.pairs();
            got.sort_unstable();
            let mut want = Vec::new();
            for i in 0..hashes.len() {
                for j in i + 1..hashes.len() {
                    let dist = (hashes[i] ^ hashes[j]).count_ones();
                    if dist <= d {
                        want.push((i as u32, j as u32, dist));
                    }
                }
            }
            assert_eq!(got, want, "distance {d}");
        }
    }
}
