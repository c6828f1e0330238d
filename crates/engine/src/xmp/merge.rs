//! The three-way merge of a photo's description: the *base* (what the library and its files last
//! agreed on), the *library* now, and the *outside* (what the files say now). A field changed on
//! one side only takes that side's value; changed on both sides to different values is a
//! conflict, settled by the library's policy. Tags merge as a set: added on either side is added,
//! removed on either side is removed (a tag taken off in Shoebox does not come back from an old
//! sidecar).

use super::settings::ConflictPolicy;
use super::{without_ancestors, Described};

/// A field both sides changed, and which value was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: &'static str,
    pub library: String,
    pub sidecar: String,
    /// `"library"` or `"sidecar"`.
    pub kept: &'static str,
}

#[derive(Debug)]
pub(crate) struct Merged {
    pub result: Described,
    pub conflicts: Vec<Conflict>,
    /// The files do not say `result` yet: a sidecar write is due.
    pub needs_write: bool,
}

/// Merges; `outside_newer` says whether the files changed after the library did (the `newest`
/// policy's tiebreak).
pub(crate) fn merge(
    base: &Described,
    library: &Described,
    outside: &Described,
    policy: ConflictPolicy,
    outside_newer: bool,
) -> Merged {
    let take_outside = match policy {
        ConflictPolicy::Sidecar => true,
        ConflictPolicy::Library => false,
        ConflictPolicy::Newest => outside_newer,
    };
    let written = library.as_written();
    let mut conflicts = Vec::new();
    let mut result = library.clone();

    fn pick<T: PartialEq + Clone>(
        base: &T,
        library: &T,
        written: &T,
        outside: &T,
        take_outside: bool,
    ) -> (T, bool) {
        if outside == base || written == outside {
            (library.clone(), false)
        } else if written == base {
            (outside.clone(), false)
        } else {
            let kept = if take_outside { outside } else { library };
            (kept.clone(), true)
        }
    }
    let shown = |v: &dyn std::fmt::Debug| format!("{v:?}");
    macro_rules! field {
        ($name:ident, $label:literal, $show:expr) => {{
            let (value, clash) = pick(
                &base.$name,
                &library.$name,
                &written.$name,
                &outside.$name,
                take_outside,
            );
            if clash {
                conflicts.push(Conflict {
                    field: $label,
                    library: $show(&library.$name),
                    sidecar: $show(&outside.$name),
                    kept: if take_outside { "sidecar" } else { "library" },
                });
            }
            result.$name = value;
        }};
    }
    field!(rating, "rating", |v: &u8| v.to_string());
    field!(flag, "flag", |v: &crate::organize::Flag| v
        .name()
        .to_string());
    field!(label, "label", |v: &crate::organize::Label| v
        .name()
        .to_string());
    field!(title, "title", |v: &Option<String>| shown(v));
    field!(description, "description", |v: &Option<String>| shown(v));

    let mut tags = library.tags.clone();
    for gone in base.tags.difference(&outside.tags) {
        tags.remove(gone);
    }
    for new in outside.tags.difference(&base.tags) {
        tags.insert(new.clone());
    }
    result.tags = without_ancestors(tags);

    let needs_write = result.as_written() != *outside;
    Merged {
        result,
        conflicts,
        needs_write,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organize::{Flag, Label};

    fn d(rating: u8, label: Label, tags: &[&str]) -> Described {
        Described {
            rating,
            label,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Described::default()
        }
    }

    #[test]
    fn one_sided_changes_are_taken() {
        let base = d(2, Label::Red, &["a", "b"]);
        let library = d(4, Label::Red, &["a", "b", "c"]);
        let outside = d(2, Label::Blue, &["a"]);
        let m = merge(&base, &library, &outside, ConflictPolicy::Newest, false);
        assert_eq!(m.result, d(4, Label::Blue, &["a", "c"]));
        assert!(m.conflicts.is_empty());
        assert!(
            m.needs_write,
            "the sidecar lacks the library's rating and tag"
        );
    }

    #[test]
    fn first_sight_imports_everything() {
        let outside = d(3, Label::Green, &["x/y"]);
        let m = merge(
            &Described::default(),
            &Described::default(),
            &outside,
            ConflictPolicy::Newest,
            true,
        );
        assert_eq!(m.result, outside);
        assert!(!m.needs_write);
    }

    #[test]
    fn conflicts_follow_the_policy() {
        let base = d(1, Label::None, &[]);
        let library = d(5, Label::None, &[]);
        let outside = d(2, Label::None, &[]);
        for (policy, newer, kept) in [
            (ConflictPolicy::Newest, true, 2),
            (ConflictPolicy::Newest, false, 5),
            (ConflictPolicy::Sidecar, false, 2),
            (ConflictPolicy::Library, true, 5),
        ] {
            let m = merge(&base, &library, &outside, policy, newer);
            assert_eq!(m.result.rating, kept, "{policy:?} newer={newer}");
            assert_eq!(m.conflicts.len(), 1);
            assert_eq!(m.conflicts[0].field, "rating");
        }
    }

    #[test]
    fn a_reject_keeps_its_stars_through_its_own_sidecar() {
        let library = Described {
            rating: 3,
            flag: Flag::Reject,
            ..Described::default()
        };
        let written = library.as_written();
        let m = merge(&written, &library, &written, ConflictPolicy::Newest, true);
        assert_eq!(m.result, library);
        assert!(!m.needs_write);
    }
}
