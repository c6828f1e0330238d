//! `shoebox sync --check`: reach the remote (bucket, keys) within seconds and upload nothing.

use anyhow::Result;
use shoebox_engine::sync::SyncOptions;
use shoebox_engine::Library;

use super::print_json;

pub fn check(library: &Library, options: &SyncOptions, json: bool) -> Result<()> {
    let ok = library.check_remote(options)?;
    if json {
        return print_json(&serde_json::json!({
            "ok": true,
            "remote": ok.remote,
            "sample_key": ok.sample_key,
            "elapsed_ms": ok.elapsed_ms,
        }));
    }
    let contents = match &ok.sample_key {
        Some(_) => "holds objects already",
        None => "is empty under this prefix",
    };
    println!(
        "{}: reachable, keys accepted; the bucket {contents} ({} ms)",
        ok.remote, ok.elapsed_ms
    );
    Ok(())
}
