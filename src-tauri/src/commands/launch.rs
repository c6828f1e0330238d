//! "Open with Shoebox": which of the photos the app was started with the library knows (so the UI
//! shows them in the viewer) and, for the others, which folder to offer to add.

use std::path::Path;

use shoebox_engine::{Error, Library};
use tauri::State;

use crate::dto::{OpenedFile, OpenedPhoto, Tile};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;

/// The files named on the command line, each with the library's photo when it has one (asked
/// again after the UI added a folder, so it reflects the library as it is now).
#[tauri::command]
#[specta::specta]
pub async fn opened_files(state: State<'_, AppState>) -> CommandResult<Vec<OpenedFile>> {
    let files = state.launch_files();
    blocking(&state.library, move |lib| {
        files
            .iter()
            .map(|p| opened(lib, p))
            .collect::<Result<Vec<_>, Error>>()
    })
    .await
}

fn opened(lib: &Library, path: &Path) -> Result<OpenedFile, Error> {
    let folder = path.parent().unwrap_or(path);
    let photo = match lib.photo_by_path(path) {
        Ok(photo) => Some(photo),
        Err(Error::PhotoNotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let photo = match photo {
        Some(photo) => lib
            .folder_id(photo.path.parent().unwrap_or(folder))?
            .map(|folder_id| {
                let tile = Tile::from(&photo);
                OpenedPhoto {
                    id: photo.id,
                    folder_id,
                    month: if tile.dated {
                        tile.taken_at.get(..7).unwrap_or_default().to_string()
                    } else {
                        "undated".to_string()
                    },
                }
            }),
        None => None,
    };
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let inside_root = lib.roots()?.iter().any(|r| canonical.starts_with(&r.path));
    Ok(OpenedFile {
        path: path.display().to_string(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        folder: folder.display().to_string(),
        photo,
        inside_root,
    })
}
