//! Which photos belong together: exact duplicates (the same content hash), copies (perceptual
//! hashes close, aspect ratios and colours agreeing) and similar photos (a burst: same camera or
//! folder, taken within a few seconds, a looser distance). Every pair becomes an edge ranked by its
//! kind then its distance; complete linkage turns the edges into groups.

use std::collections::{HashMap, HashSet};

use super::index::Index;
use super::linkage::{cluster, Cluster};
use super::phash::Fingerprint;
use crate::model::PhotoId;

/// What ties a group together, from the strictest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    /// Byte-identical files.
    Exact,
    /// The same picture re-saved, resized, converted or lightly edited.
    Copy,
    /// Photos of one moment (a burst): similar, never called duplicates.
    Similar,
}

impl GroupKind {
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Exact => "exact",
            GroupKind::Copy => "copy",
            GroupKind::Similar => "similar",
        }
    }

    pub fn parse(text: &str) -> crate::Result<GroupKind> {
        [GroupKind::Exact, GroupKind::Copy, GroupKind::Similar]
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                crate::Error::InvalidInput(format!(
                    "unknown kind {text:?} (expected exact, copy or similar)"
                ))
            })
    }

    fn rank(self, distance: u32) -> u32 {
        (self as u32) * 256 + distance
    }

    fn of_rank(rank: u32) -> GroupKind {
        match rank / 256 {
            0 => GroupKind::Exact,
            1 => GroupKind::Copy,
            _ => GroupKind::Similar,
        }
    }
}

/// The thresholds of a grouping pass (measured on the benchmark: see README, Benchmarks).
#[derive(Debug, Clone)]
pub struct Thresholds {
    /// Most differing bits between two copies' hashes.
    pub copy_distance: u32,
    /// Most differing bits between two photos of a burst.
    pub similar_distance: u32,
    /// Most `|ln(aspect a / aspect b)|` between two copies or burst photos.
    pub aspect_tolerance: f32,
    /// Most band chromaticity difference (×255) between two copies.
    pub colour_tolerance: u8,
    /// Below this mean saturation (×255) a photo counts as black and white: its colours agree with
    /// any (a grey copy of a colour photo is still a copy).
    pub grey_saturation: u8,
    /// Most seconds between two photos of a burst.
    pub burst_seconds: i64,
    /// Most photos in a group.
    pub max_group: usize,
    /// Whether a mirror image counts as a copy.
    pub mirrored: bool,
    /// Whether a centred crop or a frame (up to about a tenth) counts as a copy: one photo's centre
    /// hash against the other's hash.
    pub cropped: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            copy_distance: 6,
            similar_distance: 22,
            aspect_tolerance: 0.05,
            colour_tolerance: 16,
            grey_saturation: 10,
            burst_seconds: 3,
            max_group: 64,
            mirrored: true,
            cropped: true,
        }
    }
}

/// One photo as grouping sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: PhotoId,
    pub content: Option<[u8; 32]>,
    pub print: Option<Fingerprint>,
    /// Wall-clock seconds, when the photo has a recorded date.
    pub taken_at: Option<i64>,
    /// Make and model, when known.
    pub camera: Option<String>,
    pub folder_id: i64,
}

/// A group: indexes into the candidates, and its kind (the loosest tie among its pairs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: GroupKind,
    pub members: Vec<u32>,
}

impl Thresholds {
    /// Whether the aspect ratios and colours of two prints agree.
    pub fn agree(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        self.aspect_agrees(a, b) && self.colour_agrees(a, b)
    }

    fn aspect_agrees(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        (a.aspect / b.aspect).ln().abs() <= self.aspect_tolerance
    }

    fn colour_agrees(&self, a: &Fingerprint, b: &Fingerprint) -> bool {
        let grey = a.colour.saturation() < self.grey_saturation
            || b.colour.saturation() < self.grey_saturation;
        grey || a.colour.distance(&b.colour) <= self.colour_tolerance
    }

