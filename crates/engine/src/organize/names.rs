//! What a name of an album, album folder or tag may be: not empty after trimming, at most 255
//! characters, no control characters; a tag name has no `/` (the path separator). Emoji and every
//! other script are fine. Refusals name the problem.

use crate::error::{Error, Result};

pub(crate) const MAX_NAME_CHARS: usize = 255;

/// The trimmed name, or why it is refused. `what` is "album name" or "tag name".
pub(crate) fn checked(name: &str, what: &str) -> Result<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(Error::InvalidInput(format!("the {what} is empty")));
    }
    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(Error::InvalidInput(format!(
            "the {what} is {chars} characters long (at most {MAX_NAME_CHARS})"
        )));
    }
    if let Some(c) = trimmed.chars().find(|c| c.is_control()) {
        return Err(Error::InvalidInput(format!(
            "the {what} contains a control character (U+{:04X})",
            c as u32
        )));
    }
    Ok(trimmed.to_string())
}

/// A tag path `Places/France/Paris` as its checked components (empty components, as in `a//b` or
/// a trailing `/`, are refused).
pub(crate) fn tag_path(path: &str) -> Result<Vec<String>> {
    if path.trim().is_empty() {
        return Err(Error::InvalidInput("the tag name is empty".into()));
    }
    path.split('/')
        .map(|part| {
            checked(part, "tag name").map_err(|e| match e {
                Error::InvalidInput(m) => Error::InvalidInput(format!("{m} in tag path {path:?}")),
                other => other,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_are_refused_with_the_reason() {
        assert!(checked("  ", "album name")
            .unwrap_err()
            .to_string()
            .contains("empty"));
        let long = "x".repeat(10_000);
        assert!(checked(&long, "album name")
            .unwrap_err()
            .to_string()
            .contains("10000 characters"));
        assert!(checked("a\u{7}b", "album name")
            .unwrap_err()
            .to_string()
            .contains("U+0007"));
        assert_eq!(checked(" Été 🌞 ", "album name").unwrap(), "Été 🌞");
        assert_eq!(checked("AC/DC", "album name").unwrap(), "AC/DC");
        assert_eq!(
            tag_path("Places/France/Paris").unwrap(),
            ["Places", "France", "Paris"]
        );
        assert!(tag_path("Places//Paris")
            .unwrap_err()
            .to_string()
            .contains("empty"));
        assert!(tag_path("Places/").is_err());
    }
}
