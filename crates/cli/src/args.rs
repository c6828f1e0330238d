//! The command line: global options and one subcommand per capability (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "shoebox", version, about = "Fast, local-first photo library")]
pub struct Cli {
    /// The library file [env: SHOEBOX_LIBRARY; default: <data dir>/shoebox/library.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub library: Option<PathBuf>,
    /// Where thumbnails and variants are kept [env: SHOEBOX_CACHE_DIR; default: <cache dir>/shoebox]
    #[arg(long, global = true, value_name = "PATH")]
    pub cache_dir: Option<PathBuf>,
    /// Memory for thumbnail decodes in MB, 0: unbounded [env: SHOEBOX_DECODE_BUDGET_MB; default: 192]
    #[arg(
        long,
        global = true,
        value_name = "MB",
        env = "SHOEBOX_DECODE_BUDGET_MB",
        hide_env = true
    )]
    pub decode_budget_mb: Option<u64>,
    /// Print JSON (one object; `watch`: one per line) instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add PATHs (folders or files) as roots and scan them; with none, rescan every root.
    Scan(ScanArgs),
    /// The timeline, newest first, paged by keyset.
    Photos(PhotosArgs),
    /// Every stored field of one photo, by id or path.
    Show(ShowArgs),
    /// Photo counts per month, newest first.
    Months(MonthsArgs),
    /// Folders with their photo counts.
    Folders,
    /// Library counts and sizes.
    Stats,
    /// Make every missing thumbnail and variant (grid tier for all photos first).
    Thumbs(ThumbsArgs),
    /// Write one photo as WebP at a long edge.
    Thumb(ThumbArgs),
    /// Keep the library in step with its folders until Ctrl-C: a catch-up rescan, then a rescan of
    /// each folder that changes. With PATHs, adds them as roots and watches only them.
    Watch(WatchArgs),
    /// Back the library up to an S3-compatible bucket: content-addressed originals, a snapshot of the
    /// library's data, multipart for large files, resumable and verified. Credentials come from
    /// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile files, never from the command line.
    Sync(SyncArgs),
    /// Bring a backup back: every original into DIR (laid out as under each root), verified, then
    /// this library (--library) with its albums, marks and tags. Resumable; never overwrites a file.
    Restore(RestoreArgs),
    /// Remove stored variants no photo needs.
    Gc,
    /// Every file the scan could not index and every photo whose thumbnails could not be made.
    Failures,
    /// The folders and files added to the library.
    Roots,
    /// Take a root out of the library: its photos leave every view; its files are not touched.
    RemoveRoot(RemoveRootArgs),
    /// Set marks on photos: rating, pick/reject flag, colour label, favourite (one undo step).
    Mark(MarkArgs),
    /// Set or clear photos' title and description (one undo step; `--title ""` clears it).
    Caption(CaptionArgs),
    /// Albums and album folders: create, add, remove, move, order, cover, rename, delete, list.
    #[command(subcommand)]
    Album(AlbumCommand),
    /// Tags (a tree, `Places/France/Paris`): add, remove, rename (moves or merges), delete, list.
    #[command(subcommand)]
    Tag(TagCommand),
    /// Photos matching a query (`camera:fuji iso:>=3200 year:2019 -tag:work`; see the README's
    /// "Find"), newest first, paged by keyset, with the total.
    Search(SearchArgs),
    /// Facet counts (years, cameras, lenses, ISO, …) under a query, each facet without its own
    /// terms; every value carries the query token that selects it.
    Facets(QueryArg),
    /// Photos per place (country, region, city) under a query.
    Places(QueryArg),
    /// Groups of the same photo twice: exact duplicates, copies (re-saved, resized, converted,
    /// lightly edited) and similar photos (bursts, never called duplicates), each with the photo
    /// suggested to keep and why. Fingerprints missing photos from their thumbnails first.
    Duplicates(DuplicatesArgs),
    /// Move photos (with their XMP sidecars) to the system trash, never deleting anything;
    /// `trash list` shows what Shoebox trashed, `trash put-back` brings photos back.
    Trash(TrashArgs),
    /// Undo the last organize step (marks, albums, tags), from this or any front end.
    Undo,
    /// Redo the step undone last.
    Redo,
    /// Export photos (IDs, or an album, a query or a folder) to a folder: the originals, or upright
    /// sRGB copies at a size and quality (presets web, email, custom), named by a template. Never
    /// overwrites a file: a taken name gets a suffix, ` (2)`.
    Export(ExportArgs),
    /// XMP sidecars: write Shoebox's marks, tags, title and description to them, what is
    /// pending (and why a write failed), the conflicts settled with sidecars edited elsewhere.
    #[command(subcommand)]
    Xmp(XmpCommand),
    /// The library's settings: `xmp.sidecars` (off, write), `xmp.conflicts` (newest, sidecar,
    /// library).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Measure a capability on generated data.
    #[command(subcommand)]
    Bench(Bench),
}

