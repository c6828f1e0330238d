//! The export dialog's commands: the selected photos (ids and ranges over a view) exported as the
//! dialog says, progress on a `Channel`, a summary with each failure; and Cancel.

use shoebox_engine::export::Selection;
use shoebox_engine::Progress;
use tauri::ipc::Channel;
use tauri::State;

use crate::dto::{ExportProgressDto, ExportRequestDto, ExportSummaryDto, TargetsDto};
use crate::error::{blocking, CommandError, CommandResult};
use crate::state::AppState;
use crate::targets;

/// Exports the photos `targets` name to `request.dest`. One export at a time (busy otherwise). A
/// photo that fails is listed in the summary and the rest go on; the call itself fails only for
/// what stops every file (a relative or library destination, a bad template or option).
#[tauri::command]
#[specta::specta]
pub async fn export_photos(
    state: State<'_, AppState>,
    targets: TargetsDto,
    request: ExportRequestDto,
    on_progress: Channel<ExportProgressDto>,
) -> CommandResult<ExportSummaryDto> {
    if !std::path::Path::new(&request.dest).is_absolute() {
        return Err(CommandError::invalid(format!(
            "Choose a folder to export to ({:?} is not an absolute path).",
            request.dest
        )));
    }
    let run = state
        .export
        .begin()
        .ok_or_else(|| CommandError::busy("An export is already running."))?;
    blocking(&state.library, move |lib| {
        let ids = targets::resolve(lib, &targets)?;
        if ids.is_empty() {
            return Err(CommandError::invalid("Select the photos to export."));
        }
        let sink = |p: Progress| {
            let _ = on_progress.send(ExportProgressDto {
                done: p.done,
                total: p.total,
            });
        };
        let report = lib
            .export()
            .run(
                &Selection::Photos(ids),
                &request.options(),
                &run.cancel,
                &sink,
            )
            .map_err(CommandError::from)?;
        Ok(ExportSummaryDto::new(&report, &request.dest))
    })
    .await
}

/// Stops the running export after the files in progress (their copies are finished or not
/// written at all); false when none runs.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(state: State<'_, AppState>) -> bool {
    state.export.cancel()
}