    /// The distance of two prints as copies (the mirror image too, when allowed), if they are.
    /// Symmetric: a mirror hash is thresholded against its own median, so `mirror(a) ~ b` and
    /// `a ~ mirror(b)` can differ by a bit or two, and either finds the pair.
    pub fn copy_distance(&self, a: &Fingerprint, b: &Fingerprint) -> Option<u32> {
        let mut distance = (a.phash ^ b.phash).count_ones();
        if self.mirrored {
            distance = distance
                .min((a.mirror ^ b.phash).count_ones())
                .min((a.phash ^ b.mirror).count_ones());
        }
        if self.cropped {
            distance = distance
                .min((a.centre ^ b.phash).count_ones())
                .min((a.phash ^ b.centre).count_ones());
        }
        (distance <= self.copy_distance && self.agree(a, b)).then_some(distance)
    }
}

/// Every group among `candidates`, never putting a pair of `apart` together.
pub fn groups(
    candidates: &[Candidate],
    thresholds: &Thresholds,
    apart: &HashSet<(PhotoId, PhotoId)>,
) -> Vec<Found> {
    let mut edges = exact_edges(candidates, thresholds.max_group);
    edges.extend(copy_edges(candidates, thresholds));
    edges.extend(similar_edges(candidates, thresholds));
    edges.retain(|(a, b, _)| {
        let (x, y) = (candidates[*a as usize].id, candidates[*b as usize].id);
        !apart.contains(&(x.min(y), x.max(y)))
    });
    cluster(candidates.len(), edges, thresholds.max_group)
        .into_iter()
        .map(|Cluster { members, worst }| Found {
            kind: GroupKind::of_rank(worst),
            members,
        })
        .collect()
}

/// Photos with the same content hash, all pairs (in chunks of the group cap).
fn exact_edges(candidates: &[Candidate], cap: usize) -> Vec<(u32, u32, u32)> {
    let mut by_content: HashMap<[u8; 32], Vec<u32>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if let Some(hash) = c.content {
            by_content.entry(hash).or_default().push(i as u32);
        }
    }
    let mut edges = Vec::new();
    for same in by_content.values().filter(|v| v.len() > 1) {
        for chunk in same.chunks(cap.max(2)) {
            for (i, a) in chunk.iter().enumerate() {
                for b in &chunk[i + 1..] {
                    edges.push((*a, *b, GroupKind::Exact.rank(0)));
                }
            }
        }
    }
    edges
}

/// Pairs whose prints are copies, found by a band join of the hashes with themselves (a mirror
/// image by a second join, of the mirror hashes with the hashes; a crop or a frame by a third, of
/// the centre hashes with the hashes).
fn copy_edges(candidates: &[Candidate], t: &Thresholds) -> Vec<(u32, u32, u32)> {
    let printed: Vec<u32> = (0..candidates.len() as u32)
        .filter(|i| candidates[*i as usize].print.is_some())
        .collect();
    let print = |i: u32| {
        candidates[printed[i as usize] as usize]
            .print
            .unwrap_or_else(|| unreachable!())
    };
    let index = Index::for_join(
        printed
            .iter()
            .map(|i| print_of(candidates, *i).phash)
            .collect(),
        t.copy_distance,
    );
    let mut pairs = index.pairs();
    let second_hashes = [
        (
            t.mirrored,
            (|p: Fingerprint| p.mirror) as fn(Fingerprint) -> u64,
        ),
        (t.cropped, |p: Fingerprint| p.centre),
    ];
    for (wanted, hash_of) in second_hashes {
        if !wanted {
            continue;
        }
        let queries: Vec<u64> = (0..printed.len() as u32)
            .map(|i| hash_of(print(i)))
            .collect();
        pairs.extend(
            index
                .pairs_with(&queries)
                .into_iter()
                .filter(|(i, j, _)| i != j)
                .map(|(i, j, d)| (i.min(j), i.max(j), d)),
        );
    }
    pairs
        .into_iter()
        .filter_map(|(i, j, _)| {
            let (a, b) = (printed[i as usize], printed[j as usize]);
            let (ca, cb) = (&candidates[a as usize], &candidates[b as usize]);
            if ca.content.is_some() && ca.content == cb.content {
                return None; // an exact pair
            }
            let d = t.copy_distance(&print(i), &print(j))?;
            Some((a, b, GroupKind::Copy.rank(d)))
        })
        .collect()
}

