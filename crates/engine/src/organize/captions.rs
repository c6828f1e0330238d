//! Titles and descriptions as an organize action: what a caption change sets, checked (length,
//! control characters) before anything is written, and how the undo history names it.

use crate::error::{Error, Result};

/// Longest title and description kept, in characters (also the cut for what files say).
pub(crate) const MAX_TITLE: usize = 1_000;
pub(crate) const MAX_DESCRIPTION: usize = 20_000;

/// A photo's title and description (read apart from [`crate::Photo`], so timeline pages never
/// carry up to 21,000 characters a photo).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Caption {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// What a caption action sets: `None` leaves the field; `Some("")` (or only spaces) clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptionChange {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A stored caption column: its code in `history_captions.field` and the photos column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaptionField {
    Title = 0,
    Description = 1,
}

impl CaptionField {
    pub(crate) const ALL: [CaptionField; 2] = [CaptionField::Title, CaptionField::Description];

    pub(crate) fn column(self) -> &'static str {
        match self {
            CaptionField::Title => "title",
            CaptionField::Description => "description",
        }
    }
}

impl CaptionChange {
    /// The fields this change sets, as (field, stored value; `None` clears). A title is one line;
    /// a description may have line breaks and tabs; neither may hold other control characters or
    /// be longer than its limit.
    pub(crate) fn fields(&self) -> Result<Vec<(CaptionField, Option<String>)>> {
        let mut fields = Vec::new();
        if let Some(title) = &self.title {
            fields.push((
                CaptionField::Title,
                checked(title, "title", MAX_TITLE, false)?,
            ));
        }
        if let Some(description) = &self.description {
            fields.push((
                CaptionField::Description,
                checked(description, "description", MAX_DESCRIPTION, true)?,
            ));
        }
        if fields.is_empty() {
            return Err(Error::InvalidInput(
                "nothing to change: give a title or a description".into(),
            ));
        }
        Ok(fields)
    }

    /// How the history names this change ("Set title", "Clear description", "Edit caption").
    pub(crate) fn describe(&self) -> String {
        let verb = |text: &str| {
            if text.trim().is_empty() {
                "Clear"
            } else {
                "Set"
            }
        };
        match (&self.title, &self.description) {
            (Some(t), None) => format!("{} title", verb(t)),
            (None, Some(d)) => format!("{} description", verb(d)),
            _ => "Edit caption".to_string(),
        }
    }
}

fn checked(text: &str, what: &str, max: usize, multiline: bool) -> Result<Option<String>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let count = text.chars().count();
    if count > max {
        return Err(Error::InvalidInput(format!(
            "the {what} is {count} characters long; at most {max} are kept"
        )));
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t'));
    if let Some(bad) = text.chars().find(|c| !allowed(*c)) {
        return Err(Error::InvalidInput(format!(
            "the {what} holds the control character U+{:04X}{}",
            bad as u32,
            if multiline {
                ""
            } else {
                " (a title is one line)"
            }
        )));
    }
    Ok(Some(text.replace("\r\n", "\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(title: Option<&str>, description: Option<&str>) -> CaptionChange {
        CaptionChange {
            title: title.map(String::from),
            description: description.map(String::from),
        }
    }

    #[test]
    fn text_is_trimmed_and_blank_clears() {
        let fields = change(Some("  Harbour at dusk "), Some("   "))
            .fields()
            .unwrap();
        assert_eq!(
            fields,
            vec![
                (CaptionField::Title, Some("Harbour at dusk".into())),
                (CaptionField::Description, None),
            ]
        );
    }

    #[test]
    fn a_title_is_one_line_and_a_description_may_break() {
        let err = change(Some("two\nlines"), None).fields().unwrap_err();
        assert!(err.to_string().contains("U+000A"), "{err}");
        assert!(err.to_string().contains("one line"), "{err}");
        let fields = change(None, Some("first\nsecond\tthird")).fields().unwrap();
        assert_eq!(fields[0].1.as_deref(), Some("first\nsecond\tthird"));
        let err = change(None, Some("bell\u{7}")).fields().unwrap_err();
        assert!(err.to_string().contains("U+0007"), "{err}");
    }

    #[test]
    fn too_long_and_empty_changes_are_refused() {
        let long = "é".repeat(MAX_TITLE + 1);
        let err = change(Some(&long), None).fields().unwrap_err();
        assert!(err.to_string().contains("1001 characters"), "{err}");
        assert_eq!(
            change(Some(&long[..2 * MAX_TITLE]), None)
                .fields()
                .unwrap()
                .len(),
            1
        );
        assert!(change(None, None).fields().is_err());
    }

    #[test]
    fn steps_are_named_by_what_they_do() {
        assert_eq!(change(Some("x"), None).describe(), "Set title");
        assert_eq!(change(None, Some("")).describe(), "Clear description");
        assert_eq!(change(Some("x"), Some("y")).describe(), "Edit caption");
    }
}
