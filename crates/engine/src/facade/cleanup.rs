//! `library.cleanup()`: fingerprints for photos that have none (from their stored thumbnails), the
//! groups to review with a suggested keeper, "not duplicates", resolving a group (merge into the
//! photo kept, then the others to the system trash), trashing any selection, the list of what
//! Shoebox trashed, and putting photos back with their marks, tags and albums.

use std::path::{Path, PathBuf};

use crate::cleanup::{
    self, group, keeper, settings, trash, FileOutcome, Group, GroupKind, GroupResolution,
    Resolution, Rule, Thresholds, Trashed,
};
use crate::db::cleanup as sql;
use crate::error::{Error, Result};
use crate::model::{PhotoId, PhotoState};
use crate::organize::{Flag, Label, Marks};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::Library;

/// The clean-up concern of a library.
pub struct Cleanup<'a> {
    library: &'a Library,
}

/// What a fingerprint pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PrintReport {
    pub printed: u64,
    /// Photos whose thumbnail could not be had (recorded as thumbnail failures).
    pub failed: u64,
}

impl<'a> Cleanup<'a> {
    pub(crate) fn new(library: &'a Library) -> Self {
        Cleanup { library }
    }

    /// Makes the groups complete: hashes the files not hashed yet (exact duplicates are found by
    /// content hash), then fingerprints what has no fingerprint. Both are cheap when nothing waits.
    pub fn prepare(
        &self,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<PrintReport> {
        self.library.hash_pending(cancel, progress)?;
        self.fingerprint_pending(cancel, progress)
    }

    /// Fingerprints every content that has none, each from its stored grid thumbnail (made first
    /// when missing, by the thumbnail pipeline, which fingerprints it as it goes).
    pub fn fingerprint_pending(
        &self,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<PrintReport> {
        let thumbs = self.library.thumbnailer();
        let size = thumbs.options().print_size();
        let total = sql::unprinted_count(&self.library.reader())?;
        let mut report = PrintReport::default();
        let mut after = 0;
        loop {
            let batch = sql::unprinted(&self.library.reader(), after, 256)?;
            let Some(last) = batch.last() else { break };
            after = *last;
            for id in batch {
                if cancel.is_cancelled() {
                    return Err(Error::Cancelled);
                }
                match thumbs.variant(id, size) {
                    Ok(variant) => match cleanup::phash::of_webp(&variant.bytes) {
                        Some(print) => {
                            thumbs.save_print(id, &print)?;
                            report.printed += 1;
                        }
                        None => report.failed += 1,
                    },
                    Err(_) => report.failed += 1,
                }
                progress.report(Progress {
                    phase: Phase::Thumbs,
                    done: report.printed + report.failed,
                    total: Some(total),
                });
            }
        }
        Ok(report)
    }

    /// The thresholds this library groups with (the burst window is a setting).
    pub fn thresholds(&self) -> Result<Thresholds> {
        let mut t = Thresholds::default();
        if let Some(seconds) = self.setting(settings::BURST_SECONDS)? {
            t.burst_seconds = seconds.trim().parse().map_err(|_| {
                Error::InvalidInput(format!(
                    "{}: not a number of seconds",
                    settings::BURST_SECONDS
                ))
            })?;
        }
        Ok(t)
    }

    /// The keeper rules in order (a setting; the default order when unset).
    pub fn rules(&self) -> Result<Vec<Rule>> {
        match self.setting(settings::KEEPER_RULES)? {
            Some(text) => Rule::parse_list(&text),
            None => Ok(Rule::DEFAULT.to_vec()),
        }
    }

    /// Reorders the keeper rules (names not given follow in their default order).
    pub fn set_rules(&self, rules: &[Rule]) -> Result<()> {
        let text: Vec<&str> = rules.iter().map(|r| r.name()).collect();
        self.library
            .settings()
            .set(settings::KEEPER_RULES, Some(&text.join(",")))
    }

    fn setting(&self, key: &str) -> Result<Option<String>> {
        self.library.settings().get(key)
    }

    fn preferred_folders(&self) -> Result<Vec<PathBuf>> {
        Ok(self
            .setting(settings::PREFERRED_FOLDERS)?
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(PathBuf::from)
            .collect())
    }

    /// Every group to review (of one kind, or all), each with its suggested keeper and reason.
    pub fn groups(&self, kind: Option<GroupKind>) -> Result<Vec<Group>> {
        let (rows, apart) = {
            let conn = self.library.reader();
            (sql::candidates(&conn)?, sql::apart(&conn)?)
        };
        let (candidates, facts): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
        let (rules, preferred) = (self.rules()?, self.preferred_folders()?);
        let found = group::groups(&candidates, &self.thresholds()?, &apart);
        Ok(found
            .into_iter()
            .filter(|g| kind.is_none_or(|k| k == g.kind))
            .map(|g| {
                let members: Vec<keeper::Facts> = g
                    .members
                    .iter()
                    .map(|i| facts[*i as usize].clone())
                    .collect();
                let (keep, reason) = keeper::choose(&members, &rules, &preferred);
                Group {
                    kind: g.kind,
                    photos: g
                        .members
                        .iter()
                        .map(|i| candidates[*i as usize].id)
                        .collect(),
                    keep: candidates[g.members[keep] as usize].id,
                    reason,
                }
            })
            .collect())
    }

    /// Remembers that `ids` are not duplicates of each other: no group puts two of them together
    /// again. The pairs newly remembered.
    pub fn not_duplicates(&self, ids: &[PhotoId]) -> Result<u64> {
        sql::keep_apart(&self.library.writer(), ids)
    }

    /// Resolves a group: what the others have (albums, tags, marks) is merged into `keep` as one
    /// undo step, then the others go to the system trash, each checked gone and reported.
    pub fn resolve(&self, photos: &[PhotoId], keep: PhotoId) -> Result<Resolution> {
        if !photos.contains(&keep) {
            return Err(Error::InvalidInput(format!(
                "photo {keep} is not in the group it should be kept from"
            )));
        }
        let mut others: Vec<PhotoId> = photos.iter().copied().filter(|p| *p != keep).collect();
        others.sort_unstable();
        others.dedup();
        for id in std::iter::once(&keep).chain(&others) {
            self.library.photo(*id)?;
        }
        let merged = self.library.organize().merge_into(keep, &others)?;
        Ok(Resolution {
            keep,
            merged: merged.changed,
            trashed: self.trash(&others)?,
        })
    }

    /// Resolves every group of `groups` with its suggested keeper (a bulk resolve). Bursts are
    /// similar photos, not duplicates: they are resolved only when `kind` asked for them.
    pub fn resolve_suggested(
        &self,
        groups: &[Group],
        kind: Option<GroupKind>,
    ) -> Vec<GroupResolution> {
        let chosen: Vec<(Vec<PhotoId>, PhotoId)> = groups
            .iter()
            .filter(|g| g.kind != GroupKind::Similar || kind == Some(GroupKind::Similar))
            .map(|g| (g.photos.clone(), g.keep))
            .collect();
        self.resolve_each(&chosen)
    }

    /// Resolves each `(photos, keep)` group in turn (a bulk resolve of the user's choices): a
    /// group that cannot be resolved (a photo gone from the library, a refused merge) is reported
    /// and the others go on.
    pub fn resolve_each(&self, groups: &[(Vec<PhotoId>, PhotoId)]) -> Vec<GroupResolution> {
        groups
            .iter()
            .map(|(photos, keep)| GroupResolution {
                keep: *keep,
                photos: photos.clone(),
                result: self.resolve(photos, *keep).map_err(|e| e.to_string()),
            })
            .collect()
    }

    /// Moves photos `ids` (with their XMP sidecars) to the system trash, one by one: each is
    /// recorded before it moves, checked gone after, and reported; one that cannot go stays.
    pub fn trash(&self, ids: &[PhotoId]) -> Result<Vec<FileOutcome>> {
        self.settle()?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            let photo = self.library.photo(*id)?;
            outcomes.push(self.trash_one(*id, &photo.path, photo.marks, ids)?);
        }
        Ok(outcomes)
    }

    fn trash_one(
        &self,
        id: PhotoId,
        path: &Path,
        marks: Marks,
        going: &[PhotoId],
    ) -> Result<FileOutcome> {
        let organize = self.library.organize();
        let albums: Vec<i64> = organize
            .photo_albums(id)?
            .into_iter()
            .map(|a| a.0)
            .collect();
        let tags = organize.photo_tags(id)?;
        // A `name.xmp` another photo of the folder shares (a RAW + JPEG pair) stays with it.
        let neighbours = sql::folder_neighbours(&self.library.reader(), id)?;
        let staying: Vec<&PathBuf> = neighbours
            .iter()
            .filter(|p| {
                self.library
                    .photo_by_path(p)
                    .is_ok_and(|n| !going.contains(&n.id))
            })
            .collect();
        let mut files = vec![path.to_path_buf()];
        files.extend(trash::sidecars(path).into_iter().filter(|s| {
            let shared = s.file_stem() == path.file_stem()
                && staying.iter().any(|n| n.file_stem() == path.file_stem());
            !shared
        }));
        let marks_json = serde_json::json!([
            marks.favourite,
            marks.rating,
            marks.flag.code(),
            marks.label.code()
        ])
        .to_string();
        let record = sql::begin_trash(
            &self.library.writer(),
            id,
            &files,
            &marks_json,
            &serde_json::to_string(&albums).unwrap_or_else(|_| "[]".into()),
            &serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
        )?;
        let outcome = |result, note| FileOutcome {
            photo: id,
            path: path.to_path_buf(),
            result,
            note,
        };
        let trash_ref = match trash::move_to_trash(path) {
            Ok(r) => r,
            Err(reason) => {
                sql::failed(&self.library.writer(), record, &reason)?;
                return Ok(outcome(Err(reason), None));
            }
        };
        let conn = self.library.writer();
        sql::set_trash_ref(&conn, record, 0, &trash_ref)?;
        let mut left = Vec::new();
        for (seq, sidecar) in files.iter().enumerate().skip(1) {
            match trash::move_to_trash(sidecar) {
                Ok(r) => sql::set_trash_ref(&conn, record, seq as i64, &r)?,
                Err(reason) => left.push(format!("{}: {reason}", sidecar.display())),
            }
        }
        let note =
            (!left.is_empty()).then(|| format!("sidecar left in place: {}", left.join("; ")));
        sql::trashed(&conn, record, note.as_deref())?;
        let there = PathBuf::from(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&trash_ref),
        );
        Ok(outcome(Ok(there), note))
    }

