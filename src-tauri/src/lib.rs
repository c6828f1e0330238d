//! The Shoebox desktop shell: opens the library, registers the commands and the `thumb://` protocol,
//! and starts the window. Every capability is an engine call; this crate only adapts it to Tauri.

pub mod commands;
pub mod dto;
pub mod error;
pub mod events;
pub mod keys;
pub mod launch;
pub mod protocol;
pub mod settings;
pub mod state;
pub mod targets;
pub mod workers;

use tauri::Manager;

/// Builds and runs the app (blocks until the last window closes).
pub fn run() {
    prefer_software_friendly_webkit();
    let commands = commands::builder();
    let invoke_handler = commands.invoke_handler();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            commands::mount(&commands, app);
            let state = state::AppState::open_default(events::Events::new(app.handle().clone()))?;
            // "Open with Shoebox": the photos named on the command line, for the UI to show.
            let cwd = std::env::current_dir().unwrap_or_default();
            state.set_launch_files(launch::files_from_args(std::env::args_os(), &cwd));
            // Tiles on the first screen are served on demand by thumb://; the backlog waits a moment.
            state.kick_backlog(std::time::Duration::from_secs(3));
            // Watching starts with its catch-up rescan (stat only), so what changed while the app
            // was closed shows up, then follows every root for the rest of the session.
            state.watch_roots(std::time::Duration::from_millis(500));
            // Marks, albums and tags changed by the CLI appear without a restart.
            workers::watch_history(
                state.events.clone(),
                std::sync::Arc::clone(&state.library),
                workers::HISTORY_POLL,
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
        .invoke_handler(invoke_handler)
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("shoebox-app: {e}");
            std::process::exit(1);
        });
}

/// WebKitGTK's DMA-BUF renderer assumes a GPU; without one (no `/dev/dri`: virtual machines, Xvfb)
/// it composites slowly (frame gaps of 35-140 ms measured here) and uses twice the memory. There,
/// use the plain renderer unless the user chose otherwise. Runs before any thread is started.
fn prefer_software_friendly_webkit() {
    const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
    if cfg!(target_os = "linux")
        && std::env::var_os(VAR).is_none()
        && !std::path::Path::new("/dev/dri").exists()
    {
        std::env::set_var(VAR, "1");
    }
}
