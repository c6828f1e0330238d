//! How a word or `"a phrase"` of the search box matches: three characters or more match anywhere
//! (a substring: `unset` finds "Sunset", `東京` inside a longer name), fewer match the start of a
//! word (as you type `be`, "Beach" and "Berlin"), always without case or diacritics. The same rule
//! serves a photo's own words (through the FTS5 text index) and the names it shares with other
//! photos (its folder, tags, albums and place), which are compared here.

use super::fold;

/// Characters from which a term matches anywhere rather than at the start of a word: the
/// trigram index's own limit.
pub const SUBSTRING_FROM: usize = 3;

/// One text term, ready to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// Lower-cased, `_` and `-` as spaces, spaces collapsed; diacritics kept for the text index,
    /// whose tokenizer removes them on both sides.
    spaced: String,
    /// [`fold`]ed: what the shared names are compared with.
    folded: String,
}

impl Needle {
    /// The needle of `text`; `None` when it has nothing to look for (only spaces and dashes).
    pub fn new(text: &str) -> Option<Needle> {
        let lower = text.to_lowercase().replace(['_', '-'], " ");
        let spaced = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        let folded = fold(&spaced);
        (!spaced.is_empty() && !folded.is_empty()).then_some(Needle { spaced, folded })
    }

    /// Whether this needle matches anywhere (else at the start of a word).
    pub fn is_substring(&self) -> bool {
        self.spaced.chars().count() >= SUBSTRING_FROM
    }

    /// Whether a photo's own words can be searched for it: a short needle needs a letter or a
    /// digit, since the word index holds nothing else.
    pub fn searches_own_words(&self) -> bool {
        self.is_substring() || self.spaced.chars().any(char::is_alphanumeric)
    }

    /// The FTS5 query for this needle: one quoted string (so `AND`, `NEAR`, `*` or `(` typed as
    /// text are only text), with a prefix star for the word index.
    pub fn fts_query(&self) -> String {
        let quoted = fts_phrase(&self.spaced);
        if self.is_substring() {
            quoted
        } else {
            format!("{quoted} *")
        }
    }

    /// Whether `name`, already [`fold`]ed, matches: contains the needle, or (when short) has a
    /// word starting with it.
    pub fn matches_folded(&self, name: &str) -> bool {
        if self.is_substring() {
            return name.contains(&self.folded);
        }
        name.match_indices(&self.folded).any(|(at, _)| {
            name[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    }

    /// Whether `name` (any case and accents) matches.
    pub fn matches(&self, name: &str) -> bool {
        self.matches_folded(&fold(name))
    }
}

/// `text` as one FTS5 string (its double quotes doubled), so nothing in it is FTS5 syntax.
pub fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::Needle;

    #[test]
    fn long_needles_match_anywhere_and_short_ones_at_a_word_start() {
        let sun = Needle::new("unset").unwrap();
        assert!(sun.is_substring());
        assert!(sun.matches("Sunset over Lisbon"));
        let be = Needle::new("Be").unwrap();
        assert!(!be.is_substring());
        assert!(be.matches("Summer/Beach"));
        assert!(be.matches("Berlin"));
        assert!(!be.matches("Tube"));
        assert!(Needle::new("sao paulo").unwrap().matches("São Paulo"));
        assert!(Needle::new("東京").unwrap().matches("東京タワー"));
        assert!(Needle::new("img_12").unwrap().matches("IMG-1234.JPG"));
    }

    #[test]
    fn fts_operators_typed_as_text_stay_text() {
        assert_eq!(Needle::new("NEAR").unwrap().fts_query(), "\"near\"");
        assert_eq!(Needle::new("a\"b").unwrap().fts_query(), "\"a\"\"b\"");
        assert_eq!(Needle::new("be").unwrap().fts_query(), "\"be\" *");
        assert!(!Needle::new("*").unwrap().searches_own_words());
        assert!(Needle::new(" - _ ").is_none());
    }
}