    /// Settles records a crash left half-way: a file still in place stayed; one in the trash is
    /// trashed.
    fn settle(&self) -> Result<()> {
        let pending = sql::in_state(&self.library.reader(), sql::MOVING)?;
        for row in pending {
            let conn = self.library.writer();
            if row.path.symlink_metadata().is_ok() {
                sql::failed(
                    &conn,
                    row.id,
                    "interrupted before the move: the file stayed",
                )?;
            } else if row.files[0].2.is_some() {
                sql::trashed(&conn, row.id, Some("interrupted after the move"))?;
            } else if let Ok(Some(found)) = trash::find(&row.path) {
                sql::set_trash_ref(&conn, row.id, 0, &found)?;
                sql::trashed(&conn, row.id, Some("interrupted after the move"))?;
            } else {
                sql::failed(
                    &conn,
                    row.id,
                    "interrupted: the file is not in place and the trash has no record of it",
                )?;
            }
        }
        Ok(())
    }

    /// What Shoebox moved to the trash and has not put back, oldest first.
    pub fn trashed(&self) -> Result<Vec<Trashed>> {
        self.settle()?;
        Ok(sql::in_state(&self.library.reader(), sql::IN_TRASH)?
            .into_iter()
            .map(|row| Trashed {
                photo: row.photo_id,
                path: row.path,
                trashed_at: row.trashed_at.unwrap_or(0),
                sidecars: row
                    .files
                    .iter()
                    .skip(1)
                    .filter(|f| f.2.is_some())
                    .map(|f| f.1.clone())
                    .collect(),
            })
            .collect())
    }

