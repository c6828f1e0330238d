//! Generates the Tauri context and one permission per app command, so capabilities can grant exactly those.

const COMMANDS: &[&str] = &[
    "timeline_months",
    "timeline_page",
    "photo_info",
    "folders",
    "import_paths",
    "pictures_dir",
    "set_viewport",
    "diagnostics",
    "backup_settings",
    "save_backup_settings",
    "start_backup",
    "cancel_backup",
    "check_backup_remote",
    "reveal_photo",
    "rescan_folder",
    "failures",
    "reveal_path",
    "remove_folder",
    "save_backup_keys",
    "forget_backup_keys",
    "mark",
    "photo_organization",
    "undo",
    "redo",
    "history_state",
    "albums",
    "create_album",
    "rename_album",
    "move_album",
    "delete_album",
    "add_to_album",
    "remove_from_album",
    "reorder_album",
    "set_album_cover",
    "set_album_sort",
    "tags",
    "suggest_tags",
    "tag_photos",
    "untag_photos",
    "rename_tag",
    "delete_tag",
    "check_query",
    "facets",
    "places",
    "create_smart_album",
    "set_album_query",
    "opened_files",
    "export_photos",
    "cancel_export",
    "restore_backup",
    "cancel_restore",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {e:#}");
    }
}
