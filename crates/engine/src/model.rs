//! The plain data the engine hands out: photos, timeline pages and cursors, months, folders, reports.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::error::{Error, Result};
use crate::find::Query;
use crate::meta::Format;
use crate::organize::{Flag, Label, Marks};

pub type PhotoId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoState {
    Active,
    Removed,
}

/// Where a photo's capture time came from, best first. The first four are dates recorded with the
/// photo (it is *dated*); the last two are file-system times, used only when nothing else is known.
/// `as_str` is what the `taken_at_source` column and the CLI JSON hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateSource {
    /// EXIF DateTimeOriginal, else DateTimeDigitized (CreateDate).
    Exif,
    /// XMP exif:DateTimeOriginal, else xmp:CreateDate, else photoshop:DateCreated.
    Xmp,
    /// IPTC IIM DateCreated + TimeCreated (JPEG APP13).
    Iptc,
    /// A date written in the file name (`IMG_20190612_153012.jpg`, `Screenshot 2019-06-12 at ...`).
    FileName,
    /// The file's birth (creation) time, where the file system records it, in local time.
    Birth,
    /// The file's modification time, in local time.
    File,
}

impl DateSource {
    pub const ALL: [DateSource; 6] = [
        DateSource::Exif,
        DateSource::Xmp,
        DateSource::Iptc,
        DateSource::FileName,
        DateSource::Birth,
        DateSource::File,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Exif => "exif",
            DateSource::Xmp => "xmp",
            DateSource::Iptc => "iptc",
            DateSource::FileName => "filename",
            DateSource::Birth => "birth",
            DateSource::File => "file",
        }
    }

    /// The inverse of [`DateSource::as_str`].
    pub fn parse(text: &str) -> Option<DateSource> {
        DateSource::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether this is a date recorded with the photo, rather than a file-system time.
    pub fn is_dated(self) -> bool {
        !matches!(self, DateSource::Birth | DateSource::File)
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a photo was taken: the wall-clock time as recorded, its offset when known, and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub taken_at: NaiveDateTime,
    /// `+02:00`, when known.
    pub offset: Option<String>,
    pub source: DateSource,
}

/// How every front end writes a wall-clock time: `YYYY-MM-DDTHH:MM:SS`.
pub const WALL_CLOCK_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

impl Capture {
    /// `taken_at` as `YYYY-MM-DDTHH:MM:SS` ([`WALL_CLOCK_FORMAT`]).
    pub fn taken_at_text(&self) -> String {
        self.taken_at.format(WALL_CLOCK_FORMAT).to_string()
    }

    /// Whether the photo has a recorded date (see [`DateSource::is_dated`]); undated photos are
    /// listed after every dated one and are not counted in any month.
    pub fn is_dated(&self) -> bool {
        self.source.is_dated()
    }
}

/// The camera that took a photo.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Camera {
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
}

/// Exposure settings; absent or non-positive values are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Exposure {
    /// Millimetres.
    pub focal_length: Option<f64>,
    /// The f-number.
    pub aperture: Option<f64>,
    /// Seconds.
    pub exposure_time: Option<f64>,
    pub iso: Option<u32>,
}

/// One indexed photo: every stored field.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub id: PhotoId,
    pub root_id: i64,
    pub folder_id: i64,
    pub path: PathBuf,
    pub size: u64,
    pub mtime_ns: i64,
    pub format: Format,
    /// As displayed (EXIF orientation applied).
    pub width: u32,
    pub height: u32,
    pub orientation: u16,
    pub capture: Capture,
    pub camera: Camera,
    pub exposure: Exposure,
    pub gps_lat: Option<f64>,
    pub gps_lon: Option<f64>,
    /// BLAKE3 of the whole file, hex; `None` until the hash phase has seen it.
    pub content_hash: Option<String>,
    pub placeholder: Option<Vec<u8>>,
    pub color: Option<u32>,
    pub rev: i64,
    pub state: PhotoState,
    pub meta_warning: Option<String>,
    /// Favourite, rating, flag and colour label.
    pub marks: Marks,
}

impl Photo {
    /// The average colour as `#rrggbb`, once the thumbnail pipeline has seen the photo.
    pub fn color_hex(&self) -> Option<String> {
        self.color.map(|c| format!("#{c:06x}"))
    }
}

/// A keyset position in the timeline: strictly after (dated, taken_at, id) in the timeline's order,
/// which lists every dated photo newest first, then every undated one newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// Whether the position is in the dated part (`true`) or the undated group.
    pub dated: bool,
    pub taken_at: i64,
    pub id: PhotoId,
}

impl Cursor {
    /// Before everything: the first page.
    pub const START: Cursor = Cursor {
        dated: true,
        taken_at: i64::MAX,
        id: i64::MAX,
    };

    /// Before the first undated photo: the page after it starts the "Undated" group.
    pub const UNDATED: Cursor = Cursor {
        dated: false,
        taken_at: i64::MAX,
        id: i64::MAX,
    };

