//! `shoebox bench duplicates`: copies made at benchmark time from a corpus of real photos (resized,
//! re-saved, converted, cropped, brightened, greyed, bordered, mirrored), each thumbnailed by the
//! real pipeline and fingerprinted from its 256 px WebP; precision and recall per transform, false
//! pairs and false groups per 100,000 unrelated pairs over a threshold sweep; and the speed of the
//! hash, of a full pass over 500,000 synthetic fingerprints and of checking one new photo.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use image::{imageops, DynamicImage, ImageFormat, RgbImage};
use rayon::prelude::*;

use crate::cleanup::group::{self, Candidate, Thresholds};
use crate::cleanup::index::Index;
use crate::cleanup::phash::{self, Colour, Fingerprint};
use crate::error::{Error, Result};
use crate::thumbs::{render, Original, Request};

/// The transforms, by name.
pub const TRANSFORMS: [&str; 15] = [
    "resize-50",
    "resize-25",
    "jpeg-q90",
    "jpeg-q60",
    "jpeg-q30",
    "webp",
    "png",
    "crop-5",
    "crop-10",
    "bright+15",
    "bright-15",
    "grey",
    "border-2",
    "mirror",
    "orientation-set",
];

pub struct DuplicatesBenchOptions {
    /// The corpus folder (with `MANIFEST.tsv` and `ORIENTATION_GROUND_TRUTH.tsv`).
    pub corpus: PathBuf,
    /// Synthetic fingerprints for the full pass.
    pub synthetic: usize,
}

/// Recall and precision of one transform at the library's thresholds.
#[derive(Debug, Clone)]
pub struct TransformScore {
    pub name: &'static str,
    pub positives: u64,
    pub recall: f64,
    pub precision: f64,
}

/// One point of the threshold sweep.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    pub distance: u32,
    pub colour: u8,
    pub recall: f64,
    pub false_per_100k: f64,
}

#[derive(Debug, Clone)]
pub struct DuplicatesBenchReport {
    pub originals: usize,
    pub images: usize,
    pub negatives: u64,
    /// The library's thresholds, which the transform table and the groups are measured at.
    pub chosen_distance: u32,
    pub chosen_colour: u8,
    /// The sweep's point of highest recall with at most 1 false pair per 100,000: (distance,
    /// colour tolerance, recall).
    pub best: Option<(u32, u8, f64)>,
    pub transforms: Vec<TransformScore>,
    /// The same at the same thresholds without the centre hashes (crops and frames not sought).
    pub transforms_without_centre: Vec<TransformScore>,
    pub false_pairs_per_100k: f64,
    pub false_pairs_without_centre_per_100k: f64,
    /// False pairs at the library's thresholds, closest first (at most 20): the two images, and
    /// their distance.
    pub false_pair_examples: Vec<(String, String, u32)>,
    pub false_groups_per_100k: f64,
    pub groups: usize,
    pub sweep: Vec<SweepPoint>,
    pub hash_ms_mean: f64,
    pub hash_ms_p99: f64,
    pub synthetic: usize,
    pub full_pass_s: f64,
    pub one_check_ms_mean: f64,
    pub one_check_ms_p99: f64,
}

/// One fingerprinted image: which original it shows (its truth) and how it was made.
struct Item {
    /// The original's path in the corpus.
    name: String,
    truth: usize,
    transform: Option<usize>,
    print: Fingerprint,
}

fn bench_err(e: impl std::fmt::Display) -> Error {
    Error::Bench(e.to_string())
}

/// The 256 px WebP the pipeline stores for `bytes`, fingerprinted; and the fingerprint's cost.
fn fingerprint(bytes: Vec<u8>, orientation: u16) -> Option<(Fingerprint, f64)> {
    let format = crate::meta::sniff(&bytes[..bytes.len().min(64)], "");
    let request = Request {
        format,
        orientation,
        sizes: &[256],
        placeholder: false,
        quality: 80,
        method: 0,
        max_pixels: 200_000_000,
    };
    let rendered = render(Original::Bytes(bytes), &request).ok()?;
    let webp = &rendered.variants.first()?.1;
    let started = Instant::now();
    let print = phash::of_webp(webp)?;
    Some((print, started.elapsed().as_secs_f64() * 1e3))
}