    /// Moves photos `ids` back out of the trash and re-attaches the marks, tags and albums they
    /// had. A taken original path gets the file beside it with a suffix, and the outcome says so.
    pub fn put_back(&self, ids: &[PhotoId]) -> Result<Vec<FileOutcome>> {
        self.settle()?;
        let mut outcomes = Vec::with_capacity(ids.len());
        for id in ids {
            let row = sql::in_trash_of(&self.library.reader(), *id)?
                .ok_or_else(|| Error::NotFound(format!("photo {id} is not in the trash")))?;
            outcomes.push(self.put_back_one(row)?);
        }
        Ok(outcomes)
    }

    fn put_back_one(&self, row: sql::TrashRow) -> Result<FileOutcome> {
        let outcome = |result, note| FileOutcome {
            photo: row.photo_id,
            path: row.path.clone(),
            result,
            note,
        };
        let Some(trash_ref) = &row.files[0].2 else {
            return Ok(outcome(Err("the trash has no record of it".into()), None));
        };
        // A scan that found another file at the old path gave it this photo's row: the file put
        // back is then a photo of its own.
        let reused = self.library.photo(row.photo_id)?.state == PhotoState::Active
            && row.path.symlink_metadata().is_ok();
        let taken = |p: &Path| {
            if p == row.path {
                reused
            } else {
                sql::path_known(&self.library.reader(), p).unwrap_or(true)
            }
        };
        let target = match trash::put_back(trash_ref, &row.path, &taken) {
            Ok(target) => target,
            Err(reason) => return Ok(outcome(Err(reason), None)),
        };
        let mut notes = Vec::new();
        if target != row.path {
            notes.push(format!(
                "{} was taken: put back beside it as {}",
                row.path.display(),
                target.display()
            ));
        }
        for (_, original, sidecar_ref) in row.files.iter().skip(1) {
            let Some(sidecar_ref) = sidecar_ref else {
                continue;
            };
            let wanted = if target == row.path {
                original.clone()
            } else {
                let mut name = target.as_os_str().to_owned();
                name.push(".xmp");
                PathBuf::from(name)
            };
            if let Err(reason) = trash::put_back(sidecar_ref, &wanted, &|_| false) {
                notes.push(format!("sidecar {}: {reason}", original.display()));
            }
        }
        {
            let conn = self.library.writer();
            if target != row.path && !reused {
                sql::move_path(&conn, row.photo_id, &target)?;
            }
            sql::put_back(&conn, row.id, &target)?;
        }
        self.library.rescan_file(&target)?;
        let id = self.library.photo_by_path(&target)?.id;
        let (albums, tags, marks) = snapshot(&row);
        self.library
            .organize()
            .reattach(id, &albums, &tags, &marks)?;
        let note = (!notes.is_empty()).then(|| notes.join("; "));
        Ok(FileOutcome {
            photo: id,
            ..outcome(Ok(target), note)
        })
    }
}

