//! Dispatch: open the library named by the global options and run one subcommand.

mod bench;
mod browse;
mod scan;
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
