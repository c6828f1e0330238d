//! The app built on Tauri's mock runtime (no display) with the real context and capabilities over a
//! generated library, and IPC calls into it as the webview makes them. Shared by the command tests.
#![allow(dead_code)] // each test binary uses part of it

use serde_json::Value;
use shoebox_app::keys::{KeyStore, MemoryKeys};
use shoebox_app::{commands, events::Events, state::AppState};
use shoebox_engine::{no_progress, CancelToken, Library, LibraryOptions};
use shoebox_testkit::generate_library;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;
use tauri::{Listener, Manager};

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub webview: tauri::WebviewWindow<MockRuntime>,
    pub app: tauri::App<MockRuntime>,
}

/// An app over a library of `photos` generated photos (10 per folder), scanned. Its thumbnail cache
/// is in the temporary folder too, never the user's.
pub fn fixture(photos: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let options = LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..Default::default()
    };
    let library = Library::open_with(&dir.path().join("lib.db"), options).unwrap();
    if photos > 0 {
        let root = dir.path().join("photos");
        generate_library(&root, photos, 10).unwrap();
        library
            .scan(&[root], &CancelToken::new(), &no_progress())
            .unwrap();
    }
    app_over(dir, library)
}

/// A temporary folder and a library in it (`lib.db`, thumbnails under `cache/`), nothing scanned.
pub fn empty_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let options = LibraryOptions {
        cache_dir: Some(dir.path().join("cache")),
        ..Default::default()
    };
    let library = Library::open_with(&dir.path().join("lib.db"), options).unwrap();
    (dir, library)
}

/// The app over `library` (which lives in `dir`).
pub fn app_over(dir: tempfile::TempDir, library: Library) -> Fixture {
    app_with_keys(dir, library, None)
}

/// The app over `library`, its backup keys kept in `keys` (default: an unavailable keyring).
pub fn app_with_keys(
    dir: tempfile::TempDir,
    library: Library,
    keys: Option<std::sync::Arc<dyn KeyStore>>,
) -> Fixture {
    let builder = commands::builder::<MockRuntime>();
    let handler = builder.invoke_handler();
    let app = mock_builder()
        .invoke_handler(handler)
        .build(tauri::generate_context!())
        .unwrap();
    // As `shoebox_app::run`'s setup does (the mock app is never run, so it has no setup of its own).
    commands::mount(&builder, &app);
    // Never the user's keyring: keys in memory, unavailable unless a test asks (`app_with_keys`).
    let keys: std::sync::Arc<dyn KeyStore> = keys.unwrap_or_else(|| {
        std::sync::Arc::new(MemoryKeys::unavailable(
            "The system keyring is not available (tests).",
        ))
    });
    app.manage(AppState::with_keys(
        library,
        Events::new(app.handle().clone()),
        keys,
    ));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Fixture { dir, webview, app }
}

/// The `kind` of a failed command's error (`{ kind, message }`).
pub fn kind(error: &Value) -> &str {
    error["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("not a command error: {error}"))
}

/// The `message` of a failed command's error.
pub fn message(error: &Value) -> &str {
    error["message"]
        .as_str()
        .unwrap_or_else(|| panic!("not a command error: {error}"))
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

/// Every payload of `event`, in order.
pub fn events(f: &Fixture, event: &str) -> std::sync::mpsc::Receiver<Value> {
    let (tx, rx) = std::sync::mpsc::channel();
    f.app.listen_any(event, move |e| {
        let _ = tx.send(serde_json::from_str(e.payload()).unwrap());
    });
    rx
}

/// Signs S3 requests with these keys (moto accepts any), set in the environment once per test
/// binary, before anything reads it.
pub fn use_env_credentials(secret: &'static str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", secret);
        std::env::remove_var("AWS_PROFILE");
    });
}

/// How many photos `view` holds (its month table's counts summed, as the scrubber shows them).
pub fn view_total(f: &Fixture, view: Value) -> u64 {
    let months = invoke(f, "timeline_months", serde_json::json!({ "view": view })).unwrap();
    months
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["count"].as_u64().unwrap())
        .sum()
}