/// The albums, tag paths and marks a trash record kept.
fn snapshot(row: &sql::TrashRow) -> (Vec<i64>, Vec<String>, Marks) {
    let albums: Vec<i64> = serde_json::from_str(&row.albums).unwrap_or_default();
    let tags: Vec<String> = serde_json::from_str(&row.tags).unwrap_or_default();
    let m: Vec<i64> = serde_json::from_str(&row.marks).unwrap_or_default();
    let at = |i: usize| m.get(i).copied().unwrap_or(0);
    let marks = Marks {
        favourite: at(0) != 0,
        rating: at(1).clamp(0, 5) as u8,
        flag: Flag::from_code(at(2)),
        label: Label::from_code(at(3)),
    };
    (albums, tags, marks)
}

impl Library {
    /// Clean up: duplicate groups, the keeper, the system trash and putting back.
    pub fn cleanup(&self) -> Cleanup<'_> {
        Cleanup::new(self)
    }

    /// Rescans the one file at `path` (under a root), so a photo put back becomes active again.
    pub(crate) fn rescan_file(&self, path: &Path) -> Result<()> {
        let roots = self.roots()?;
        let root = crate::scan::root_of(&roots, path)
            .cloned()
            .ok_or_else(|| Error::RootMissing(path.to_path_buf()))?;
        self.scan_targets(
            vec![(root, crate::scan::Scope::File(path.to_path_buf()))],
            &CancelToken::new(),
            &crate::progress::no_progress(),
        )?;
        Ok(())
    }
}