fn encode(image: &DynamicImage, format: ImageFormat, quality: u8) -> Option<Vec<u8>> {
    let rgb = image.to_rgb8();
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
            rgb.write_with_encoder(encoder).ok()?;
        }
        ImageFormat::WebP => {
            let encoder = webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height());
            out = encoder.encode(f32::from(quality)).to_vec();
        }
        _ => {
            rgb.write_to(&mut std::io::Cursor::new(&mut out), format)
                .ok()?;
        }
    }
    Some(out)
}

fn scaled(image: &DynamicImage, f: f32) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let (w, h) = (
        ((w as f32 * f) as u32).max(1),
        ((h as f32 * f) as u32).max(1),
    );
    image.resize_exact(w, h, imageops::FilterType::Triangle)
}

fn cropped(image: &DynamicImage, fraction: f32) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let (dx, dy) = (
        (w as f32 * fraction / 2.0) as u32,
        (h as f32 * fraction / 2.0) as u32,
    );
    image.crop_imm(dx, dy, w - 2 * dx, h - 2 * dy)
}

fn brightened(image: &DynamicImage, factor: f32) -> DynamicImage {
    let mut rgb = image.to_rgb8();
    for p in rgb.pixels_mut() {
        for c in p.0.iter_mut() {
            *c = (f32::from(*c) * factor).round().clamp(0.0, 255.0) as u8;
        }
    }
    DynamicImage::ImageRgb8(rgb)
}

fn bordered(image: &DynamicImage, fraction: f32) -> DynamicImage {
    let (w, h) = (image.width(), image.height());
    let b = ((w.max(h) as f32 * fraction) as u32).max(1);
    let mut out = RgbImage::from_pixel(w + 2 * b, h + 2 * b, image::Rgb([255, 255, 255]));
    imageops::overlay(&mut out, &image.to_rgb8(), i64::from(b), i64::from(b));
    DynamicImage::ImageRgb8(out)
}

/// The derivative `t` (an index in [`TRANSFORMS`]) of the upright `image`, encoded.
fn derive(image: &DynamicImage, t: usize) -> Option<Vec<u8>> {
    match TRANSFORMS[t] {
        "resize-50" => encode(&scaled(image, 0.5), ImageFormat::Jpeg, 90),
        "resize-25" => encode(&scaled(image, 0.25), ImageFormat::Jpeg, 90),
        "jpeg-q90" => encode(image, ImageFormat::Jpeg, 90),
        "jpeg-q60" => encode(image, ImageFormat::Jpeg, 60),
        "jpeg-q30" => encode(image, ImageFormat::Jpeg, 30),
        "webp" => encode(image, ImageFormat::WebP, 80),
        "png" => encode(image, ImageFormat::Png, 0),
        "crop-5" => encode(&cropped(image, 0.05), ImageFormat::Jpeg, 90),
        "crop-10" => encode(&cropped(image, 0.10), ImageFormat::Jpeg, 90),
        "bright+15" => encode(&brightened(image, 1.15), ImageFormat::Jpeg, 90),
        "bright-15" => encode(&brightened(image, 0.85), ImageFormat::Jpeg, 90),
        "grey" => encode(
            &DynamicImage::ImageLuma8(image.to_luma8()),
            ImageFormat::Jpeg,
            90,
        ),
        "border-2" => encode(&bordered(image, 0.02), ImageFormat::Jpeg, 90),
        "mirror" => encode(&image.fliph(), ImageFormat::Jpeg, 90),
        _ => None,
    }
}

fn oriented(mut image: DynamicImage, orientation: u16) -> DynamicImage {
    if let Some(o) = image::metadata::Orientation::from_exif(orientation.min(255) as u8) {
        image.apply_orientation(o);
    }
    image
}

/// Originals smaller than this (short side) are unrelated photos only: their 25 % copy would be
/// a few pixels.
const MIN_SOURCE_SIDE: u32 = 128;

