//! Dispatch: open the library named by the global options and run one subcommand.

mod bench;
mod browse;
mod scan;

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use shoebox_engine::Library;

use crate::args::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    if let Command::Bench { which } = cli.command {
        return bench::run(which);
    }
    let library_path = cli
        .library
        .unwrap_or_else(shoebox_engine::defaults::library_path);
    let library = open(&library_path)?;
    match cli.command {
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
        Command::Bench { .. } => unreachable!("handled above"),
    }
}

fn open(path: &Path) -> Result<Library> {
    Library::open(path).with_context(|| format!("cannot open library {}", path.display()))
}

pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
