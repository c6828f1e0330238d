//! `mark`, `caption`, `undo`, `redo`, and what the organize commands share: photo ids from the arguments or
//! standard input, the flag and label words, and printing an outcome.

use std::io::Read;

use anyhow::{bail, Context, Result};
use shoebox_engine::{CaptionChange, Flag, Label, Library, MarkChange, Outcome, PhotoId};

use super::print_json;
use crate::args::{CaptionArgs, FlagArg, LabelArg, MarkArgs, PhotoIds};
use crate::json::{HistoryStepJson, OutcomeJson};

/// The ids given, or with `-` the whitespace-separated ids on standard input.
pub fn ids(photos: &PhotoIds) -> Result<Vec<PhotoId>> {
    let mut words: Vec<String> = Vec::new();
    for arg in &photos.ids {
        if arg == "-" {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .context("reading photo ids from standard input")?;
            words.extend(input.split_whitespace().map(str::to_string));
        } else {
            words.push(arg.clone());
        }
    }
    let ids = words
        .iter()
        .map(|w| {
            w.parse::<PhotoId>()
                .with_context(|| format!("{w:?} is not a photo id"))
        })
        .collect::<Result<Vec<_>>>()?;
    if ids.is_empty() {
        bail!("no photo ids given");
    }
    Ok(ids)
}

pub fn flag(arg: FlagArg) -> Flag {
    match arg {
        FlagArg::Pick => Flag::Pick,
        FlagArg::Reject => Flag::Reject,
        FlagArg::None => Flag::None,
    }
}

pub fn label(arg: LabelArg) -> Label {
    match arg {
        LabelArg::Red => Label::Red,
        LabelArg::Yellow => Label::Yellow,
        LabelArg::Green => Label::Green,
        LabelArg::Blue => Label::Blue,
        LabelArg::Purple => Label::Purple,
        LabelArg::None => Label::None,
    }
}

pub fn print_outcome(outcome: &Outcome, json: bool) -> Result<()> {
    if json {
        return print_json(&OutcomeJson(outcome));
    }
    if outcome.changed == 0 {
        println!("nothing changed");
    } else {
        println!("{}", outcome.label);
    }
    Ok(())
}

pub fn mark(library: &Library, args: &MarkArgs, json: bool) -> Result<()> {
    let change = MarkChange {
        favourite: match (args.favourite, args.no_favourite) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        rating: args.rating,
        flag: args.flag.map(flag),
        label: args.label.map(label),
    };
    let outcome = library.organize().mark(&ids(&args.photos)?, &change)?;
    print_outcome(&outcome, json)
}

pub fn caption(library: &Library, args: &CaptionArgs, json: bool) -> Result<()> {
    let change = CaptionChange {
        title: args.title.clone(),
        description: args.description.clone(),
    };
    let outcome = library.organize().caption(&ids(&args.photos)?, &change)?;
    print_outcome(&outcome, json)
}

pub fn undo(library: &Library, redo: bool, json: bool) -> Result<()> {
    let org = library.organize();
    let step = if redo { org.redo()? } else { org.undo()? };
    if json {
        return print_json(&HistoryStepJson {
            done: step.is_some(),
            label: step.as_ref().map(|s| s.label.as_str()),
            changed: step.as_ref().map_or(0, |s| s.changed),
        });
    }
    let verb = if redo { "redo" } else { "undo" };
    match step {
        Some(step) => println!("{verb}: {}", step.label),
        None => println!("nothing to {verb}"),
    }
    Ok(())
}
