//! File-name templates: `{name}` (the original's stem), `{date}` or `{date:%Y-%m-%d}` (when it was
//! taken), `{album}`, `{seq}` (1-based, zero-padded to the count) and literal text. A template that
//! could leave the destination (`/`, `\`, `..`) is refused before anything is written; values are
//! cleaned of separators, so a name never becomes a path.

use chrono::format::{Item, StrftimeItems};
use chrono::NaiveDateTime;

use crate::error::{Error, Result};

/// The default template: the original's stem.
pub const DEFAULT: &str = "{name}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Name,
    Album,
    Seq,
    Date(String),
}

/// A parsed, checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// What one file's name is made of.
pub(crate) struct Fields<'a> {
    pub stem: &'a str,
    pub taken_at: NaiveDateTime,
    pub album: Option<&'a str>,
    /// 1-based position in the export and how many are exported.
    pub seq: (usize, usize),
}

fn refuse(text: &str, why: &str) -> Error {
    Error::InvalidInput(format!("file-name template {text:?}: {why}"))
}

impl Template {
    pub fn parse(text: &str) -> Result<Template> {
        let text_or_default = if text.trim().is_empty() {
            DEFAULT
        } else {
            text
        };
        if text_or_default.contains(['/', '\\']) {
            return Err(refuse(text, "a name cannot contain / or \\ (no folders)"));
        }
        if text_or_default.contains("..") {
            return Err(refuse(text, "a name cannot contain .."));
        }
        if text_or_default.contains('\0') {
            return Err(refuse(text, "a name cannot contain NUL"));
        }
        let mut parts = Vec::new();
        let mut rest = text_or_default;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| refuse(text, "a { without its }"))?;
            let field = &rest[open + 1..close];
            let (key, arg) = field.split_once(':').unwrap_or((field, ""));
            parts.push(match (key, arg) {
                ("name", "") => Part::Name,
                ("album", "") => Part::Album,
                ("seq", "") => Part::Seq,
                ("date", "") => Part::Date("%Y-%m-%d".into()),
                ("date", format) => {
                    if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
                        return Err(refuse(text, &format!("bad date format {format:?}")));
                    }
                    Part::Date(format.into())
                }
                _ => {
                    return Err(refuse(
                        text,
                        &format!(
                            "unknown field {{{field}}} (expected {{name}}, {{date}}, \
                             {{date:FORMAT}}, {{album}} or {{seq}})"
                        ),
                    ))
                }
            });
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            return Err(refuse(text, "a } without its {"));
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(Template { parts })
    }

    /// Whether the template names files by album.
    pub fn uses_album(&self) -> bool {
        self.parts.contains(&Part::Album)
    }

    /// The file name (without extension) for `fields`: never empty, never a path.
    pub(crate) fn render(&self, fields: &Fields<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Name => out.push_str(&clean(fields.stem)),
                Part::Album => out.push_str(&clean(fields.album.unwrap_or(""))),
                Part::Seq => {
                    let width = fields.seq.1.max(1).to_string().len();
                    out.push_str(&format!("{:0width$}", fields.seq.0));
                }
                Part::Date(format) => {
                    out.push_str(&clean(&fields.taken_at.format(format).to_string()))
                }
            }
        }
        let mut out = out.trim().trim_start_matches('.').to_string();
        if out.is_empty() {
            out = clean(fields.stem).trim_start_matches('.').to_string();
        }
        if out.is_empty() {
            return "photo".into();
        }
        // Room for the suffix and extension under the usual 255-byte limit.
        truncate_bytes(out, 200)
    }
}

/// A value as a piece of a file name: separators, control characters and `..` replaced.
fn clean(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    cleaned.replace("..", "_")
}

fn truncate_bytes(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(stem: &'a str, album: Option<&'a str>) -> Fields<'a> {
        Fields {
            stem,
            taken_at: chrono::NaiveDate::from_ymd_opt(2024, 7, 3)
                .unwrap()
                .and_hms_opt(10, 20, 30)
                .unwrap(),
            album,
            seq: (7, 120),
        }
    }

    #[test]
    fn fields_render_into_a_name() {
        let t = Template::parse("{date:%Y-%m-%d}_{name}").unwrap();
        assert_eq!(t.render(&fields("IMG_1", None)), "2024-07-03_IMG_1");
        let t = Template::parse("{album} {seq}").unwrap();
        assert_eq!(t.render(&fields("x", Some("Trip"))), "Trip 007");
        assert_eq!(
            Template::parse("").unwrap().render(&fields("IMG_2", None)),
            "IMG_2"
        );
        assert_eq!(
            Template::parse("{date}")
                .unwrap()
                .render(&fields("a", None)),
            "2024-07-03"
        );
    }

    #[test]
    fn templates_that_leave_the_folder_are_refused() {
        for bad in [
            "../{name}",
            "{name}/x",
            "a\\b",
            "..{name}",
            "{nope}",
            "{name",
            "x}",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn values_never_become_paths() {
        let t = Template::parse("{album}").unwrap();
        assert_eq!(t.render(&fields("s", Some("a/../b"))), "a___b");
        // An empty result falls back to the stem.
        assert_eq!(t.render(&fields("stem", None)), "stem");
        assert_eq!(t.render(&fields("", None)), "photo");
    }
}
