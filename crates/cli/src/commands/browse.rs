//! Read-only commands: `photos`, `show`, `months`, `folders`, `stats`.

use std::path::Path;

use anyhow::{anyhow, bail, Result};
use shoebox_engine::{AlbumCursor, AlbumSort, Library, Photo, PhotoFilter, TimelineQuery};

use super::{albums, organize, print_json};
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

/// The view the `photos` options ask for.
fn filter(library: &Library, args: &PhotosArgs) -> Result<PhotoFilter> {
    let tag = match &args.tag {
        Some(path) => Some(library.organize().tag_by_path(path)?.id),
        None => None,
    };
    Ok(PhotoFilter {
        folder: folder_id(library, args.folder.as_deref())?,
        album: args.album,
        tag,
        rating_min: args.rating_min,
        favourite: args.favourite,
        flag: args.flag.map(organize::flag),
        label: args.label.map(organize::label),
        query: match &args.query {
            Some(text) => super::search::parse(text)?.query,
            None => None,
        },
    })
}

pub fn photos(library: &Library, args: &PhotosArgs, json: bool) -> Result<()> {
    let filter = filter(library, args)?;
    if let Some(album) = args.album {
        let order = match args.order {
            Some(order) => albums::sort(order),
            None => library.organize().album(album)?.sort,
        };
        let album_only = PhotoFilter {
            album: Some(album),
            ..PhotoFilter::default()
        };
        if args.order.is_some() && order == AlbumSort::Manual && filter != album_only {
            bail!("manual order lists a whole album: combine other filters with --order date");
        }
        if order == AlbumSort::Manual && filter == album_only {
            let after = args.after.clone().map(AlbumCursor);
            let page = library
                .organize()
                .album_page(album, after.as_ref(), args.limit)?;
            if json {
                return print_json(&PageJson::from(&page));
            }
            print_photos(&page.photos, true);
            if let Some(next) = &page.next {
                println!("next: {}", next.0);
            }
            return Ok(());
        }
    }
    let query = TimelineQuery::page(
        filter,
        args.after.as_deref(),
        args.month.as_deref(),
        args.limit,
    )?;
    let page = library.timeline(&query)?;
    if json {
        return print_json(&PageJson::from(&page));
    }
    print_photos(&page.photos, query.after.dated);
    if let Some(next) = &page.next {
        println!("next: {next}");
    }
    Ok(())
}

/// One line per photo; in date order, a line before the first undated one.
fn print_photos(photos: &[Photo], mut in_dated: bool) {
    for p in photos {
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
}

pub fn show(library: &Library, photo: &str, json: bool) -> Result<()> {
    let photo = match photo.parse::<i64>() {
        Ok(id) => library.photo(id)?,
        Err(_) => library.photo_by_path(Path::new(photo))?,
    };
    let org = library.organize();
    let caption = org.caption_of(photo.id)?;
    let view = PhotoDetailJson::new(
        &photo,
        &caption,
        org.photo_tags(photo.id)?,
        org.photo_albums(photo.id)?,
        library.failures().reason(photo.id)?,
    );
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
    let counts = library.months(&PhotoFilter::folder(folder))?;
    let view = MonthsJson::new(
        &counts,
        library.undated_count(&PhotoFilter::folder(folder))?,
    );
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
