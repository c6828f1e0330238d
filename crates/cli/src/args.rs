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
    /// Back the library up to an S3-compatible bucket: content-addressed originals, a manifest,
    /// multipart for large files, resumable and verified. Credentials come from AWS_ACCESS_KEY_ID /
    /// AWS_SECRET_ACCESS_KEY or the AWS profile files, never from the command line.
    Sync(SyncArgs),
    /// Remove stored variants no photo needs.
    Gc,
    /// Every file the scan could not index and every photo whose thumbnails could not be made.
    Failures,
    /// The folders and files added to the library.
    Roots,
    /// Take a root out of the library: its photos leave every view; its files are not touched.
    RemoveRoot(RemoveRootArgs),
    /// Measure a capability on generated data.
    #[command(subcommand)]
    Bench(Bench),
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
    /// Only photos directly in this folder.
    #[arg(long, value_name = "PATH")]
    pub folder: Option<PathBuf>,
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
