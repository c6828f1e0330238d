//! XMP and IPTC as Lightroom, digiKam, darktable and Bridge write them: what a photo's embedded
//! packet, IPTC block and sidecar say about its rating, flag, label, tags, title and description
//! ([`Said`], one source; [`Described`], the photo), which sidecar belongs to which photo, the
//! rewrite of a sidecar that keeps every element Shoebox does not manage, and the three-way merge
//! of outside edits with the library's.

pub(crate) mod merge;
pub(crate) mod packet;
pub(crate) mod read;
pub(crate) mod rewrite;
pub mod settings;
pub(crate) mod sidecar;

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::model::PhotoId;
use crate::organize::{Flag, Label};

/// A settled conflict as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRecord {
    pub photo_id: PhotoId,
    pub path: std::path::PathBuf,
    pub field: String,
    pub library: String,
    pub sidecar: String,
    pub kept: String,
    pub policy: String,
    /// Unix seconds.
    pub at: i64,
}

/// The fields Shoebox and the other tools share, as bits (which fields a source speaks for).
pub(crate) mod field {
    pub const RATING: u8 = 1;
    pub const FLAG: u8 = 2;
    pub const LABEL: u8 = 4;
    pub const TAGS: u8 = 8;
    pub const TITLE: u8 = 16;
    pub const DESCRIPTION: u8 = 32;
}

/// How a photo is described, in Shoebox's terms: what the library holds, or what its files say
/// once every source is layered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Described {
    /// 0 (none) to 5 stars.
    pub rating: u8,
    pub flag: Flag,
    pub label: Label,
    /// Tag paths, `Places/France/Paris`; never a tag together with its ancestor.
    pub tags: BTreeSet<String>,
    pub title: Option<String>,
    pub description: Option<String>,
}

impl Described {
    /// What a sidecar written from these values reads back as: a reject is written as Lightroom's
    /// and Bridge's `xmp:Rating="-1"`, so its stars do not travel.
    pub(crate) fn as_written(&self) -> Described {
        let mut out = self.clone();
        if out.flag == Flag::Reject {
            out.rating = 0;
        }
        out
    }

    /// These values as a source that speaks for every field.
    pub(crate) fn said(&self) -> Said {
        Said {
            rating: Some(self.rating),
            flag: Some(self.flag),
            label: Some(self.label),
            tags: Some(self.tags.clone()),
            title: Some(self.title.clone().unwrap_or_default()),
            description: Some(self.description.clone().unwrap_or_default()),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        *self == Described::default()
    }

    /// The stored form of a merge base.
    pub(crate) fn to_json(&self) -> String {
        json!({
            "rating": self.rating,
            "flag": self.flag.name(),
            "label": self.label.name(),
            "tags": self.tags.iter().collect::<Vec<_>>(),
            "title": self.title,
            "description": self.description,
        })
        .to_string()
    }

    pub(crate) fn from_json(text: &str) -> Described {
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            return Described::default();
        };
        let text_of = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
        Described {
            rating: value
                .get("rating")
                .and_then(Value::as_u64)
                .map_or(0, |r| r.min(5) as u8),
            flag: text_of("flag")
                .and_then(|f| Flag::parse(&f).ok())
                .unwrap_or_default(),
            label: text_of("label")
                .and_then(|l| Label::parse(&l).ok())
                .unwrap_or_default(),
            tags: value
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| {
                    tags.iter()
                        .filter_map(|t| t.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            title: text_of("title"),
            description: text_of("description"),
        }
    }
}

/// What one source (a sidecar, the embedded XMP, the IPTC block) says; `None`: it says nothing
/// of that field. An empty title is `Some("")`: the source cleared it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Said {
    pub rating: Option<u8>,
    pub flag: Option<Flag>,
    pub label: Option<Label>,
    pub tags: Option<BTreeSet<String>>,
    pub title: Option<String>,
    pub description: Option<String>,
}

impl Said {
    /// This source over `under`: each field from the first that speaks for it.
    pub(crate) fn over(self, under: Said) -> Said {
        Said {
            rating: self.rating.or(under.rating),
            flag: self.flag.or(under.flag),
            label: self.label.or(under.label),
            tags: self.tags.or(under.tags),
            title: self.title.or(under.title),
            description: self.description.or(under.description),
        }
    }

    /// The fields this source speaks for, as [`field`] bits.
    pub(crate) fn fields(&self) -> u8 {
        let mut bits = 0;
        for (present, bit) in [
            (self.rating.is_some(), field::RATING),
            (self.flag.is_some(), field::FLAG),
            (self.label.is_some(), field::LABEL),
            (self.tags.is_some(), field::TAGS),
            (self.title.is_some(), field::TITLE),
            (self.description.is_some(), field::DESCRIPTION),
        ] {
            if present {
                bits |= bit;
            }
        }
        bits
    }

    /// The photo as these sources describe it: what is not said is empty.
    pub(crate) fn described(&self) -> Described {
        let text = |t: &Option<String>| {
            t.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        Described {
            rating: self.rating.unwrap_or(0),
            flag: self.flag.unwrap_or_default(),
            label: self.label.unwrap_or_default(),
            tags: self.tags.clone().unwrap_or_default(),
            title: text(&self.title),
            description: text(&self.description),
        }
    }
}

/// `paths` without any path that is an ancestor of another (`A` when `A/B` is there): a photo
/// never carries a tag and its ancestor.
pub(crate) fn without_ancestors(paths: BTreeSet<String>) -> BTreeSet<String> {
    let implied: Vec<String> = paths
        .iter()
        .filter(|p| {
            let prefix = format!("{p}/");
            paths
                .iter()
                .any(|q| q.len() > prefix.len() && q[..prefix.len()].eq_ignore_ascii_case(&prefix))
        })
        .cloned()
        .collect();
    let mut paths = paths;
    for p in implied {
        paths.remove(&p);
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layering_takes_each_field_from_the_first_source_that_speaks() {
        let sidecar = Said {
            rating: Some(4),
            title: Some(String::new()),
            ..Said::default()
        };
        let embedded = Said {
            rating: Some(2),
            label: Some(Label::Red),
            title: Some("Old".into()),
            ..Said::default()
        };
        let d = sidecar.over(embedded).described();
        assert_eq!((d.rating, d.label, d.title), (4, Label::Red, None));
    }

    #[test]
    fn a_base_round_trips_through_its_stored_form() {
        let d = Described {
            rating: 3,
            flag: Flag::Reject,
            label: Label::Blue,
            tags: ["A/B".to_string(), "C".to_string()].into(),
            title: Some("T \"q\"".into()),
            description: None,
        };
        assert_eq!(Described::from_json(&d.to_json()), d);
        assert_eq!(d.as_written().rating, 0);
        assert_eq!(Described::from_json("not json"), Described::default());
    }

    #[test]
    fn ancestors_are_implied() {
        let paths = ["A".to_string(), "A/B".into(), "AB".into(), "C/D".into()].into();
        let kept: Vec<_> = without_ancestors(paths).into_iter().collect();
        assert_eq!(kept, ["A/B", "AB", "C/D"]);
    }
}
