//! The find shapes: a query's problem (the engine's message and its span, in UTF-16 units so the
//! UI slices the text it holds), facets with their values and counts, and photos per place.

use serde::Serialize;
use shoebox_engine::find::{Facet, FacetValue, Facets, PlaceCount};
use shoebox_engine::Error;
use specta::Type;

/// What is wrong with a query, and where: `[start, end)` in UTF-16 code units of the query text.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct QueryProblemDto {
    pub message: String,
    pub start: u32,
    pub end: u32,
}

impl QueryProblemDto {
    /// The problem `error` reports about `text` (the engine's offsets are in characters), or None
    /// when the error is not about the query.
    pub fn of(text: &str, error: &Error) -> Option<QueryProblemDto> {
        let Error::Query {
            message,
            start,
            end,
        } = error
        else {
            return None;
        };
        Some(QueryProblemDto {
            message: message.clone(),
            start: utf16_offset(text, *start),
            end: utf16_offset(text, (*end).max(*start)),
        })
    }
}

/// The UTF-16 offset of character `chars` of `text` (the end of the text when past it).
fn utf16_offset(text: &str, chars: usize) -> u32 {
    text.chars().take(chars).map(char::len_utf16).sum::<usize>() as u32
}

/// One choice of a facet: the value, how to show it, the token that selects it, its count under
/// the filter (without the facet's own terms) and whether the filter selects it.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FacetValueDto {
    pub value: String,
    pub label: String,
    /// The query token that selects it (`camera:"X-T3"`); empty for a choice that has none.
    pub query: String,
    pub count: u64,
    pub selected: bool,
}

/// A facet of the filter panel ("year", "camera", "iso", …) and its values.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct FacetDto {
    pub name: String,
    pub values: Vec<FacetValueDto>,
}

impl From<&FacetValue> for FacetValueDto {
    fn from(v: &FacetValue) -> Self {
        FacetValueDto {
            value: v.value.clone(),
            label: v.label.clone(),
            query: v.query.clone(),
            count: v.count,
            selected: v.selected,
        }
    }
}

impl From<&Facet> for FacetDto {
    fn from(f: &Facet) -> Self {
        FacetDto {
            name: f.name.to_string(),
            values: f.values.iter().map(FacetValueDto::from).collect(),
        }
    }
}

/// Every facet, in the order the panel shows them.
pub fn facets(f: &Facets) -> Vec<FacetDto> {
    f.facets.iter().map(FacetDto::from).collect()
}

/// Photos per place (named offline from GPS positions); the sidebar folds them country → city.
#[derive(Debug, Serialize, Type, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PlaceCountDto {
    pub country: String,
    pub country_code: String,
    pub region: String,
    pub city: String,
    pub place_id: i64,
    pub count: u64,
}

impl From<&PlaceCount> for PlaceCountDto {
    fn from(p: &PlaceCount) -> Self {
        PlaceCountDto {
            country: p.country.clone(),
            country_code: p.country_code.clone(),
            region: p.region.clone(),
            city: p.city.clone(),
            place_id: p.place_id,
            count: p.count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_span_is_in_utf16_units() {
        let e = Error::Query {
            message: "unknown key 'lieu'".into(),
            start: 3,
            end: 7,
        };
        // "🏔 é" is 1 + 1 + 1 characters but 2 + 1 + 1 UTF-16 units.
        let p = QueryProblemDto::of("🏔 élieu:x", &e).unwrap();
        assert_eq!((p.start, p.end), (4, 8));
        assert!(QueryProblemDto::of("x", &Error::InvalidInput("no".into())).is_none());
    }
}
