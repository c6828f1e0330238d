//! Dispatch: open the library named by the global options and run one subcommand.

mod albums;
mod bench;
mod browse;
mod cleanup;
mod export;
mod failures;
mod organize;
mod remote;
mod restore;
mod roots;
mod scan;
pub(crate) mod search;
mod settings;
mod sync;
mod tags;
mod thumbs;
pub(crate) mod watch;
mod xmp;

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use shoebox_engine::{Library, LibraryOptions, ThumbOptions};

use crate::args::{Bench, Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    let library_path = cli
        .library
        .unwrap_or_else(shoebox_engine::defaults::library_path);
    let mut thumbs = ThumbOptions::default();
    if let Some(mb) = cli.decode_budget_mb {
        thumbs.decode_budget_bytes = mb.saturating_mul(1 << 20);
    }
    let options = LibraryOptions {
        cache_dir: cli.cache_dir,
        thumbs,
        ..LibraryOptions::default()
    };
    let json = cli.json;
    let command = match cli.command {
        Command::Bench(Bench::Scroll(a)) => {
            return bench::scroll(&open(&library_path, options)?, a.screen, json)
        }
        Command::Bench(which) => return bench::run(which, json),
        Command::Restore(a) => return restore::run(&library_path, options, a, json),
        command => command,
    };
    let library = open(&library_path, options)?;
    // A command that changed marks, tags or text (an organize step, an undo, a duplicate merge,
    // a put-back) moved the organize revision: its sidecars are written, as the app's poller does.
    let revision = || library.organize().history_state().map(|h| h.rev);
    let before = revision()?;
    let result = dispatch(&library, command, json);
    if result.is_ok() && revision()? != before {
        xmp::after_organize(&library)?;
    }
    result
}

fn dispatch(library: &Library, command: Command, json: bool) -> Result<()> {
    match command {
        Command::Scan(a) => scan::run(library, &a.paths, !a.no_hash, json),
        Command::Photos(a) => browse::photos(library, &a, json),
        Command::Show(a) => browse::show(library, &a.photo, json),
        Command::Months(a) => browse::months(library, a.folder.as_deref(), json),
        Command::Folders => browse::folders(library, json),
        Command::Stats => browse::stats(library, json),
        Command::Thumbs(a) => thumbs::make(library, a.only, json),
        Command::Thumb(a) => thumbs::one(library, a.id, a.size, &a.output),
        Command::Gc => thumbs::gc(library, json),
        Command::Sync(a) if a.check => remote::check(library, &sync::options(a)?, json),
        Command::Sync(a) => sync::run(library, &sync::options(a)?, json),
        Command::Failures => failures::run(library, json),
        Command::Roots => roots::list(library, json),
        Command::RemoveRoot(a) => roots::remove(library, a.path.as_deref(), a.id, json),
        Command::Watch(a) => watch::run(
            library,
            &a.paths,
            watch::options(a.debounce_ms, a.poll, a.poll_secs),
            json,
        ),
        Command::Mark(a) => organize::mark(library, &a, json),
        Command::Caption(a) => organize::caption(library, &a, json),
        Command::Album(a) => albums::run(library, &a, json),
        Command::Tag(a) => tags::run(library, &a, json),
        Command::Search(a) => search::search(library, &a, json),
        Command::Facets(a) => search::facets(library, &a.query, json),
        Command::Places(a) => search::places(library, &a.query, json),
        Command::Export(a) => export::run(library, &a, json),
        Command::Duplicates(a) => cleanup::duplicates(library, &a, json),
        Command::Trash(a) => cleanup::trash(library, &a, json),
        Command::Undo => organize::undo(library, false, json),
        Command::Redo => organize::undo(library, true, json),
        Command::Xmp(a) => xmp::run(library, &a, json),
        Command::Settings(a) => settings::run(library, &a, json),
        Command::Bench(_) | Command::Restore(_) => unreachable!("handled above"),
    }
}

pub(crate) fn open(path: &Path, options: LibraryOptions) -> Result<Library> {
    Library::open_with(path, options)
        .with_context(|| format!("cannot open library {}", path.display()))
}

pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}