fn print_of(candidates: &[Candidate], i: u32) -> Fingerprint {
    candidates[i as usize]
        .print
        .unwrap_or_else(|| unreachable!("only printed candidates are indexed"))
}

/// How many following photos of the same camera or folder a photo is compared with.
const BURST_LOOKAHEAD: usize = 64;

/// Dated photos of one camera or one folder taken within the burst window, close enough.
fn similar_edges(candidates: &[Candidate], t: &Thresholds) -> Vec<(u32, u32, u32)> {
    let mut edges = Vec::new();
    let dated: Vec<u32> = (0..candidates.len() as u32)
        .filter(|i| {
            let c = &candidates[*i as usize];
            c.taken_at.is_some() && c.print.is_some()
        })
        .collect();
    for by_camera in [true, false] {
        let key = |c: &Candidate| -> Option<u64> {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            if by_camera {
                c.camera.as_ref()?.hash(&mut h);
            } else {
                c.folder_id.hash(&mut h);
            }
            Some(h.finish())
        };
        let mut order: Vec<(u64, i64, u32)> = dated
            .iter()
            .filter_map(|i| {
                let c = &candidates[*i as usize];
                Some((key(c)?, c.taken_at?, *i))
            })
            .collect();
        order.sort_unstable();
        for (n, (k, at, i)) in order.iter().enumerate() {
            for (k2, at2, j) in order[n + 1..].iter().take(BURST_LOOKAHEAD) {
                if k2 != k || at2 - at > t.burst_seconds {
                    break;
                }
                let (a, b) = (print_of(candidates, *i), print_of(candidates, *j));
                let d = (a.phash ^ b.phash).count_ones();
                if d <= t.similar_distance && t.aspect_agrees(&a, &b) {
                    edges.push((*i, *j, GroupKind::Similar.rank(d)));
                }
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cleanup::phash::Colour;

    fn next(x: &mut u64) -> u64 {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        *x
    }

    /// `base` with `k` bits flipped (some may coincide: a distance of `k` or less).
    fn near(base: u64, k: u32, x: &mut u64) -> u64 {
        (0..k).fold(base, |h, _| h ^ (1 << (next(x) % 64)))
    }

    /// Photos in clusters of copies (some byte-identical, some without a print, some whose mirror
    /// hash is near another photo's hash, colours and aspects that sometimes disagree), and
    /// unrelated photos.
    fn candidates() -> Vec<Candidate> {
        let mut x = 0x2545_f491_4f6c_dd1d;
        let mut out = Vec::new();
        let mut base = 0;
        for i in 0..1200u32 {
            let phash = if i % 10 < 6 {
                if i % 10 == 0 {
                    base = next(&mut x);
                }
                near(base, i % 13, &mut x)
            } else {
                next(&mut x)
            };
            let previous = out
                .last()
                .and_then(|c: &Candidate| c.print)
                .map_or(base, |p| p.phash);
            let mirror = match i % 4 {
                0 => near(previous, i % 12, &mut x),
                1 => near(phash, 3, &mut x),
                _ => next(&mut x),
            };
            let centre = match i % 5 {
                0 => near(previous, i % 11, &mut x),
                _ => next(&mut x),
            };
            let shade = if i % 17 == 0 { 120 } else { 85 };
            out.push(Candidate {
                id: i64::from(i) + 1,
                content: (i % 50 < 2).then_some([(i / 50) as u8; 32]),
                print: (i % 31 != 5).then_some(Fingerprint {
                    phash,
                    mirror,
                    centre,
                    aspect: if i % 23 == 0 { 1.0 } else { 1.5 },
                    colour: Colour([shade, 85, 85, 85, 85, 85, (i % 20) as u8, 0]),
                }),
                taken_at: None,
                camera: None,
                folder_id: 0,
            });
        }
        out
    }

    /// The copy edges a comparison of every pair finds.
    fn every_pair(candidates: &[Candidate], t: &Thresholds) -> Vec<(u32, u32, u32)> {
        let mut edges = Vec::new();
        for a in 0..candidates.len() {
            for b in a + 1..candidates.len() {
                let (ca, cb) = (&candidates[a], &candidates[b]);
                let (Some(pa), Some(pb)) = (ca.print, cb.print) else {
                    continue;
                };
                if ca.content.is_some() && ca.content == cb.content {
                    continue;
                }
                if let Some(d) = t.copy_distance(&pa, &pb) {
                    edges.push((a as u32, b as u32, GroupKind::Copy.rank(d)));
                }
            }
        }
        edges
    }

    #[test]
    fn a_mirror_image_is_a_copy_whichever_photo_comes_first() {
        let print = |phash, mirror| Fingerprint {
            phash,
            mirror,
            centre: phash,
            aspect: 1.5,
            colour: Colour([85, 85, 85, 85, 85, 85, 40, 0]),
        };
        // Only the second photo's mirror hash is near the first photo's hash.
        let a = print(0x0123_4567_89ab_cdef, 0xffff_0000_ffff_0000);
        let b = print(0x5a5a_5a5a_5a5a_5a5a, 0x0123_4567_89ab_cdee);
        let t = Thresholds::default();
        assert_eq!(t.copy_distance(&a, &b), Some(1));
        assert_eq!(t.copy_distance(&b, &a), Some(1));
        let unmirrored = Thresholds {
            mirrored: false,
            cropped: false,
            ..Thresholds::default()
        };
        assert_eq!(unmirrored.copy_distance(&a, &b), None);
        let candidates: Vec<Candidate> = [a, b]
            .into_iter()
            .enumerate()
            .map(|(i, p)| Candidate {
                id: i as i64 + 1,
                content: None,
                print: Some(p),
                taken_at: None,
                camera: None,
                folder_id: 0,
            })
            .collect();
        assert_eq!(copy_edges(&candidates, &t).len(), 1);
    }

    #[test]
    fn copy_edges_are_those_of_a_comparison_of_every_pair() {
        let candidates = candidates();
        for (mirrored, cropped) in [(true, true), (true, false), (false, true), (false, false)] {
            for copy_distance in [4, 10, 12] {
                let t = Thresholds {
                    copy_distance,
                    mirrored,
                    cropped,
                    ..Thresholds::default()
                };
                let mut got = copy_edges(&candidates, &t);
                got.sort_unstable();
                got.dedup();
                let want = every_pair(&candidates, &t);
                assert!(want.len() > 100, "{} edges", want.len());
                assert_eq!(
                    got, want,
                    "distance {copy_distance}, mirrored {mirrored}, cropped {cropped}"
                );
                // And the groups are those of every pair's edges (with a pair kept apart).
                let (a, b) = (want[0].0 as usize, want[0].1 as usize);
                let apart = HashSet::from([(candidates[a].id, candidates[b].id)]);
                let mut edges = exact_edges(&candidates, t.max_group);
                edges.extend(want.iter().filter(|e| (e.0, e.1) != (a as u32, b as u32)));
                let want_groups: Vec<Found> = cluster(candidates.len(), edges, t.max_group)
                    .into_iter()
                    .map(|c| Found {
                        kind: GroupKind::of_rank(c.worst),
                        members: c.members,
                    })
                    .collect();
                assert_eq!(groups(&candidates, &t, &apart), want_groups);
            }
        }
    }
}
