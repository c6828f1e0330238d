//! `shoebox roots` and `shoebox remove-root`: the folders (and files) added to the library, and
//! taking one out again (its files are never touched).

use std::path::Path;

use anyhow::{bail, Result};
use serde::Serialize;
use shoebox_engine::{Error, Library, Root};

use super::print_json;

/// One root in `roots --json` (`{roots: [...]}`) and `remove-root --json` (`{root, ...}`).
#[derive(Serialize)]
struct RootJson {
    id: i64,
    path: String,
    is_file: bool,
}

impl From<&Root> for RootJson {
    fn from(r: &Root) -> Self {
        RootJson {
            id: r.id,
            path: r.path.display().to_string(),
            is_file: r.is_file,
        }
    }
}

pub fn list(library: &Library, json: bool) -> Result<()> {
    let roots = library.roots()?;
    if json {
        let roots: Vec<RootJson> = roots.iter().map(RootJson::from).collect();
        return print_json(&serde_json::json!({ "roots": roots }));
    }
    for r in &roots {
        let kind = if r.is_file { "file" } else { "folder" };
        println!("{:>4}  {kind:<6}  {}", r.id, r.path.display());
    }
    Ok(())
}

pub fn remove(library: &Library, path: Option<&Path>, id: Option<i64>, json: bool) -> Result<()> {
    let result = match (path, id) {
        (_, Some(id)) => library.remove_root_id(id),
        (Some(path), None) => library.remove_root(path),
        (None, None) => bail!("give the root's PATH or --id"),
    };
    let removal = match result {
        Err(Error::RootMissing(_)) => {
            let what = path.map_or_else(
                || format!("id {}", id.unwrap_or_default()),
                |p| p.display().to_string(),
            );
            bail!("{what} is not a root of this library (see `shoebox roots`)")
        }
        other => other?,
    };
    if json {
        return print_json(&serde_json::json!({
            "root": RootJson::from(&removal.root),
            "photos": removal.photos,
            "folders": removal.folders,
            "still_covered_by": removal.still_covered_by.as_ref().map(RootJson::from),
        }));
    }
    println!(
        "removed {} from the library: {} photos, {} folders (no file was touched)",
        removal.root.path.display(),
        removal.photos,
        removal.folders
    );
    if let Some(outer) = &removal.still_covered_by {
        println!(
            "note: its files are still under root {}; they return with its next scan",
            outer.path.display()
        );
    }
    Ok(())
}
