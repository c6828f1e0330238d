//! The clean-up commands of the review screen and "Recently deleted": the duplicate groups with
//! their suggested keeper, the members' compared fields, the keeper rules, "not duplicates",
//! resolving groups (merge into the photo kept, the others to the system trash), trashing any
//! selection (the Delete key), the list of what Shoebox trashed, and putting photos back.

use tauri::State;

use crate::dto::{
    DuplicateGroupDto, DuplicateMemberDto, FileOutcomeDto, GroupKindDto, GroupResolutionDto,
    KeeperRuleDto, ResolveGroupDto, TargetsDto, TrashedDto,
};
use crate::error::{blocking, CommandError, CommandResult};
use crate::state::AppState;
use crate::targets;

/// The most photos one call describes (a group holds at most 64).
const MAX_MEMBERS: usize = 256;

/// Every group to review (of one kind, or all), each with its suggested keeper and the reason.
/// Files not hashed yet are hashed first, and photos without a fingerprint are fingerprinted from
/// their stored thumbnails.
#[tauri::command]
#[specta::specta]
pub async fn duplicate_groups(
    state: State<'_, AppState>,
    kind: Option<GroupKindDto>,
) -> CommandResult<Vec<DuplicateGroupDto>> {
    blocking(&state.library, move |lib| {
        let cleanup = lib.cleanup();
        cleanup.prepare(
            &shoebox_engine::CancelToken::new(),
            &shoebox_engine::no_progress(),
        )?;
        let groups = cleanup.groups(kind.map(Into::into))?;
        Ok::<_, shoebox_engine::Error>(groups.iter().map(DuplicateGroupDto::from).collect())
    })
    .await
}

/// What the review screen compares of photos `ids`: pixel size, format, file size, date,
/// folder, marks, albums and tags, in the order asked.
#[tauri::command]
#[specta::specta]
pub async fn duplicate_members(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> CommandResult<Vec<DuplicateMemberDto>> {
    if ids.len() > MAX_MEMBERS {
        return Err(CommandError::invalid(format!(
            "{} photos asked for; at most {MAX_MEMBERS} at a time.",
            ids.len()
        )));
    }
    blocking(&state.library, move |lib| {
        let org = lib.organize();
        ids.iter()
            .map(|id| {
                let photo = lib.photo(*id)?;
                let albums = org.photo_albums(*id)?.into_iter().map(|(_, n)| n).collect();
                Ok(DuplicateMemberDto::new(
                    &photo,
                    albums,
                    org.photo_tags(*id)?,
                ))
            })
            .collect::<shoebox_engine::Result<Vec<_>>>()
    })
    .await
}

/// The keeper rules, in the order they are tried.
#[tauri::command]
#[specta::specta]
pub async fn keeper_rules(state: State<'_, AppState>) -> CommandResult<Vec<KeeperRuleDto>> {
    blocking(&state.library, |lib| rules_of(&lib.cleanup())).await
}

/// Reorders the keeper rules (rules left out follow in their default order); returns the order
/// now stored.
#[tauri::command]
#[specta::specta]
pub async fn set_keeper_rules(
    state: State<'_, AppState>,
    rules: Vec<KeeperRuleDto>,
) -> CommandResult<Vec<KeeperRuleDto>> {
    blocking(&state.library, move |lib| {
        let cleanup = lib.cleanup();
        let rules: Vec<_> = rules.into_iter().map(Into::into).collect();
        cleanup.set_rules(&rules)?;
        rules_of(&cleanup)
    })
    .await
}

/// The stored keeper rules, as the UI names them.
fn rules_of(cleanup: &shoebox_engine::Cleanup<'_>) -> shoebox_engine::Result<Vec<KeeperRuleDto>> {
    Ok(cleanup
        .rules()?
        .into_iter()
        .map(KeeperRuleDto::from)
        .collect())
}

/// Remembers that photos `ids` are not duplicates of each other; the pairs newly remembered.
#[tauri::command]
#[specta::specta]
pub async fn not_duplicates(state: State<'_, AppState>, ids: Vec<i64>) -> CommandResult<u64> {
    if ids.len() < 2 {
        return Err(CommandError::invalid(
            "Name at least two photos that are not duplicates of each other.",
        ));
    }
    blocking(&state.library, move |lib| {
        lib.cleanup().not_duplicates(&ids)
    })
    .await
}

/// Resolves each group in turn: what the others have (albums, tags, marks, title, description)
/// is merged into the photo kept, then the others go to the system trash with their sidecars.
/// A group that cannot be resolved is reported and the others go on.
#[tauri::command]
#[specta::specta]
pub async fn resolve_duplicates(
    state: State<'_, AppState>,
    groups: Vec<ResolveGroupDto>,
) -> CommandResult<Vec<GroupResolutionDto>> {
    blocking(&state.library, move |lib| {
        let groups: Vec<_> = groups.into_iter().map(|g| (g.photos, g.keep)).collect();
        Ok::<_, shoebox_engine::Error>(
            lib.cleanup()
                .resolve_each(&groups)
                .iter()
                .map(GroupResolutionDto::from)
                .collect(),
        )
    })
    .await
}

/// Moves the photos of `targets` (with their XMP sidecars) to the system trash, each checked
/// gone and reported; one that cannot go stays where it is. Nothing is ever deleted.
#[tauri::command]
#[specta::specta]
pub async fn trash_photos(
    state: State<'_, AppState>,
    targets: TargetsDto,
) -> CommandResult<Vec<FileOutcomeDto>> {
    blocking(&state.library, move |lib| {
        let ids = targets::resolve(lib, &targets)?;
        let outcomes = lib.cleanup().trash(&ids)?;
        Ok::<_, CommandError>(outcomes.iter().map(FileOutcomeDto::from).collect())
    })
    .await
}

/// What Shoebox moved to the system trash and has not put back, newest first.
#[tauri::command]
#[specta::specta]
pub async fn trashed_photos(state: State<'_, AppState>) -> CommandResult<Vec<TrashedDto>> {
    blocking(&state.library, |lib| {
        let mut list = lib
            .cleanup()
            .trashed()?
            .iter()
            .map(|t| {
                let rev = lib.photo(t.photo).map(|p| p.rev).unwrap_or(0);
                TrashedDto::new(t, rev)
            })
            .collect::<Vec<_>>();
        list.reverse();
        Ok::<_, shoebox_engine::Error>(list)
    })
    .await
}

/// Moves photos `ids` back from the system trash and re-attaches their marks, tags and albums; a
/// taken path gets the file beside it with a suffix, and the outcome says so.
#[tauri::command]
#[specta::specta]
pub async fn put_back_photos(
    state: State<'_, AppState>,
    ids: Vec<i64>,
) -> CommandResult<Vec<FileOutcomeDto>> {
    blocking(&state.library, move |lib| {
        let outcomes = lib.cleanup().put_back(&ids)?;
        Ok::<_, shoebox_engine::Error>(outcomes.iter().map(FileOutcomeDto::from).collect())
    })
    .await
}
