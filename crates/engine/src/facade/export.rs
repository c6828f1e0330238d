//! `library.export()`: the photos a selection names (ids, an album, a query, a folder, a view)
//! with what their copies carry (marks, tags, the album's name), handed to the export job (see
//! [`crate::export`]). Blocks; call it from a worker thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::db;
use crate::error::{Error, Result};
use crate::export::job::{self, Item, Plan};
use crate::export::template::Fields;
use crate::export::xmp::Organized;
use crate::export::{ExportFailure, ExportOptions, ExportReport, Selection, Strip, Template};
use crate::find::Query;
use crate::model::{Photo, PhotoFilter, PhotoId};
use crate::progress::{CancelToken, ProgressSink};
use crate::Library;

/// Exports from the library.
pub struct Export<'a> {
    library: &'a Library,
}

impl<'a> Export<'a> {
    pub(crate) fn new(library: &'a Library) -> Self {
        Export { library }
    }

    /// The ids `selection` names, in its order (ids as given; a view newest first). An unknown
    /// album or folder, or a query that does not parse, is an error; unknown ids are not checked.
    pub fn photos(&self, selection: &Selection) -> Result<Vec<PhotoId>> {
        let filter = match selection {
            Selection::Photos(ids) => {
                let mut seen = std::collections::HashSet::new();
                return Ok(ids.iter().copied().filter(|id| seen.insert(*id)).collect());
            }
            Selection::Album(id) => {
                self.library.organize().album(*id)?;
                PhotoFilter {
                    album: Some(*id),
                    ..PhotoFilter::default()
                }
            }
            Selection::Query(text) => PhotoFilter::query(Query::parse(text)?),
            Selection::Folder(path) => {
                let id = self.library.folder_id(path)?.ok_or_else(|| {
                    Error::NotFound(format!("no folder {} in the library", path.display()))
                })?;
                PhotoFilter::folder(Some(id))
            }
            Selection::View(filter) => filter.clone(),
        };
        self.library.timeline_range(&filter, 0, i64::MAX as u64)
    }

    /// Exports `selection` as `options` say. The call fails only for what stops every file (a bad
    /// template or option, an unknown album, folder or query, a destination under a library
    /// root); a photo that cannot be read, decoded or written is a failure in the report and the
    /// rest go on.
    pub fn run(
        &self,
        selection: &Selection,
        options: &ExportOptions,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ExportReport> {
        let started = std::time::Instant::now();
        let render = options.resolve()?;
        let template = Template::parse(&options.template)?;
        self.refuse_under_root(&options.dest)?;
        let ids = self.photos(selection)?;
        let album = match selection {
            Selection::Album(id) => Some(self.library.organize().album(*id)?.name),
            _ => None,
        };
        let wants_organized = render.is_some() && options.strip != Strip::All;
        let tag_paths: HashMap<i64, String> = if wants_organized {
            self.library
                .organize()
                .tags()?
                .into_iter()
                .map(|t| (t.id, t.path))
                .collect()
        } else {
            HashMap::new()
        };
        let mut report = ExportReport::default();
        let mut items = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let photo = match self.library.photo(*id) {
                Ok(photo) => photo,
                Err(Error::PhotoNotFound(_)) => {
                    report.failures.push(ExportFailure {
                        id: None,
                        source: None,
                        reason: format!("no photo {id}"),
                    });
                    continue;
                }
                Err(e) => return Err(e),
            };
            let photo_album = match (&album, template.uses_album()) {
                (Some(name), _) => Some(name.clone()),
                (None, true) => self
                    .library
                    .organize()
                    .photo_albums(*id)?
                    .into_iter()
                    .next()
                    .map(|a| a.1),
                (None, false) => None,
            };
            let organized = if wants_organized {
                self.organized(&photo, &tag_paths)?
            } else {
                Organized::default()
            };
            items.push(item(
                photo,
                &template,
                photo_album.as_deref(),
                (i + 1, ids.len()),
                organized,
            ));
        }
        let plan = Plan {
            dest: &options.dest,
            render,
            strip: options.strip,
            threads: options.threads,
            max_pixels: options.max_pixels.min(self.library.options.max_pixels),
        };
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        Ok(job::run(items, &plan, report, cancel, progress))
    }

    fn organized(&self, photo: &Photo, tag_paths: &HashMap<i64, String>) -> Result<Organized> {
        let mut tags: Vec<String> = db::tags::of_photo(&self.library.reader(), photo.id)?
            .into_iter()
            .filter_map(|t| tag_paths.get(&t).cloned())
            .collect();
        tags.sort();
        Ok(Organized {
            marks: photo.marks,
            tags,
        })
    }

    /// Shoebox never writes under a library root: a destination there is refused.
    fn refuse_under_root(&self, dest: &Path) -> Result<()> {
        let resolved = resolved(dest);
        if let Some(root) = self
            .library
            .roots()?
            .into_iter()
            .find(|r| resolved.starts_with(&r.path))
        {
            return Err(Error::InvalidInput(format!(
                "{} is inside the library folder {}: Shoebox never writes there; choose a folder \
                 outside it",
                dest.display(),
                root.path.display()
            )));
        }
        Ok(())
    }
}

/// `path` made absolute with symbolic links resolved as far as it exists.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(canonical, |p, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

fn item(
    photo: Photo,
    template: &Template,
    album: Option<&str>,
    seq: (usize, usize),
    organized: Organized,
) -> Item {
    let stem = photo
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fields = Fields {
        stem: &stem,
        taken_at: photo.capture.taken_at,
        album,
        seq,
    };
    Item {
        id: photo.id,
        stem: template.render(&fields),
        format: photo.format,
        orientation: photo.orientation,
        path: photo.path,
        organized,
    }
}
