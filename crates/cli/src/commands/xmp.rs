//! `shoebox xmp write|status|conflicts`, and the sidecar writes after an organize command when
//! the library's `xmp.sidecars` is `write`.

use anyhow::Result;
use serde::Serialize;
use shoebox_engine::{no_progress, CancelToken, Library, SidecarReport};

use super::print_json;
use crate::args::XmpCommand;

/// `xmp write --json`: `{written, unchanged, merged, conflicts, failed: [{path, reason}],
/// elapsed_ms}`. Add fields, rename none.
#[derive(Serialize)]
struct WriteJson {
    written: u64,
    unchanged: u64,
    merged: u64,
    conflicts: u64,
    failed: Vec<FailedJson>,
    elapsed_ms: u64,
}

#[derive(Serialize)]
struct FailedJson {
    path: String,
    reason: String,
}

impl From<&SidecarReport> for WriteJson {
    fn from(r: &SidecarReport) -> Self {
        WriteJson {
            written: r.written,
            unchanged: r.unchanged,
            merged: r.merged,
            conflicts: r.conflicts,
            failed: r
                .failed
                .iter()
                .map(|(p, reason)| FailedJson {
                    path: p.display().to_string(),
                    reason: reason.clone(),
                })
                .collect(),
            elapsed_ms: r.elapsed_ms,
        }
    }
}

pub fn run(library: &Library, command: &XmpCommand, json: bool) -> Result<()> {
    let xmp = library.xmp();
    match command {
        XmpCommand::Write { all } => {
            let report = xmp.write(*all, &CancelToken::new(), &no_progress())?;
            if json {
                return print_json(&WriteJson::from(&report));
            }
            println!(
                "{} sidecars written, {} already up to date, {} merged with outside edits ({} conflicts), {} failed, {} ms",
                report.written,
                report.unchanged,
                report.merged,
                report.conflicts,
                report.failed.len(),
                report.elapsed_ms
            );
            print_failures(&report);
        }
        XmpCommand::Status => {
            let status = xmp.status()?;
            if json {
                return print_json(&serde_json::json!({
                    "sidecars": status.sidecars.name(),
                    "conflicts": status.conflicts.name(),
                    "pending": status.pending,
                    "failed": status.failed.iter()
                        .map(|(reason, count)| serde_json::json!({"reason": reason, "photos": count}))
                        .collect::<Vec<_>>(),
                    "conflicts_recorded": status.conflicts_recorded,
                }));
            }
            println!(
                "sidecars: {}; conflicts: keep {}",
                status.sidecars.name(),
                status.conflicts.name()
            );
            println!("{} photos pending", status.pending);
            for (reason, count) in &status.failed {
                println!("{count} photos not written: {reason}");
            }
            println!("{} conflicts recorded", status.conflicts_recorded);
        }
        XmpCommand::Conflicts { limit } => {
            let conflicts = xmp.conflicts(*limit)?;
            if json {
                let list: Vec<_> = conflicts
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "photo_id": c.photo_id, "path": c.path.display().to_string(),
                            "field": c.field, "library": c.library, "sidecar": c.sidecar,
                            "kept": c.kept, "policy": c.policy, "at": c.at,
                        })
                    })
                    .collect();
                return print_json(&serde_json::json!({ "conflicts": list }));
            }
            if conflicts.is_empty() {
                println!("no conflicts");
            }
            for c in &conflicts {
                println!(
                    "{}: {} library {} / sidecar {} → kept {} ({})",
                    c.path.display(),
                    c.field,
                    c.library,
                    c.sidecar,
                    c.kept,
                    c.policy
                );
            }
        }
    }
    Ok(())
}

fn print_failures(report: &SidecarReport) {
    for (path, reason) in &report.failed {
        eprintln!("not written: {}: {reason}", path.display());
    }
}

/// After an organize command: the pending sidecars, when writing is on. A failure is reported and
/// stays pending; the command itself succeeded.
pub fn after_organize(library: &Library) -> Result<()> {
    if let Some(report) = library.xmp().write_if_enabled()? {
        if !report.failed.is_empty() {
            eprintln!(
                "{} photos not written to their sidecars (still pending; `shoebox xmp status`)",
                report.failed.len()
            );
            print_failures(&report);
        }
    }
    Ok(())
}
