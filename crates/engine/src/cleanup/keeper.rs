//! The suggested photo to keep in a group, from ordered rules (a library setting): each rule keeps
//! the members it prefers, the first rule that tells them apart decides, and its reason is stated
//! ("largest resolution", "original format (HEIC) over its JPEG copy", …).

use std::path::PathBuf;

use crate::error::{Error, Result};

/// One way to prefer a photo over its copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Most pixels.
    Resolution,
    /// RAW over HEIC/AVIF over JPEG/TIFF over the rest (PNG, WebP, GIF: usually conversions).
    OriginalFormat,
    /// A date from the camera's metadata over a date from the file.
    ExifDate,
    /// The oldest file (modification time).
    Oldest,
    /// Under one of the preferred folders.
    PreferredFolder,
}

impl Rule {
    pub const DEFAULT: [Rule; 5] = [
        Rule::Resolution,
        Rule::OriginalFormat,
        Rule::ExifDate,
        Rule::Oldest,
        Rule::PreferredFolder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Resolution => "resolution",
            Rule::OriginalFormat => "format",
            Rule::ExifDate => "exif-date",
            Rule::Oldest => "oldest",
            Rule::PreferredFolder => "preferred-folder",
        }
    }

    pub fn parse(text: &str) -> Result<Rule> {
        Rule::DEFAULT
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown keeper rule {text:?} (expected resolution, format, exif-date, oldest or preferred-folder)"
                ))
            })
    }

    /// A comma-separated list (the setting's form); rules left out keep their default order after.
    pub fn parse_list(text: &str) -> Result<Vec<Rule>> {
        let mut rules = Vec::new();
        for part in text.split(',').filter(|p| !p.trim().is_empty()) {
            let rule = Rule::parse(part)?;
            if !rules.contains(&rule) {
                rules.push(rule);
            }
        }
        let rest: Vec<Rule> = Rule::DEFAULT
            .into_iter()
            .filter(|r| !rules.contains(r))
            .collect();
        rules.extend(rest);
        Ok(rules)
    }
}

/// What the rules look at.
#[derive(Debug, Clone)]
pub struct Facts {
    pub width: u32,
    pub height: u32,
    /// The `format` column (`jpeg`, `heic`, `dng`, …).
    pub format: String,
    pub exif_date: bool,
    pub mtime_ns: i64,
    pub path: PathBuf,
}

fn format_rank(format: &str) -> u8 {
    match format {
        "heic" | "heif" | "avif" => 2,
        "jpeg" | "tiff" => 1,
        "png" | "webp" | "gif" => 0,
        _ => 3, // a RAW
    }
}

fn format_name(format: &str) -> String {
    match format {
        "jpeg" => "JPEG".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// A score per rule: higher is preferred.
fn score(rule: Rule, facts: &Facts, preferred: &[PathBuf]) -> i128 {
    match rule {
        Rule::Resolution => i128::from(facts.width) * i128::from(facts.height),
        Rule::OriginalFormat => i128::from(format_rank(&facts.format)),
        Rule::ExifDate => i128::from(facts.exif_date),
        Rule::Oldest => -i128::from(facts.mtime_ns),
        Rule::PreferredFolder => i128::from(preferred.iter().any(|p| facts.path.starts_with(p))),
    }
}

fn reason(rule: Rule, kept: &Facts, beaten: &Facts) -> String {
    match rule {
        Rule::Resolution => "largest resolution".into(),
        Rule::OriginalFormat => format!(
            "original format ({}) over its {} copy",
            format_name(&kept.format),
            format_name(&beaten.format)
        ),
        Rule::ExifDate => "has the EXIF date".into(),
        Rule::Oldest => "oldest file".into(),
        Rule::PreferredFolder => "in your preferred folder".into(),
    }
}

/// The index of the member to keep and why. Members are in id order; when the rules cannot tell
/// them apart the first is kept.
pub fn choose(members: &[Facts], rules: &[Rule], preferred: &[PathBuf]) -> (usize, String) {
    let mut alive: Vec<usize> = (0..members.len()).collect();
    let mut reasons: Vec<String> = Vec::new();
    for rule in rules {
        if alive.len() < 2 {
            break;
        }
        let best = alive
            .iter()
            .map(|&i| score(*rule, &members[i], preferred))
            .max()
            .unwrap_or(0);
        let (kept, beaten): (Vec<usize>, Vec<usize>) = alive
            .iter()
            .partition(|&&i| score(*rule, &members[i], preferred) == best);
        if let Some(&loser) = beaten.first() {
            reasons.push(reason(*rule, &members[kept[0]], &members[loser]));
            alive = kept;
        }
    }
    let keep = alive[0];
    if reasons.is_empty() {
        reasons.push("the same on every rule: the first indexed".into());
    }
    (keep, reasons.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(w: u32, format: &str, exif: bool, mtime: i64, path: &str) -> Facts {
        Facts {
            width: w,
            height: w,
            format: format.into(),
            exif_date: exif,
            mtime_ns: mtime,
            path: path.into(),
        }
    }

    #[test]
    fn the_original_heic_is_kept_over_its_larger_jpeg_copy() {
        let members = [
            facts(4000, "jpeg", true, 5, "/a/x.jpg"),
            facts(4000, "heic", true, 9, "/a/x.heic"),
        ];
        let (keep, reason) = choose(&members, &Rule::DEFAULT, &[]);
        assert_eq!(keep, 1);
        assert_eq!(reason, "original format (HEIC) over its JPEG copy");
    }

    #[test]
    fn reordered_rules_decide_differently() {
        let members = [
            facts(1000, "jpeg", false, 1, "/old/x.jpg"),
            facts(2000, "jpeg", true, 9, "/new/x.jpg"),
        ];
        assert_eq!(choose(&members, &Rule::DEFAULT, &[]).0, 1);
        let rules = Rule::parse_list("oldest").unwrap();
        assert_eq!(
            choose(&members, &rules, &[]),
            (0, "oldest file".to_string())
        );
        let rules = Rule::parse_list("preferred-folder,resolution").unwrap();
        let preferred = [PathBuf::from("/old")];
        assert_eq!(
            choose(&members, &rules, &preferred),
            (0, "in your preferred folder".to_string())
        );
        assert!(Rule::parse_list("biggest").is_err());
    }
}
