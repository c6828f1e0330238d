//! The Shoebox desktop shell: opens the library, registers the commands and the `thumb://` protocol,
//! and starts the window. Every capability is an engine call; this crate only adapts it to Tauri.

pub mod commands;
pub mod dto;
pub mod state;

use tauri::Manager;

/// Builds and runs the app (blocks until the last window closes).
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = state::AppState::open_default()?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("shoebox-app: {e}");
            std::process::exit(1);
        });
}
