//! Read-only commands: `photos`, `show`, `months`, `folders`, `stats`.

use std::path::Path;

use anyhow::{anyhow, Result};
use shoebox_engine::{Library, TimelineQuery};

use super::print_json;
use crate::args::PhotosArgs;
use crate::json::{FolderJson, MonthsJson, PageJson, PhotoDetailJson, StatsJson};

fn folder_id(library: &Library, folder: Option<&Path>) -> Result<Option<i64>> {
    match folder {
        None => Ok(None),
        Some(path) => library
            .folder_id(path)?
            .map(Some)
            .ok_or_else(|| anyhow!("no folder {} in the library", path.display())),
    }
}

pub fn photos(library: &Library, args: &PhotosArgs, json: bool) -> Result<()> {
    let query = TimelineQuery::page(
        folder_id(library, args.folder.as_deref())?,
        args.after.as_deref(),
        args.month.as_deref(),
        args.limit,
    )?;
    let page = library.timeline(&query)?;
    if json {
        return print_json(&PageJson::from(&page));
    }
    let mut in_dated = query.after.dated;
    for p in &page.photos {
        if in_dated && !p.capture.is_dated() {
            println!("undated (no recorded date; by file time):");
        }
        in_dated = p.capture.is_dated();
        println!(
            "{:>8}  {}  {:>5}x{:<5}  {}",
            p.id,
            p.capture.taken_at_text(),
            p.width,
            p.height,
            p.path.display()
        );
    }
    if let Some(next) = &page.next {
        println!("next: {next}");
    }
    Ok(())
}

pub fn show(library: &Library, photo: &str, json: bool) -> Result<()> {
    let photo = match photo.parse::<i64>() {
        Ok(id) => library.photo(id)?,
        Err(_) => library.photo_by_path(Path::new(photo))?,
    };
    let view = PhotoDetailJson::from(&photo);
    if json {
        return print_json(&view);
    }
    let value = serde_json::to_value(&view)?;
    if let Some(fields) = value.as_object() {
        for (key, value) in fields {
            println!("{key:>16}: {value}");
        }
    }
    Ok(())
}

pub fn months(library: &Library, folder: Option<&Path>, json: bool) -> Result<()> {
    let folder = folder_id(library, folder)?;
    let counts = library.months(folder)?;
    let view = MonthsJson::new(&counts, library.undated_count(folder)?);
    if json {
        return print_json(&view);
    }
    for m in &view.months {
        println!("{}  {:>7}", m.month, m.count);
    }
    if view.undated > 0 {
        println!("undated  {:>5}", view.undated);
    }
    Ok(())
}

pub fn folders(library: &Library, json: bool) -> Result<()> {
    let folders: Vec<FolderJson> = library.folders()?.iter().map(FolderJson::from).collect();
    if json {
        return print_json(&serde_json::json!({ "folders": folders }));
    }
    for f in &folders {
        println!("{:>7}  {}", f.count, f.path);
    }
    Ok(())
}

pub fn stats(library: &Library, json: bool) -> Result<()> {
    let (s, t) = (library.stats()?, library.thumbs().stats()?);
    if json {
        return print_json(&StatsJson::new(&s, &t));
    }
    println!(
        "photos: {}  removed: {}  roots: {}  folders: {}",
        s.photos, s.removed, s.roots, s.folders
    );
    println!("failed: {}  hashed: {}", s.failed, s.hashed);
    println!(
        "photo bytes: {}  library bytes: {}  schema: {}",
        s.photo_bytes, s.library_bytes, s.schema_version
    );
    let c = &t.metrics;
    println!(
        "variants: {}  variant bytes: {}  placeholders: {}  thumbnail failures: {}",
        t.variants, t.store_bytes, t.placeholders, t.failed
    );
    println!(
        "cache: {} memory hits, {} disk hits, {} misses, {} evictions, {} generated, queue {}, \
         {}/{} bytes in memory",
        c.memory_hits,
        c.disk_hits,
        c.misses,
        c.evictions,
        c.generated,
        c.queue_depth,
        c.memory_bytes,
        c.memory_capacity
    );
    Ok(())
}
