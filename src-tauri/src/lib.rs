//! The Shoebox desktop shell: opens the library, registers the commands and the `thumb://` protocol,
//! and starts the window. Every capability is an engine call; this crate only adapts it to Tauri.

pub mod backlog;
pub mod commands;
pub mod dto;
pub mod protocol;
pub mod state;

use tauri::Manager;

/// Builds and runs the app (blocks until the last window closes).
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let state = state::AppState::open_default()?;
            // Tiles on the first screen are served on demand by thumb://; the backlog waits a moment.
            state.backlog.kick(
                app.handle().clone(),
                state.library.clone(),
                std::time::Duration::from_secs(3),
            );
            app.manage(state);
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, |ctx, request, responder| {
            let library = ctx.app_handle().state::<state::AppState>().library.clone();
            let if_none_match = request
                .headers()
                .get(tauri::http::header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            // Decoding can take tens of milliseconds: never on the webview's thread.
            tauri::async_runtime::spawn_blocking(move || {
                responder.respond(protocol::respond(
                    &library,
                    request.uri(),
                    if_none_match.as_deref(),
                ))
            });
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("shoebox-app: {e}");
            std::process::exit(1);
        });
}
