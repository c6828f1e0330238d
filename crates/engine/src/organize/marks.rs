//! Marks on a photo: favourite, rating, flag and colour label, separate fields so one never clobbers
//! another (a reject keeps its stars), with their stored codes and their names in the CLI and the app.

use crate::error::{Error, Result};

/// Pick / reject, Lightroom's flag.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Flag {
    #[default]
    None,
    Pick,
    Reject,
}

impl Flag {
    pub const ALL: [Flag; 3] = [Flag::None, Flag::Pick, Flag::Reject];

    pub fn name(self) -> &'static str {
        match self {
            Flag::None => "none",
            Flag::Pick => "pick",
            Flag::Reject => "reject",
        }
    }

    pub fn parse(text: &str) -> Result<Flag> {
        Flag::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown flag {text:?} (expected pick, reject or none)"
                ))
            })
    }

    pub(crate) fn code(self) -> i64 {
        match self {
            Flag::None => 0,
            Flag::Pick => 1,
            Flag::Reject => -1,
        }
    }

    pub(crate) fn from_code(code: i64) -> Flag {
        match code {
            1 => Flag::Pick,
            -1 => Flag::Reject,
            _ => Flag::None,
        }
    }
}

/// A colour label (Lightroom's five; 6–9 in the app are red to blue).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Label {
    #[default]
    None,
    Red,
    Yellow,
    Green,
    Blue,
    Purple,
}

impl Label {
    pub const ALL: [Label; 6] = [
        Label::None,
        Label::Red,
        Label::Yellow,
        Label::Green,
        Label::Blue,
        Label::Purple,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Label::None => "none",
            Label::Red => "red",
            Label::Yellow => "yellow",
            Label::Green => "green",
            Label::Blue => "blue",
            Label::Purple => "purple",
        }
    }

    pub fn parse(text: &str) -> Result<Label> {
        Label::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown label {text:?} (expected red, yellow, green, blue, purple or none)"
                ))
            })
    }

    pub(crate) fn code(self) -> i64 {
        Label::ALL.iter().position(|l| *l == self).unwrap_or(0) as i64
    }

    pub(crate) fn from_code(code: i64) -> Label {
        usize::try_from(code)
            .ok()
            .and_then(|i| Label::ALL.get(i).copied())
            .unwrap_or_default()
    }
}

/// Every mark of one photo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    pub favourite: bool,
    /// 0 (none) to 5 stars.
    pub rating: u8,
    pub flag: Flag,
    pub label: Label,
}

/// What a mark action sets; `None` leaves that field as it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkChange {
    pub favourite: Option<bool>,
    pub rating: Option<u8>,
    pub flag: Option<Flag>,
    pub label: Option<Label>,
}

/// A stored mark column: its code in `history_marks.field` and the photos column it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkField {
    Favourite = 1,
    Rating = 2,
    Flag = 3,
    Label = 4,
}

impl MarkField {
    pub(crate) const ALL: [MarkField; 4] = [
        MarkField::Favourite,
        MarkField::Rating,
        MarkField::Flag,
        MarkField::Label,
    ];

    pub(crate) fn column(self) -> &'static str {
        match self {
            MarkField::Favourite => "favourite",
            MarkField::Rating => "rating",
            MarkField::Flag => "flag",
            MarkField::Label => "label",
        }
    }
}

impl MarkChange {
    /// The fields this change sets, as (field, stored value). A rating over 5 is refused.
    pub(crate) fn fields(&self) -> Result<Vec<(MarkField, i64)>> {
        if let Some(rating) = self.rating.filter(|r| *r > 5) {
            return Err(Error::InvalidInput(format!(
                "rating {rating} is out of range (0 to 5 stars)"
            )));
        }
        let fields: Vec<(MarkField, i64)> = [
            self.favourite.map(|f| (MarkField::Favourite, i64::from(f))),
            self.rating.map(|r| (MarkField::Rating, i64::from(r))),
            self.flag.map(|f| (MarkField::Flag, f.code())),
            self.label.map(|l| (MarkField::Label, l.code())),
        ]
        .into_iter()
        .flatten()
        .collect();
        if fields.is_empty() {
            return Err(Error::InvalidInput(
                "nothing to mark: give a rating, a flag, a label or favourite".into(),
            ));
        }
        Ok(fields)
    }

    /// How the history names this change ("Rate 4 stars", "Reject", "Label red", "Favourite").
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(f) = self.favourite {
            parts.push(if f {
                "Favourite".into()
            } else {
                "Unfavourite".into()
            });
        }
        if let Some(r) = self.rating {
            parts.push(match r {
                0 => "Clear rating".to_string(),
                1 => "Rate 1 star".to_string(),
                n => format!("Rate {n} stars"),
            });
        }
        if let Some(f) = self.flag {
            parts.push(
                match f {
                    Flag::None => "Unflag",
                    Flag::Pick => "Pick",
                    Flag::Reject => "Reject",
                }
                .into(),
            );
        }
        if let Some(l) = self.label {
            parts.push(match l {
                Label::None => "Clear label".to_string(),
                l => format!("Label {}", l.name()),
            });
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for f in Flag::ALL {
            assert_eq!(Flag::parse(f.name()).unwrap(), f);
            assert_eq!(Flag::from_code(f.code()), f);
        }
        for l in Label::ALL {
            assert_eq!(Label::parse(l.name()).unwrap(), l);
            assert_eq!(Label::from_code(l.code()), l);
        }
        assert!(Flag::parse("maybe").is_err());
        assert!(Label::parse("orange").is_err());
    }

    #[test]
    fn a_change_names_its_fields_and_refuses_six_stars() {
        let change = MarkChange {
            rating: Some(4),
            flag: Some(Flag::Reject),
            ..MarkChange::default()
        };
        assert_eq!(change.describe(), "Rate 4 stars, Reject");
        assert_eq!(
            change.fields().unwrap(),
            vec![(MarkField::Rating, 4), (MarkField::Flag, -1)]
        );
        let six = MarkChange {
            rating: Some(6),
            ..MarkChange::default()
        };
        assert!(six.fields().unwrap_err().to_string().contains("rating 6"));
        assert!(MarkChange::default().fields().is_err());
    }
}
