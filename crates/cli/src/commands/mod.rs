//! Dispatch: open the library named by the global options and run one subcommand.

mod bench;
mod browse;
mod scan;
mod sync;
mod thumbs;
pub(crate) mod watch;

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use shoebox_engine::{Library, LibraryOptions};

use crate::args::{Bench, Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    let library_path = cli
        .library
        .unwrap_or_else(shoebox_engine::defaults::library_path);
    let options = LibraryOptions {
        cache_dir: cli.cache_dir,
        ..LibraryOptions::default()
    };
    let command = match cli.command {
        Command::Bench {
            which: Bench::Scroll { screen, json },
        } => return bench::scroll(&open(&library_path, options)?, screen, json),
        Command::Bench { which } => return bench::run(which),
        command => command,
    };
    let library = open(&library_path, options)?;
    match command {
        Command::Scan {
            paths,
            no_hash,
            json,
        } => scan::run(&library, &paths, !no_hash, json),
        Command::Photos {
            limit,
            after,
            month,
            folder,
            json,
        } => browse::photos(
            &library,
            limit,
            after.as_deref(),
            month.as_deref(),
            folder.as_deref(),
            json,
        ),
        Command::Show { photo, json } => browse::show(&library, &photo, json),
        Command::Months { folder, json } => browse::months(&library, folder.as_deref(), json),
        Command::Folders { json } => browse::folders(&library, json),
        Command::Stats { json } => browse::stats(&library, json),
        Command::Thumbs { only, json } => thumbs::make(&library, only, json),
        Command::Thumb { id, size, output } => thumbs::one(&library, id, size, &output),
        Command::Gc { json } => thumbs::gc(&library, json),
        Command::Sync {
            to,
            endpoint,
            region,
            dry_run,
            include_variants,
            prune,
            parallel,
            multipart_mib,
            part_mib,
            limit_mib_per_sec,
            json,
        } => {
            let target = shoebox_engine::sync::RemoteTarget::parse(
                &to,
                endpoint.as_deref(),
                region.as_deref(),
            )?;
            let mut options = shoebox_engine::sync::SyncOptions::new(target);
            options.dry_run = dry_run;
            options.include_variants = include_variants;
            options.prune = prune;
            options.parallel = parallel.into();
            options.multipart_threshold = multipart_mib << 20;
            options.part_size = part_mib << 20;
            options.max_bytes_per_sec = limit_mib_per_sec.map(|m| (m * 1_048_576.0) as u64);
            sync::run(&library, &options, json)
        }
        Command::Watch {
            paths,
            debounce_ms,
            poll,
            poll_secs,
            json,
        } => watch::run(
            &library,
            &paths,
            watch::options(debounce_ms, poll, poll_secs),
            json,
        ),
        Command::Bench { .. } => unreachable!("handled above"),
    }
}

fn open(path: &Path, options: LibraryOptions) -> Result<Library> {
    Library::open_with(path, options)
        .with_context(|| format!("cannot open library {}", path.display()))
}

pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
