//! The app built on Tauri's mock runtime (no display) with the real context and capabilities over a
//! generated library, and IPC calls into it as the webview makes them. Shared by the command tests.
#![allow(dead_code)] // each test binary uses part of it

use serde_json::Value;
use shoebox_app::{commands, state::AppState};
use shoebox_testkit::generate_library;
use shoebox_engine::{no_progress, CancelToken, Library};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub webview: tauri::WebviewWindow<MockRuntime>,
    pub app: tauri::App<MockRuntime>,
}

/// An app over a library of `photos` generated photos (10 per folder), scanned.
pub fn fixture(photos: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(&dir.path().join("lib.db")).unwrap();
    if photos > 0 {
        let root = dir.path().join("photos");
        generate_library(&root, photos, 10).unwrap();
        library
            .scan(&[root], &CancelToken::new(), &no_progress())
            .unwrap();
    }
    let app = mock_builder()
        .manage(AppState::new(library))
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .unwrap();
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Fixture { dir, webview, app }
}

pub fn invoke(f: &Fixture, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_from(f, "tauri://localhost", cmd, args)
}

pub fn invoke_from(f: &Fixture, origin: &str, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: origin.parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&f.webview, request).map(|body| body.deserialize::<Value>().unwrap())
}