#[derive(Debug, Subcommand)]
pub enum XmpCommand {
    /// Write the sidecars of photos changed in the library since their files last agreed (with
    /// --all: of every photo with marks, tags, a title, a description or a sidecar). Runs
    /// whatever `xmp.sidecars` says: it is the explicit command.
    Write {
        #[arg(long)]
        all: bool,
    },
    /// The settings, how many photos are pending, and why writes failed.
    Status,
    /// Fields changed both in the library and in a sidecar, and which value was kept.
    Conflicts {
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting with its value (or default) and what it may be.
    List,
    /// One setting's value.
    Get { key: String },
    /// Set a setting (checked against what it may be).
    Set { key: String, value: String },
}

/// Photo ids, or `-` to read them (whitespace-separated) from standard input.
#[derive(Debug, Args)]
pub struct PhotoIds {
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Exact,
    Copy,
    Similar,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Only groups of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Resolve every group listed: merge albums, tags and marks into the suggested photo, then
    /// move the others to the system trash (similar groups only with `--kind similar`).
    #[arg(long, conflicts_with = "not")]
    pub resolve: bool,
    /// Remember that these photos are not duplicates of each other (never grouped again).
    #[arg(long, value_name = "ID", num_args = 2..)]
    pub not: Vec<i64>,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct TrashArgs {
    #[command(subcommand)]
    pub action: Option<TrashCommand>,
    /// Photos to move to the system trash (or `-` to read ids from standard input).
    #[arg(value_name = "ID", required = true, num_args = 1..)]
    pub ids: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// What Shoebox moved to the system trash and has not put back ("Recently deleted").
    List,
    /// Move photos back from the trash and re-attach their marks, tags and albums.
    PutBack(PhotoIds),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlagArg {
    Pick,
    Reject,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelArg {
    Red,
    Yellow,
    Green,
    Blue,
    Purple,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    Manual,
    Date,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    #[command(flatten)]
    pub photos: PhotoIds,
    /// Stars, 0 (none) to 5.
    #[arg(long)]
    pub rating: Option<u8>,
    #[arg(long, value_enum)]
    pub flag: Option<FlagArg>,
    #[arg(long, value_enum)]
    pub label: Option<LabelArg>,
    #[arg(long, conflicts_with = "no_favourite")]
    pub favourite: bool,
    #[arg(long)]
    pub no_favourite: bool,
}

#[derive(Debug, Args)]
pub struct CaptionArgs {
    #[command(flatten)]
    pub photos: PhotoIds,
    /// One line; an empty value clears it.
    #[arg(long)]
    pub title: Option<String>,
    /// Any length up to 20,000 characters, line breaks kept; an empty value clears it.
    #[arg(long)]
    pub description: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AlbumCommand {
    /// Create an album (or with --folder an album folder), at the top or in folder --in.
    Create {
        name: String,
        #[arg(long = "in", value_name = "FOLDER_ID")]
        parent: Option<i64>,
        #[arg(long, conflicts_with = "smart")]
        folder: bool,
        /// A smart album: the photos this query finds, live.
        #[arg(long, value_name = "QUERY")]
        smart: Option<String>,
    },
    /// Change a smart album's query.
    Query {
        album: i64,
        query: String,
    },
    /// Add photos at the end of an album.
    Add {
        album: i64,
        #[command(flatten)]
        photos: PhotoIds,
    },
    /// Take photos out of an album (the photos stay in the library).
    Remove {
        album: i64,
        #[command(flatten)]
        photos: PhotoIds,
    },
    /// Move an album or folder into an album folder, or to the top.
    Move {
        album: i64,
        #[arg(long = "in", value_name = "FOLDER_ID", required_unless_present = "top")]
        parent: Option<i64>,
        #[arg(long, conflicts_with = "parent")]
        top: bool,
    },
    /// Move a photo in the album's manual order.
    Order {
        album: i64,
        photo: i64,
        #[arg(long, value_name = "ID", group = "place")]
        before: Option<i64>,
        #[arg(long, value_name = "ID", group = "place")]
        after: Option<i64>,
        #[arg(long, group = "place")]
        first: bool,
        #[arg(long, group = "place")]
        last: bool,
    },
    /// Make a photo of the album its cover (`--clear`: back to the first photo).
    Cover {
        album: i64,
        #[arg(required_unless_present = "clear")]
        photo: Option<i64>,
        #[arg(long, conflicts_with = "photo")]
        clear: bool,
    },
    /// How the album lists its photos by default.
    Sort {
        album: i64,
        #[arg(value_enum)]
        order: OrderArg,
    },
    Rename {
        album: i64,
        name: String,
    },
    /// Delete an album, or a folder with everything in it (never a photo or a file).
    Delete {
        album: i64,
    },
    /// Every album and folder with its count, date span and cover.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Tag photos (the tag and its parents are created when new).
    Add {
        tag: String,
        #[command(flatten)]
        photos: PhotoIds,
    },
    /// Take a tag, and the tags below it, off photos.
    Remove {
        tag: String,
        #[command(flatten)]
        photos: PhotoIds,
    },
    /// Rename or move a tag; onto an existing tag it merges.
    Rename { old: String, new: String },
    /// Delete a tag and the tags below it (photos keep everything else).
    Delete { tag: String },
    /// The tag tree with counts (a tag counts the photos below it too).
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Only {
    Grid,
    All,
}

#[derive(Debug, Subcommand)]
pub enum Bench {
    /// Write a generated photo folder (deterministic small JPEGs with EXIF) for tests and benchmarks.
    Generate(BenchGenerateArgs),
    /// Scroll through the whole timeline twice through the thumbnail serving path (this library).
    Scroll(BenchScrollArgs),
    /// Watching a generated library: change-to-visible latency, idle CPU and memory.
    Watch(BenchWatchArgs),
    /// Backup throughput against moto on loopback (or --endpoint): single PUT vs multipart.
    Sync(BenchSyncArgs),
    /// First scan, rescan and timeline paging on generated libraries.
    Index(BenchIndexArgs),
    /// Organizing at scale: bulk marks/tags/album adds, the album list, a big album's pages and moves.
    Organize(BenchOrganizeArgs),
    /// Finding at scale on rows with a realistic EXIF spread: single-facet and combined pages,
    /// facet counts, smart albums in the album list, the find indexes' write cost.
    Find(BenchFindArgs),
    /// The library's data in the bucket at scale: snapshot vs manifest, an incremental sync after
    /// one change, and a restore of the data alone (synthetic rows, moto on loopback).
    LibraryData(BenchLibraryDataArgs),
    /// Clean up: copies made from a corpus (resized, re-saved, converted, cropped, colour edits,
    /// mirrored), precision and recall per transform, false groups, a threshold sweep, and the
    /// speed of the hash, of a full pass over synthetic fingerprints and of one new photo's check.
    Duplicates(BenchDuplicatesArgs),
    /// XMP and IPTC: a first scan of generated photos plain, with embedded XMP and IPTC, and with
    /// a sidecar each (alternating runs, medians compared); the sidecars of a bulk action written.
    Xmp(BenchXmpArgs),
}

#[derive(Debug, Args)]
pub struct BenchXmpArgs {
    #[arg(long, default_value_t = 20_000)]
    pub photos: usize,
    /// Photos of the bulk action whose sidecars are written.
    #[arg(long, default_value_t = 10_000)]
    pub writes: usize,
    /// First scans of each set.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Keep the generated sets here (reused on the next run).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchDuplicatesArgs {
    /// The corpus folder (MANIFEST.tsv, ORIENTATION_GROUND_TRUTH.tsv).
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// Synthetic fingerprints for the full pass.
    #[arg(long, default_value_t = 500_000)]
    pub synthetic: usize,
}

#[derive(Debug, Args)]
pub struct BenchFindArgs {
    /// Synthetic photo rows in the library.
    #[arg(long, default_value_t = 500_000)]
    pub photos: usize,
    /// Rows written with and without the find indexes, for their cost.
    #[arg(long, default_value_t = 100_000)]
    pub write_rows: usize,
    /// Smart albums in the measured album list.
    #[arg(long, default_value_t = 50)]
    pub smart_albums: usize,
}

#[derive(Debug, Args)]
pub struct BenchLibraryDataArgs {
    /// Synthetic photo rows in the library.
    #[arg(long, default_value_t = 500_000)]
    pub photos: usize,
}

#[derive(Debug, Args)]
pub struct BenchOrganizeArgs {
    /// Synthetic photo rows in the library.
    #[arg(long, default_value_t = 500_000)]
    pub photos: usize,
    /// Albums (in folders of 20), 20 photos each.
    #[arg(long, default_value_t = 2_000)]
    pub albums: usize,
    /// Photos in the big album that is paged and reordered.
    #[arg(long, default_value_t = 100_000)]
    pub big_album: usize,
    /// Photos selected for each bulk action.
    #[arg(long, default_value_t = 10_000)]
    pub selection: usize,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    pub paths: Vec<PathBuf>,
    /// Skip the content-hash phase (it runs on the next scan instead).
    #[arg(long)]
    pub no_hash: bool,
}

#[derive(Debug, Args)]
pub struct PhotosArgs {
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Continue after this cursor (the `next` of a previous page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
    /// Start at the newest photo of this month (YYYY-MM), or at the undated photos (`undated`).
    #[arg(long, value_name = "YYYY-MM|undated", conflicts_with = "after")]
    pub month: Option<String>,
    /// Only photos in this folder and the folders below it.
    #[arg(long, value_name = "PATH")]
    pub folder: Option<PathBuf>,
    /// Only photos in this album.
    #[arg(long, value_name = "ID")]
    pub album: Option<i64>,
    /// Only photos with this tag or a tag below it.
    #[arg(long, value_name = "PATH")]
    pub tag: Option<String>,
    /// Only photos with at least this many stars.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=5))]
    pub rating_min: Option<u8>,
    /// Only favourites.
    #[arg(long)]
    pub favourite: bool,
    #[arg(long, value_enum)]
    pub flag: Option<FlagArg>,
    #[arg(long, value_enum)]
    pub label: Option<LabelArg>,
    /// In an album: its manual order or date order [default: the album's own].
    #[arg(long, value_enum, requires = "album")]
    pub order: Option<OrderArg>,
    /// Only photos matching this query (the `search` language).
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// The file as it is, plus its XMP sidecar.
    Original,
    /// Long edge 2048, progressive JPEG q85.
    Web,
    /// Long edge 1024, JPEG q75.
    Email,
    /// Full size unless --long-edge; JPEG q90 unless --format / --quality.
    Custom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    #[value(alias = "jpg")]
    Jpeg,
    Webp,
    Png,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StripArg {
    /// GPS coordinates and place names.
    Gps,
    /// All metadata (the colour profile stays).
    All,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("selection").required(true).args(["ids", "album", "query", "folder"])))]
pub struct ExportArgs {
    /// Photo ids, or `-` to read them (whitespace-separated) from standard input.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Every photo of this album (its name is the template's {album}).
    #[arg(long, value_name = "ID")]
    pub album: Option<i64>,
    /// Every photo this query finds (the `search` language).
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// Every photo under this folder.
    #[arg(long, value_name = "PATH")]
    pub folder: Option<PathBuf>,
    /// The destination folder (created if missing; never inside a library root).
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    #[arg(long, value_enum, default_value_t = PresetArg::Web)]
    pub preset: PresetArg,
    /// Long edge in pixels (never upscaled).
    #[arg(long, value_name = "N")]
    pub long_edge: Option<u32>,
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// 1-100 (JPEG, WebP).
    #[arg(long, value_name = "Q", value_parser = clap::value_parser!(u8).range(1..=100))]
    pub quality: Option<u8>,
    /// Remove location (gps) or all metadata; by default EXIF, IPTC, marks and tags are kept.
    #[arg(long, value_enum)]
    pub strip: Option<StripArg>,
    /// File names: {name} (the original's), {date} or {date:%Y-%m-%d}, {album}, {seq}, text.
    #[arg(long, value_name = "TEMPLATE", default_value = "{name}")]
    pub name: String,
    /// Files rendered at once [default: one per core].
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (quote it for the shell: 'camera:"X-T3" iso:>=3200').
    pub query: String,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Continue after this cursor (the `next` of a previous page).
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
}

#[derive(Debug, Args)]
pub struct QueryArg {
    /// The query; none means the whole library.
    #[arg(default_value = "")]
    pub query: String,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[arg(value_name = "ID|PATH")]
    pub photo: String,
}

#[derive(Debug, Args)]
pub struct MonthsArgs {
    #[arg(long, value_name = "PATH")]
    pub folder: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ThumbsArgs {
    /// Which tiers: the grid thumbnails only, or also the responsive variants.
    #[arg(long, value_enum, default_value_t = Only::All)]
    pub only: Only,
}

#[derive(Debug, Args)]
pub struct ThumbArgs {
    pub id: i64,
    /// Long edge in pixels (never upscaled past the original).
    #[arg(long, default_value_t = 256)]
    pub size: u32,
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    pub paths: Vec<PathBuf>,
    /// Quiet time after the last change before a batch is applied, in milliseconds.
    #[arg(long, default_value_t = 400)]
    pub debounce_ms: u64,
    /// Poll the folders instead of native notifications.
    #[arg(long)]
    pub poll: bool,
    /// Seconds between polls (when polling).
    #[arg(long, default_value_t = 30)]
    pub poll_secs: u64,
}

#[derive(Debug, Args)]
pub struct RemoveRootArgs {
    /// The root as added (see `shoebox roots`); it need not exist on disk any more.
    #[arg(value_name = "PATH", required_unless_present = "id")]
    pub path: Option<PathBuf>,
    /// The root's id instead of its path.
    #[arg(long, conflicts_with = "path")]
    pub id: Option<i64>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only check the remote (reachable, bucket there, keys accepted) within seconds; upload nothing.
    #[arg(long)]
    pub check: bool,
    /// Destination, s3://BUCKET[/PREFIX].
    #[arg(long, value_name = "s3://BUCKET[/PREFIX]")]
    pub to: String,
    /// An S3-compatible server (MinIO, Ceph, moto...); requests then use path-style addressing.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL")]
    pub endpoint: Option<String>,
    /// Signing region [default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1].
    #[arg(long)]
    pub region: Option<String>,
    /// List what would be uploaded (and, with --prune, deleted); change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also upload the WebP variants already made.
    #[arg(long)]
    pub include_variants: bool,
    /// Delete remote originals and variants whose photos left the library.
    #[arg(long)]
    pub prune: bool,
    /// Requests in flight at once (objects and multipart parts).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
    /// Files of this many MiB or more go up in parts.
    #[arg(long, default_value_t = 25, value_name = "MIB", value_parser = clap::value_parser!(u64).range(5..=5120))]
    pub multipart_mib: u64,
    /// Part size in MiB (at least 5).
    #[arg(long, default_value_t = 8, value_name = "MIB", value_parser = clap::value_parser!(u64).range(5..=5120))]
    pub part_mib: u64,
    /// Upload bandwidth limit, in MiB per second.
    #[arg(long, value_name = "MIB_PER_SEC")]
    pub limit_mib_per_sec: Option<f64>,
    /// Snapshots of the library's data kept in the bucket (older ones are deleted).
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub keep_snapshots: u64,
    /// Also write PREFIX/manifest.json, a readable list of every photo and its keys (re-sent whole
    /// when any photo changes; restore reads the snapshot, not this).
    #[arg(long)]
    pub manifest: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup, s3://BUCKET[/PREFIX] (what `shoebox sync --to` was given).
    #[arg(long, value_name = "s3://BUCKET[/PREFIX]")]
    pub from: String,
    /// The restore folder: each backed-up root comes back as a folder of the same name in it.
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    /// An S3-compatible server (MinIO, Ceph, moto...); requests then use path-style addressing.
    #[arg(long, value_name = "URL", env = "AWS_ENDPOINT_URL")]
    pub endpoint: Option<String>,
    /// Signing region [default: AWS_REGION, AWS_DEFAULT_REGION, the profile's, us-east-1].
    #[arg(long)]
    pub region: Option<String>,
    /// Print what would be downloaded and how much; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Restore this snapshot (an id, or the start of one, from the bucket's list) instead of the newest.
    #[arg(long, value_name = "ID")]
    pub snapshot: Option<String>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub parallel: u16,
    /// Download bandwidth limit, in MiB per second.
    #[arg(long, value_name = "MIB_PER_SEC")]
    pub limit_mib_per_sec: Option<f64>,
}

#[derive(Debug, Args)]
pub struct BenchGenerateArgs {
    pub dir: PathBuf,
    #[arg(long, default_value_t = 20_000)]
    pub photos: usize,
    #[arg(long, default_value_t = 200)]
    pub per_folder: usize,
    /// Long edge of the generated pictures, in pixels.
    #[arg(long, default_value_t = 48)]
    pub long_edge: u32,
}

#[derive(Debug, Args)]
pub struct BenchScrollArgs {
    /// Photos on one screen.
    #[arg(long, default_value_t = 60)]
    pub screen: u32,
}

#[derive(Debug, Args)]
pub struct BenchWatchArgs {
    #[arg(long, default_value_t = 100_000)]
    pub photos: usize,
    #[arg(long, default_value_t = 20)]
    pub per_folder: usize,
    /// Keep the generated photos here (reused on the next run).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Photos added (then renamed) one at a time while watching.
    #[arg(long, default_value_t = 20)]
    pub changes: usize,
    /// Seconds of idle watching over which CPU time is measured.
    #[arg(long, default_value_t = 10)]
    pub idle_secs: u64,
    /// Poll instead of native notifications.
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct BenchSyncArgs {
    #[arg(long, default_value_t = 2)]
    pub large_files: usize,
    #[arg(long, default_value_t = 128)]
    pub large_mib: usize,
    #[arg(long, default_value_t = 500)]
    pub small_files: usize,
    #[arg(long, default_value_t = 256)]
    pub small_kib: usize,
    #[arg(long, default_value_t = 4)]
    pub parallel: usize,
    /// An existing S3-compatible server (its bucket must exist; credentials from the environment).
    #[arg(long)]
    pub endpoint: Option<String>,
    #[arg(long, default_value = "shoebox-bench")]
    pub bucket: String,
}

#[derive(Debug, Args)]
pub struct BenchIndexArgs {
    /// Photos to generate and scan.
    #[arg(long, default_value_t = 20_000)]
    pub photos: usize,
    /// Synthesized rows for the timeline-paging measurement.
    #[arg(long, default_value_t = 500_000)]
    pub timeline_rows: usize,
    /// Keep the generated photos here (reused on the next run).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}
