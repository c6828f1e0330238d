//! `album …`: one engine call each.

use anyhow::Result;
use shoebox_engine::{AlbumKind, AlbumSort, Library, Place};

use super::organize::{ids, print_outcome};
use super::print_json;
use crate::args::{AlbumCommand, OrderArg};
use crate::json::{AlbumJson, AlbumsJson};

pub fn sort(order: OrderArg) -> AlbumSort {
    match order {
        OrderArg::Manual => AlbumSort::Manual,
        OrderArg::Date => AlbumSort::Date,
    }
}

pub fn run(library: &Library, command: &AlbumCommand, json: bool) -> Result<()> {
    let org = library.organize();
    let outcome = match command {
        AlbumCommand::Create {
            name,
            parent,
            folder,
            smart,
        } => {
            let kind = if *folder {
                AlbumKind::Folder
            } else {
                AlbumKind::Album
            };
            let album = match smart {
                Some(query) => org
                    .create_smart_album(name, *parent, query)
                    .map_err(|e| super::search::query_error(e, query))?,
                None => org.create_album(name, *parent, kind)?,
            };
            if json {
                return print_json(&AlbumJson::from(&album));
            }
            println!("{} {}: {}", album.kind.name(), album.id, album.name);
            return Ok(());
        }
        AlbumCommand::List => return list(library, json),
        AlbumCommand::Add { album, photos } => org.add_to_album(*album, &ids(photos)?)?,
        AlbumCommand::Remove { album, photos } => org.remove_from_album(*album, &ids(photos)?)?,
        AlbumCommand::Move { album, parent, .. } => org.move_album(*album, *parent)?,
        AlbumCommand::Order {
            album,
            photo,
            before,
            after,
            first,
            ..
        } => {
            let place = match (before, after) {
                (Some(id), _) => Place::Before(*id),
                (_, Some(id)) => Place::After(*id),
                _ if *first => Place::First,
                _ => Place::Last,
            };
            org.reorder(*album, &[*photo], place)?
        }
        AlbumCommand::Cover { album, photo, .. } => org.set_cover(*album, *photo)?,
        AlbumCommand::Sort { album, order } => org.set_album_sort(*album, sort(*order))?,
        AlbumCommand::Rename { album, name } => org.rename_album(*album, name)?,
        AlbumCommand::Query { album, query } => org
            .set_album_query(*album, query)
            .map_err(|e| super::search::query_error(e, query))?,
        AlbumCommand::Delete { album } => org.delete_album(*album)?,
    };
    print_outcome(&outcome, json)
}

fn list(library: &Library, json: bool) -> Result<()> {
    let albums = library.organize().albums()?;
    if json {
        return print_json(&AlbumsJson {
            albums: albums.iter().map(AlbumJson::from).collect(),
        });
    }
    for a in &albums {
        println!(
            "{:>6}  {:<6}  {:>7}  in {:<6}  {}",
            a.id,
            a.kind.name(),
            a.count,
            a.parent_id.map_or("-".to_string(), |p| p.to_string()),
            a.name
        );
    }
    Ok(())
}
