//! `shoebox failures`: every file the scan could not index and every photo whose thumbnails could
//! not be made, with the reason.

use anyhow::Result;
use serde::Serialize;
use shoebox_engine::{Failure, Library};

use super::print_json;

/// `failures --json`: `{failures: [{stage, path, reason, photo_id, at}]}`. Add fields, rename none.
#[derive(Serialize)]
struct FailuresJson<'a> {
    failures: Vec<FailureJson<'a>>,
}

#[derive(Serialize)]
struct FailureJson<'a> {
    /// `"scan"` or `"decode"`.
    stage: &'static str,
    path: String,
    reason: &'a str,
    photo_id: Option<i64>,
    /// When it was recorded, unix seconds.
    at: Option<i64>,
}

impl<'a> From<&'a Failure> for FailureJson<'a> {
    fn from(f: &'a Failure) -> Self {
        FailureJson {
            stage: f.stage.as_str(),
            path: f.path.display().to_string(),
            reason: &f.reason,
            photo_id: f.photo_id,
            at: f.at,
        }
    }
}

pub fn run(library: &Library, json: bool) -> Result<()> {
    let failures = library.failures().list()?;
    if json {
        return print_json(&FailuresJson {
            failures: failures.iter().map(FailureJson::from).collect(),
        });
    }
    if failures.is_empty() {
        println!("no failures");
    }
    for f in &failures {
        let id = f
            .photo_id
            .map_or_else(|| "-".to_string(), |id| id.to_string());
        println!(
            "{:<6}  {id:>8}  {}: {}",
            f.stage.as_str(),
            f.path.display(),
            f.reason
        );
    }
    Ok(())
}
