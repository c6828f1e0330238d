//! `duplicates` (the groups with their suggested keeper; `--resolve`, `--not`) and `trash` (move
//! photos to the system trash, `list`, `put-back`): each one engine call, printed.

use anyhow::{bail, Result};
use shoebox_engine::cleanup::{FileOutcome, GroupKind};
use shoebox_engine::{no_progress, CancelToken, Library};

use super::organize::ids;
use super::print_json;
use crate::args::{DuplicatesArgs, KindArg, PhotoIds, TrashArgs, TrashCommand};
use crate::json::{FileOutcomeJson, GroupJson, TrashedJson};

pub fn duplicates(library: &Library, args: &DuplicatesArgs, json: bool) -> Result<()> {
    let cleanup = library.cleanup();
    if !args.not.is_empty() {
        let added = cleanup.not_duplicates(&args.not)?;
        if json {
            return print_json(&serde_json::json!({ "not_duplicates": added }));
        }
        println!("remembered {added} pairs as not duplicates");
        return Ok(());
    }
    cleanup.prepare(&CancelToken::new(), &no_progress())?;
    let kind = args.kind.map(|k| match k {
        KindArg::Exact => GroupKind::Exact,
        KindArg::Copy => GroupKind::Copy,
        KindArg::Similar => GroupKind::Similar,
    });
    let groups = cleanup.groups(kind)?;
    let resolved = if args.resolve {
        cleanup.resolve_suggested(&groups, kind)
    } else {
        Vec::new()
    };
    if json {
        let groups: Vec<GroupJson> = groups.iter().map(GroupJson).collect();
        let trashed: Vec<FileOutcomeJson> = resolved
            .iter()
            .filter_map(|r| r.result.as_ref().ok())
            .flat_map(|r| r.trashed.iter().map(FileOutcomeJson))
            .collect();
        let left: Vec<serde_json::Value> = resolved
            .iter()
            .filter_map(|r| {
                r.result
                    .as_ref()
                    .err()
                    .map(|e| serde_json::json!({ "photos": r.photos, "keep": r.keep, "error": e }))
            })
            .collect();
        let mut out = serde_json::json!({ "groups": groups, "trashed": trashed });
        if !left.is_empty() {
            out["unresolved"] = serde_json::Value::Array(left);
        }
        return print_json(&out);
    }
    for group in &groups {
        let photos: Vec<String> = group.photos.iter().map(|p| p.to_string()).collect();
        println!(
            "{} {}: keep {} ({})",
            group.kind.name(),
            photos.join(" "),
            group.keep,
            group.reason
        );
    }
    println!("{} groups", groups.len());
    for r in &resolved {
        match &r.result {
            Ok(resolution) => print_outcomes(&resolution.trashed, "trash"),
            Err(reason) => println!("not resolved (keep {}): {reason}", r.keep),
        }
    }
    Ok(())
}

pub fn trash(library: &Library, args: &TrashArgs, json: bool) -> Result<()> {
    let cleanup = library.cleanup();
    match &args.action {
        Some(TrashCommand::List) => {
            let list = cleanup.trashed()?;
            if json {
                let list: Vec<TrashedJson> = list.iter().map(TrashedJson).collect();
                return print_json(&serde_json::json!({ "trashed": list }));
            }
            for t in &list {
                println!("{}\t{}", t.photo, t.path.display());
            }
            Ok(())
        }
        Some(TrashCommand::PutBack(photos)) => {
            let outcomes = cleanup.put_back(&ids(photos)?)?;
            finish(&outcomes, "put_back", json)
        }
        None => {
            let outcomes = cleanup.trash(&ids(&PhotoIds {
                ids: args.ids.clone(),
            })?)?;
            finish(&outcomes, "trashed", json)
        }
    }
}

/// Prints per-file outcomes; fails (exit 1) when any file stayed where it was.
fn finish(outcomes: &[FileOutcome], key: &str, json: bool) -> Result<()> {
    if json {
        let list: Vec<FileOutcomeJson> = outcomes.iter().map(FileOutcomeJson).collect();
        print_json(&serde_json::json!({ key: list }))?;
    } else {
        print_outcomes(outcomes, key);
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    if failed > 0 {
        bail!(
            "{failed} of {} photos stayed where they were",
            outcomes.len()
        );
    }
    Ok(())
}

fn print_outcomes(outcomes: &[FileOutcome], what: &str) {
    for o in outcomes {
        match &o.result {
            Ok(to) => println!(
                "{what} {} {} -> {}",
                o.photo,
                o.path.display(),
                to.display()
            ),
            Err(reason) => println!("not {what} {} {}: {reason}", o.photo, o.path.display()),
        }
        if let Some(note) = &o.note {
            println!("  {note}");
        }
    }
}