/// Two originals show the same picture (the corpus holds one test image under many names) when
/// their 16×16 reductions differ by under 3 % on average and their aspect ratios agree.
fn same_picture(a: &(Vec<u8>, f32), b: &(Vec<u8>, f32)) -> bool {
    let diff: u64 =
        a.0.iter()
            .zip(&b.0)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum();
    (a.1 / b.1).ln().abs() < 0.05 && diff * 100 < 3 * 255 * a.0.len() as u64
}

/// `(relative path, EXIF orientation)` of the corpus photos `image` can decode.
fn manifest(corpus: &Path) -> Result<Vec<(String, u16)>> {
    let text = std::fs::read_to_string(corpus.join("MANIFEST.tsv")).map_err(bench_err)?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let format = cols.get(4)?;
            let decodable = ["JPEG", "PNG", "TIFF", "WEBP", "GIF"].contains(format);
            let orientation = cols.get(7).and_then(|o| o.parse().ok()).unwrap_or(1);
            decodable.then(|| (cols[0].to_string(), orientation))
        })
        .collect())
}

/// One original's content hash, its orientation set if any, and its prints: (transform, print,
/// cost in ms).
type Made = (
    String,
    String,
    Option<String>,
    Vec<(Option<usize>, Fingerprint, f64)>,
    (Vec<u8>, f32),
);

/// Every image fingerprinted: the originals (same-photo sets share a truth) and their
/// derivatives; the fingerprint costs in ms.
fn corpus_items(corpus: &Path) -> Result<(Vec<Item>, usize, Vec<f64>)> {
    let photos = manifest(corpus)?;
    // The orientation test sets: one photo eight times (and once with an invalid tag), in two
    // projects' spellings (`Landscape_3.jpg`, `orientation/portrait_6.jpg`).
    let set_of = |path: &str| {
        [
            "exif-orientation-examples/",
            "exif-samples/jpg/orientation/",
        ]
        .iter()
        .find_map(|folder| {
            let name = path.strip_prefix(folder)?;
            Some(format!(
                "{folder}{}",
                name.split('_').next()?.to_lowercase()
            ))
        })
    };
    let made: Vec<Made> = photos
        .par_iter()
        .filter_map(|(path, orientation)| {
            let bytes = std::fs::read(corpus.join(path)).ok()?;
            let upright = oriented(image::load_from_memory(&bytes).ok()?, *orientation);
            if upright.width().min(upright.height()) < 32 {
                return None;
            }
            let hash = blake3::hash(&bytes).to_hex().to_string();
            let mut prints = vec![];
            let (print, cost) = fingerprint(bytes, *orientation)?;
            prints.push((None, print, cost));
            let reduced = (
                upright
                    .resize_exact(16, 16, imageops::FilterType::Triangle)
                    .to_rgb8()
                    .into_raw(),
                upright.width() as f32 / upright.height() as f32,
            );
            if set_of(path).is_none() && upright.width().min(upright.height()) >= MIN_SOURCE_SIDE {
                for t in 0..TRANSFORMS.len() - 1 {
                    if let Some((print, cost)) = derive(&upright, t).and_then(|b| fingerprint(b, 1))
                    {
                        prints.push((Some(t), print, cost));
                    }
                }
            }
            Some((path.clone(), hash, set_of(path), prints, reduced))
        })
        .collect();
    // Byte-identical originals, an orientation set, or the same picture under two names: one photo.
    let mut truth_of: Vec<usize> = (0..made.len()).collect();
    for i in 0..made.len() {
        for j in 0..i {
            let same_set = made[i].2.is_some() && made[i].2 == made[j].2;
            if same_set || made[i].1 == made[j].1 || same_picture(&made[i].4, &made[j].4) {
                truth_of[i] = truth_of[j];
                break;
            }
        }
    }
    let mut truths: Vec<usize> = truth_of.clone();
    truths.sort_unstable();
    truths.dedup();
    let mut items = Vec::new();
    let mut costs = Vec::new();
    for (n, (name, _, set, prints, _)) in made.into_iter().enumerate() {
        let truth = truth_of[n];
        for (transform, print, cost) in prints {
            let transform = transform.or_else(|| set.is_some().then_some(TRANSFORMS.len() - 1));
            items.push(Item {
                name: name.clone(),
                truth,
                transform,
                print,
            });
            costs.push(cost);
        }
    }
    Ok((items, truths.len(), costs))
}

