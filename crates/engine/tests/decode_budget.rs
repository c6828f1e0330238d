//! What thumbnail decodes hold at once, measured, not assumed: a counting global allocator records
//! the most heap in use while the pool works (the decoders here are all Rust, so every buffer is
//! counted). With a decode budget the heap never grows past it, however wide the pool; without one
//! it does; and a PNG or TIFF far larger than its thumbnails is never held at full size. The tests
//! in this file take turns (the counters are process-wide).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;

use common::{make, write};
use shoebox_engine::{LibraryOptions, ThumbOptions, Tier};

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, SeqCst) + bytes;
    PEAK.fetch_max(now, SeqCst);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            IN_USE.fetch_sub(layout.size(), SeqCst);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static SERIAL: Mutex<()> = Mutex::new(());

/// An indexed GIF of a `width` x `height` screen whose one frame starts at (`left`, `top`).
fn gif(width: u16, height: u16, left: u16, top: u16) -> Vec<u8> {
    let palette: Vec<u8> = (0..=255u8).flat_map(|i| [i, 255 - i, i / 2]).collect();
    let mut out = Vec::new();
    let mut encoder = gif::Encoder::new(&mut out, width, height, &palette).unwrap();
    let (w, h) = (width - left, height - top);
    let indices: Vec<u8> = (0..u32::from(w) * u32::from(h))
        .map(|i| ((i % u32::from(w)) / 16 + (i / u32::from(w)) / 16) as u8)
        .collect();
    let mut frame = gif::Frame::from_indexed_pixels(w, h, indices, None);
    (frame.left, frame.top) = (left, top);
    encoder.write_frame(&frame).unwrap();
    drop(encoder);
    out
}

/// 12 GIFs of a 2400 x 1800 screen whose frame does not fill it, which the `image` crate composes
/// at full size (an RGBA canvas and the frame: about 9 bytes a pixel); the same picture with a
/// different byte after its end, so each has its own hash.
fn large_gifs(dir: &Path) -> PathBuf {
    let photos = dir.join("gifs");
    std::fs::create_dir(&photos).unwrap();
    let gif = gif(2400, 1800, 1, 1);
    for i in 0..12u8 {
        let mut bytes = gif.clone();
        bytes.push(i);
        write(&photos, format!("large{i}.gif"), &bytes);
    }
    photos
}

/// The most heap in use above what was in use when it started, while the grid tier of `photos` is
/// made in a fresh library with decode budget `budget`; and the budget's own peak.
fn peak_while_thumbnailing(photos: &PathBuf, threads: usize, budget: u64) -> (usize, u64) {
    let (_dir, library) = common::temp_library_with(LibraryOptions {
        thumbs: ThumbOptions {
            threads,
            decode_budget_bytes: budget,
            ..ThumbOptions::default()
        },
        ..LibraryOptions::default()
    });
    let added = common::scan(&library, std::slice::from_ref(photos)).added;
    let base = IN_USE.load(SeqCst);
    PEAK.store(base, SeqCst);
    let report = make(&library, Tier::Grid);
    let peak = PEAK.load(SeqCst) - base;
    assert_eq!((report.generated, report.failed), (added, 0), "{report:?}");
    let metrics = library.thumbs().metrics();
    assert_eq!(metrics.decode_budget_bytes, budget);
    assert_eq!(metrics.decode_bytes_in_use, 0, "every permit returned");
    (peak, metrics.decode_bytes_peak)
}

/// What is allocated besides the decodes (rows, queue, store writes) is far below 1 MB.
const SLACK: usize = 1 << 20;

#[test]
fn decodes_in_flight_never_hold_more_than_the_budget() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let photos = large_gifs(dir.path());
    let decoded = 2400 * 1800 * 4;
    // A decode holds about 9 bytes a pixel: the budget has room for one, not for two.
    let budget = 60 << 20;

    let (bounded, held) = peak_while_thumbnailing(&photos, 4, budget);
    assert!(
        bounded <= budget as usize + SLACK,
        "{bounded} bytes of heap in use at once with a budget of {budget}"
    );
    assert!(
        bounded >= decoded,
        "a decode was measured ({bounded} bytes)"
    );
    assert!(
        (decoded as u64..=budget).contains(&held),
        "one decode's estimate at a time: {held}"
    );

    // The reference: no budget, four threads decoding at once.
    let (unbounded, held) = peak_while_thumbnailing(&photos, 4, 0);
    assert!(
        unbounded > budget as usize + SLACK,
        "several decodes at once without a budget: {unbounded} bytes"
    );
    assert!(held > budget, "{held}");
}

/// A 24 MP PNG, TIFF and GIF wanted at 512 px are reduced as their rows arrive: the heap never
/// holds their full-size pixels (72 MB of RGB each; the GIF's palette indices, a third of that, are
/// read whole), and what they hold is within what the budget was told.
#[test]
fn large_png_tiff_and_gif_are_reduced_as_they_decode() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let photos = dir.path().join("large");
    std::fs::create_dir(&photos).unwrap();
    let image = image::RgbImage::from_fn(6000, 4000, |x, y| {
        image::Rgb([(x / 24) as u8, (y / 16) as u8, ((x + y) / 40) as u8])
    });
    for format in [image::ImageFormat::Png, image::ImageFormat::Tiff] {
        let mut bytes = std::io::Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).unwrap();
        let name = format!("large.{}", format.extensions_str()[0]);
        write(&photos, name, bytes.get_ref());
    }
    drop(image);
    write(&photos, "large.gif", &gif(6000, 4000, 0, 0));
    let full = 6000 * 4000 * 3;
    let (peak, held) =
        peak_while_thumbnailing(&photos, 1, ThumbOptions::default().decode_budget_bytes);
    assert!(
        peak < full / 2,
        "{peak} bytes of heap for a {full}-byte image"
    );
    assert!(
        peak <= held as usize + SLACK,
        "{peak} bytes held, {held} estimated"
    );
}