    /// The position just after `photo`: the next page starts with the photo listed after it.
    pub fn after(photo: &Photo) -> Cursor {
        Cursor {
            dated: photo.capture.is_dated(),
            taken_at: photo.capture.taken_at.and_utc().timestamp(),
            id: photo.id,
        }
    }

    /// The cursor at which `month` starts: its newest photo is the first one after it.
    pub fn month_start(month: Month) -> Cursor {
        let next = month.next();
        let first = chrono::NaiveDate::from_ymd_opt(next.year, next.month, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(i64::MAX);
        Cursor {
            dated: true,
            taken_at: first,
            id: 0,
        }
    }

    /// `<taken_at>_<id>` (dated) or `u<taken_at>_<id>` (undated), as [`Cursor`]'s `Display` writes it.
    pub fn parse(text: &str) -> Result<Cursor> {
        let bad = || Error::BadCursor(text.to_string());
        let (dated, rest) = match text.strip_prefix('u') {
            Some(rest) => (false, rest),
            None => (true, text),
        };
        let (taken_at, id) = rest.split_once('_').ok_or_else(bad)?;
        Ok(Cursor {
            dated,
            taken_at: taken_at.parse().map_err(|_| bad())?,
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = if self.dated { "" } else { "u" };
        write!(f, "{group}{}_{}", self.taken_at, self.id)
    }
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn parse(text: &str) -> Result<Month> {
        let bad = || Error::BadMonth(text.to_string());
        let (y, m) = text.split_once('-').ok_or_else(bad)?;
        let month = Month {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
        };
        if !(1..=12).contains(&month.month) || y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        Ok(month)
    }
    pub(crate) fn from_key(key: i64) -> Month {
        Month {
            year: (key / 100) as i32,
            month: (key % 100) as u32,
        }
    }
    pub(crate) fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What a front end passes as the month to start at the undated group.
pub const UNDATED: &str = "undated";

/// Which photos a view shows; every field narrows it, and fields combine. The default is the whole
/// library.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhotoFilter {
    /// A folder's whole subtree.
    pub folder: Option<i64>,
    /// One album (not an album folder).
    pub album: Option<i64>,
    /// A tag and every tag below it.
    pub tag: Option<i64>,
    /// At least this many stars (1..=5).
    pub rating_min: Option<u8>,
    /// Only favourites.
    pub favourite: bool,
    pub flag: Option<Flag>,
    pub label: Option<Label>,
    /// A parsed search query (the search box, a smart album's rule), ANDed with the fields above.
    pub query: Option<Arc<Query>>,
}

impl PhotoFilter {
    /// The photos matching `query` (parsed with [`Query::parse`]).
    pub fn query(query: Query) -> PhotoFilter {
        PhotoFilter {
            query: (!query.is_empty()).then(|| Arc::new(query)),
            ..PhotoFilter::default()
        }
    }

    /// The whole subtree of `folder`, or the library.
    pub fn folder(folder: Option<i64>) -> PhotoFilter {
        PhotoFilter {
            folder,
            ..PhotoFilter::default()
        }
    }
}

/// Which slice of the timeline to read, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineQuery {
    pub filter: PhotoFilter,
    pub after: Cursor,
    pub limit: u32,
}

impl TimelineQuery {
    /// The query for one page, from what a front end was given: an explicit `after` cursor continues
    /// paging (a month given with it is ignored: the cursor already says where the reader is); a
    /// month without a cursor starts at that month (`undated`: at the undated group, see
    /// [`UNDATED`]); neither starts at the newest photo.
    pub fn page(
        filter: PhotoFilter,
        after: Option<&str>,
        month: Option<&str>,
        limit: u32,
    ) -> Result<TimelineQuery> {
        let after = match (after, month) {
            (Some(cursor), _) => Cursor::parse(cursor)?,
            (None, Some(UNDATED)) => Cursor::UNDATED,
            (None, Some(month)) => Cursor::month_start(Month::parse(month)?),
            (None, None) => Cursor::START,
        };
        Ok(TimelineQuery {
            filter,
            after,
            limit,
        })
    }
}

impl Default for TimelineQuery {
    fn default() -> Self {
        TimelineQuery {
            filter: PhotoFilter::default(),
            after: Cursor::START,
            limit: 200,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub photos: Vec<Photo>,
    /// Where the next page starts, `None` at the end.
    pub next: Option<Cursor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCount {
    pub month: Month,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub id: i64,
    pub root_id: i64,
    pub parent_id: Option<i64>,
    pub path: PathBuf,
    /// Active photos directly in this folder.
    pub count: u64,
}

impl Folder {
    /// The root this folder belongs to, among `roots`.
    pub fn root<'a>(&self, roots: &'a [Root]) -> Option<&'a Root> {
        roots.iter().find(|r| r.id == self.root_id)
    }

    /// Whether this folder is itself a root (not a folder inside one).
    pub fn is_root(&self, roots: &[Root]) -> bool {
        self.root(roots).is_some_and(|r| r.path == self.path)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    pub id: i64,
    pub path: PathBuf,
    pub is_file: bool,
}

/// One file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub error: String,
}

/// What a scan found. Per-file failures are listed, never fatal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanReport {
    /// Candidate files found under the roots (by extension), including the failed ones.
    pub seen: u64,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub removed: u64,
    /// Photos whose file was renamed or moved (same bytes at a new path): same id, new path.
    pub moved: u64,
    /// Files that are not usable images: this scan's failures plus known ones whose file is unchanged.
    pub failed: u64,
    pub errors: Vec<FileError>,
    /// Files whose header was read in this scan (new or changed).
    pub opened: u64,
    /// Fields changed both in the library and in a sidecar edited elsewhere, settled by the
    /// library's conflict policy (`shoebox xmp conflicts` lists them).
    pub conflicts: u64,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HashReport {
    pub hashed: u64,
    pub failed: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub photos: u64,
    pub removed: u64,
    pub roots: u64,
    pub folders: u64,
    pub failed: u64,
    pub hashed: u64,
    pub photo_bytes: u64,
    pub library_bytes: u64,
    pub schema_version: i64,
}

/// What `gc` removed from the variant store and what it kept.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GcReport {
    pub removed: u64,
    pub removed_bytes: u64,
    pub kept: u64,
    pub kept_bytes: u64,
    pub elapsed_ms: u64,
}

/// The thumbnail side of `stats`: the store on disk, failures, and the service's metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThumbStats {
    pub variants: u64,
    pub store_bytes: u64,
    /// Active photos whose thumbnails failed (for their current file).
    pub failed: u64,
    /// Active photos with a placeholder.
    pub placeholders: u64,
    pub metrics: crate::metrics::MetricsSnapshot,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_refuses_garbage() {
        let c = Cursor {
            dated: true,
            taken_at: 1_700_000_000,
            id: 42,
        };
        assert_eq!(Cursor::parse(&c.to_string()).unwrap(), c);
        let u = Cursor { dated: false, ..c };
        assert_eq!(u.to_string(), "u1700000000_42");
        assert_eq!(Cursor::parse(&u.to_string()).unwrap(), u);
        assert_eq!(
            Cursor::parse("-5_3").unwrap(),
            Cursor {
                dated: true,
                taken_at: -5,
                id: 3
            }
        );
        for bad in [
            "", "12", "12_", "_3", "a_3", "1_b", "1_2_3", "1 _2", "u", "uu1_2", "d1_2",
        ] {
            assert!(Cursor::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn month_parses_yyyy_mm_only() {
        assert_eq!(
            Month::parse("2024-02").unwrap(),
            Month {
                year: 2024,
                month: 2
            }
        );
        assert_eq!(Month::parse("1999-12").unwrap().to_string(), "1999-12");
        for bad in [
            "2024-13", "2024-00", "2024-2", "24-02", "2024", "2024/02", "abcd-02", "",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn month_start_is_the_first_second_of_the_next_month() {
        let at = |y, m| Cursor::month_start(Month { year: y, month: m });
        let secs = |y, m| {
            chrono::NaiveDate::from_ymd_opt(y, m, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        };
        assert_eq!(
            at(2024, 2),
            Cursor {
                dated: true,
                taken_at: secs(2024, 3),
                id: 0
            }
        );
        assert_eq!(
            at(2023, 12),
            Cursor {
                dated: true,
                taken_at: secs(2024, 1),
                id: 0
            },
            "December rolls over"
        );
        assert_eq!(
            Month::from_key(202_311),
            Month {
                year: 2023,
                month: 11
            }
        );
    }

    #[test]
    fn an_explicit_cursor_continues_paging_even_with_a_month() {
        let q = TimelineQuery::page(
            PhotoFilter::folder(Some(7)),
            Some("100_5"),
            Some("2024-02"),
            50,
        )
        .unwrap();
        assert_eq!(
            q,
            TimelineQuery {
                filter: PhotoFilter::folder(Some(7)),
                after: Cursor {
                    dated: true,
                    taken_at: 100,
                    id: 5
                },
                limit: 50
            }
        );
        let month = Month::parse("2024-02").unwrap();
        let q = TimelineQuery::page(PhotoFilter::default(), None, Some("2024-02"), 10).unwrap();
        assert_eq!(
            q.after,
            Cursor::month_start(month),
            "a month alone starts there"
        );
        let q = TimelineQuery::page(PhotoFilter::default(), None, None, 10).unwrap();
        assert_eq!(q.after, Cursor::START);
        let q = TimelineQuery::page(PhotoFilter::default(), None, Some(UNDATED), 10).unwrap();
        assert_eq!(
            q.after,
            Cursor::UNDATED,
            "`undated` starts at the undated group"
        );
        assert!(TimelineQuery::page(PhotoFilter::default(), Some("x"), None, 10).is_err());
        assert!(TimelineQuery::page(PhotoFilter::default(), None, Some("2024-13"), 10).is_err());
    }
}