/// `(a, b)` positive when both show the same photo; tagged with the transform that made the pair.
fn pair_transform(a: &Item, b: &Item) -> Option<usize> {
    let last = TRANSFORMS.len() - 1;
    match (a.transform, b.transform) {
        (None, Some(t)) | (Some(t), None) => Some(t),
        (Some(t), Some(u)) if t == last && u == last => Some(last),
        _ => None,
    }
}

pub fn duplicates(options: &DuplicatesBenchOptions) -> Result<DuplicatesBenchReport> {
    let (items, originals, mut costs) = corpus_items(&options.corpus)?;
    if items.is_empty() {
        return Err(Error::Bench("no decodable photos in the corpus".into()));
    }
    // Close pairs only (beyond 24 bits nothing in the sweep matches): (i, j, positive transform).
    let n = items.len();
    let mut negatives = 0u64;
    let mut positives = vec![0u64; TRANSFORMS.len()];
    let mut close: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&items[i], &items[j]);
            let same = a.truth == b.truth;
            let t = if same { pair_transform(a, b) } else { None };
            if !same {
                negatives += 1;
            } else if let Some(t) = t {
                positives[t] += 1;
            } else {
                continue; // two derivatives of one photo: neither counted
            }
            let d = (a.print.phash ^ b.print.phash)
                .count_ones()
                .min((a.print.mirror ^ b.print.phash).count_ones())
                .min((a.print.phash ^ b.print.mirror).count_ones());
            if d <= 24 {
                close.push((i, j, t.filter(|_| same)));
            }
        }
    }
    let score = |t: &Thresholds| {
        let mut tp = vec![0u64; TRANSFORMS.len()];
        let mut fp = vec![0u64; TRANSFORMS.len()];
        let mut false_pairs = Vec::new();
        for (i, j, positive) in &close {
            let (a, b) = (&items[*i], &items[*j]);
            let Some(distance) = t.copy_distance(&a.print, &b.print) else {
                continue;
            };
            match positive {
                Some(tr) => tp[*tr] += 1,
                None if a.truth == b.truth => {}
                None => {
                    false_pairs.push((*i, *j, distance));
                    for tr in [a.transform, b.transform].into_iter().flatten() {
                        fp[tr] += 1;
                    }
                }
            }
        }
        (tp, fp, false_pairs)
    };
    let table = |tp: &[u64], fp: &[u64]| -> Vec<TransformScore> {
        (0..TRANSFORMS.len())
            .map(|t| TransformScore {
                name: TRANSFORMS[t],
                positives: positives[t],
                recall: tp[t] as f64 / positives[t].max(1) as f64,
                precision: if tp[t] + fp[t] == 0 {
                    1.0
                } else {
                    tp[t] as f64 / (tp[t] + fp[t]) as f64
                },
            })
            .collect()
    };
    let per_100k = |count: u64| count as f64 * 100_000.0 / negatives.max(1) as f64;
    let mut sweep = Vec::new();
    let mut best: Option<(u32, u8, f64)> = None;
    for colour in [8u8, 12, 16, 24, 255] {
        for distance in 4..=20 {
            let t = Thresholds {
                copy_distance: distance,
                colour_tolerance: colour,
                ..Thresholds::default()
            };
            let (tp, _, false_pairs) = score(&t);
            let recall =
                tp.iter().sum::<u64>() as f64 / positives.iter().sum::<u64>().max(1) as f64;
            let fpr = per_100k(false_pairs.len() as u64);
            sweep.push(SweepPoint {
                distance,
                colour,
                recall,
                false_per_100k: fpr,
            });
            if fpr <= 1.0 && best.is_none_or(|b| recall > b.2) {
                best = Some((distance, colour, recall));
            }
        }
    }
    let chosen = Thresholds::default();
    let (distance, colour) = (chosen.copy_distance, chosen.colour_tolerance);
    let (tp, fp, mut false_pairs) = score(&chosen);
    let transforms = table(&tp, &fp);
    let without_centre = Thresholds {
        cropped: false,
        ..chosen.clone()
    };
    let (tp_plain, fp_plain, false_plain) = score(&without_centre);
    false_pairs.sort_by_key(|p| p.2);
    let false_pair_examples = false_pairs
        .iter()
        .take(20)
        .map(|(i, j, d)| {
            let label = |item: &Item| match item.transform {
                Some(t) => format!("{} ({})", item.name, TRANSFORMS[t]),
                None => item.name.clone(),
            };
            (label(&items[*i]), label(&items[*j]), *d)
        })
        .collect();
    // Groups as the library makes them.
    let candidates: Vec<Candidate> = items
        .iter()
        .enumerate()
        .map(|(i, item)| Candidate {
            id: i as i64,
            content: None,
            print: Some(item.print),
            taken_at: None,
            camera: None,
            folder_id: 0,
        })
        .collect();
    let found = group::groups(&candidates, &chosen, &HashSet::new());
    let false_groups = found
        .iter()
        .filter(|g| {
            g.members
                .iter()
                .any(|m| items[*m as usize].truth != items[g.members[0] as usize].truth)
        })
        .count() as u64;
    costs.sort_by(f64::total_cmp);
    let (full_pass_s, one) = synthetic_speed(options.synthetic, &chosen);
    Ok(DuplicatesBenchReport {
        originals,
        images: n,
        negatives,
        chosen_distance: distance,
        chosen_colour: colour,
        best,
        transforms,
        transforms_without_centre: table(&tp_plain, &fp_plain),
        false_pairs_per_100k: per_100k(false_pairs.len() as u64),
        false_pairs_without_centre_per_100k: per_100k(false_plain.len() as u64),
        false_pair_examples,
        false_groups_per_100k: per_100k(false_groups),
        groups: found.len(),
        sweep,
        hash_ms_mean: costs.iter().sum::<f64>() / costs.len().max(1) as f64,
        hash_ms_p99: costs[(costs.len() * 99 / 100).min(costs.len() - 1)],
        synthetic: options.synthetic,
        full_pass_s,
        one_check_ms_mean: one.0,
        one_check_ms_p99: one.1,
    })
}

