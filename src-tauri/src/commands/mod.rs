//! Every `#[tauri::command]`, registered once here (the one list: the invoke handler and the
//! generated `ui/src/bindings.ts` both come from it), one file per area of the UI. Each command
//! validates its input, runs one engine call off the UI thread and converts to DTOs.

pub mod albums;
pub mod backup;
pub mod cleanup;
pub mod diagnostics;
pub mod export;
pub mod find;
pub mod gallery;
pub mod import;
pub mod launch;
pub mod organize;
pub mod restore;
pub mod tags;
pub mod xmp;

use std::path::Path;

use tauri::{Manager, Runtime};
use tauri_specta::collect_commands;

/// Where `export_bindings` writes for the UI, relative to this crate.
pub const BINDINGS: &str = "../ui/src/bindings.ts";

/// The commands and events, as Tauri registers them and as the UI's bindings declare them.
pub fn builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            gallery::timeline_months,
            gallery::timeline_page,
            gallery::photo_info,
            gallery::folders,
            import::import_paths,
            import::pictures_dir,
            gallery::set_viewport,
            diagnostics::diagnostics,
            backup::backup_settings,
            backup::save_backup_settings,
            backup::start_backup,
            backup::cancel_backup,
            backup::check_backup_remote,
            gallery::reveal_photo,
            import::rescan_folder,
            diagnostics::failures,
            gallery::reveal_path,
            import::remove_folder,
            backup::save_backup_keys,
            backup::forget_backup_keys,
            organize::mark,
            organize::photo_organization,
            organize::undo,
            organize::redo,
            organize::history_state,
            albums::albums,
            albums::create_album,
            albums::rename_album,
            albums::move_album,
            albums::delete_album,
            albums::add_to_album,
            albums::remove_from_album,
            albums::reorder_album,
            albums::set_album_cover,
            albums::set_album_sort,
            tags::tags,
            tags::suggest_tags,
            tags::tag_photos,
            tags::untag_photos,
            tags::rename_tag,
            tags::delete_tag,
            find::check_query,
            find::facets,
            find::places,
            find::create_smart_album,
            find::set_album_query,
            launch::opened_files,
            export::export_photos,
            export::cancel_export,
            restore::restore_backup,
            restore::cancel_restore,
            organize::caption,
            xmp::xmp_status,
            xmp::set_xmp_settings,
            xmp::write_sidecars,
            xmp::xmp_conflicts,
            cleanup::duplicate_groups,
            cleanup::duplicate_members,
            cleanup::keeper_rules,
            cleanup::set_keeper_rules,
            cleanup::not_duplicates,
            cleanup::resolve_duplicates,
            cleanup::trash_photos,
            cleanup::trashed_photos,
            cleanup::put_back_photos,
        ])
        .events(crate::events::all())
        // The DTOs are only ever sent to the UI: one shape per type, not serialize/deserialize pairs.
        .disable_serde_phases()
        // Ids, counts and byte sizes are far below 2^53, so `number` is exact for them.
        .dangerously_cast_bigints_to_number()
}

/// Lets the builder's typed events be emitted on `app` (call in `setup`, before anything emits).
pub fn mount<R: Runtime, M: Manager<R>>(builder: &tauri_specta::Builder<R>, app: &M) {
    builder.mount_events(app);
}

/// Writes the TypeScript bindings (types, `commands`, `events`) to `path`.
pub fn export_bindings(path: &Path) -> Result<(), specta_typescript::Error> {
    let header =
        "// Generated from src-tauri by tauri-specta (`cargo test -p shoebox-app --test bindings` \
                  rewrites it); do not edit.";
    builder::<tauri::Wry>().export(
        specta_typescript::Typescript::default().header(header),
        path,
    )
}
