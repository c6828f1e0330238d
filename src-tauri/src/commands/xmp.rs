//! The XMP commands of the settings pane: the sidecar settings and what is waiting, changing a
//! setting, "Write now" (pending sidecars written off the UI thread; the history poller writes
//! them anyway after each change while the setting is on) and the conflicts settled by policy.

use tauri::State;

use crate::dto::{
    ConflictPolicyDto, SidecarModeDto, SidecarReportDto, XmpConflictDto, XmpStatusDto,
};
use crate::error::{blocking, CommandResult};
use crate::state::AppState;

/// The most conflicts one call lists.
const MAX_CONFLICTS: u32 = 500;

/// Whether sidecars are written, the conflict policy, and the photos whose sidecars wait (with
/// why the last write failed).
#[tauri::command]
#[specta::specta]
pub async fn xmp_status(state: State<'_, AppState>) -> CommandResult<XmpStatusDto> {
    blocking(&state.library, |lib| {
        Ok::<_, shoebox_engine::Error>(lib.xmp().status()?.into())
    })
    .await
}

/// Stores the sidecar setting and / or the conflict policy (null leaves one); turning sidecars
/// on writes what is waiting at the poller's next look. Returns the new state.
#[tauri::command]
#[specta::specta]
pub async fn set_xmp_settings(
    state: State<'_, AppState>,
    sidecars: Option<SidecarModeDto>,
    conflicts: Option<ConflictPolicyDto>,
) -> CommandResult<XmpStatusDto> {
    blocking(&state.library, move |lib| {
        let status = lib
            .xmp()
            .configure(sidecars.map(Into::into), conflicts.map(Into::into))?;
        Ok::<_, shoebox_engine::Error>(status.into())
    })
    .await
}

/// Writes the pending sidecars now, whatever the setting says (the explicit action).
#[tauri::command]
#[specta::specta]
pub async fn write_sidecars(state: State<'_, AppState>) -> CommandResult<SidecarReportDto> {
    blocking(&state.library, |lib| {
        let cancel = shoebox_engine::CancelToken::new();
        let report = lib
            .xmp()
            .write(false, &cancel, &shoebox_engine::no_progress())?;
        Ok::<_, shoebox_engine::Error>(report.into())
    })
    .await
}

/// The conflicts settled by policy, newest first.
#[tauri::command]
#[specta::specta]
pub async fn xmp_conflicts(
    state: State<'_, AppState>,
    limit: u32,
) -> CommandResult<Vec<XmpConflictDto>> {
    blocking(&state.library, move |lib| {
        let conflicts = lib.xmp().conflicts(limit.min(MAX_CONFLICTS))?;
        Ok::<_, shoebox_engine::Error>(conflicts.into_iter().map(Into::into).collect())
    })
    .await
}