/// A full grouping pass over `n` synthetic fingerprints (a tenth of them in planted copy groups),
/// and the check of one new photo against an index of them: (seconds, (mean ms, p99 ms)).
fn synthetic_speed(n: usize, t: &Thresholds) -> (f64, (f64, f64)) {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut candidates = Vec::with_capacity(n);
    let mut base = 0u64;
    for i in 0..n {
        let phash = if i % 40 < 4 {
            if i % 40 == 0 {
                base = next();
            }
            base ^ (1 << (next() % 64)) ^ (1 << (next() % 64))
        } else {
            next()
        };
        candidates.push(Candidate {
            id: i as i64,
            content: None,
            print: Some(Fingerprint {
                phash,
                mirror: next(),
                centre: next(),
                aspect: 1.5,
                colour: Colour([85, 85, 85, 85, 85, 85, 40, 0]),
            }),
            taken_at: Some(i as i64 * 10),
            camera: Some("synthetic".into()),
            folder_id: (i / 1000) as i64,
        });
    }
    let started = Instant::now();
    let found = group::groups(&candidates, t, &HashSet::new());
    let full = started.elapsed().as_secs_f64();
    assert!(!found.is_empty(), "planted groups are found");
    let indexed = |hash_of: fn(&Fingerprint) -> u64| {
        Index::build(
            candidates
                .iter()
                .filter_map(|c| c.print.as_ref().map(hash_of))
                .collect(),
            t.copy_distance,
        )
    };
    // A new photo's hash, mirror hash and centre hash against the others' hashes, and its hash
    // against their centre hashes (it may be a crop of one of them).
    let (hashes, centres) = (indexed(|p| p.phash), indexed(|p| p.centre));
    let mut times: Vec<f64> = (0..1000)
        .map(|_| {
            let (phash, mirror, centre) = (next(), next(), next());
            let started = Instant::now();
            let mut hits = 0;
            for query in [phash, mirror, centre] {
                hashes.near(query, |_, _| hits += 1);
            }
            centres.near(phash, |_, _| hits += 1);
            std::hint::black_box(hits);
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    (full, (mean, times[989]))
}
