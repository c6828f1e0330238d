//! Finding photos: the query language (`lex.rs` → `parse.rs`, with `values.rs` giving each
//! `key:value` its typed condition, → the typed tree of `query.rs`, whose text is
//! canonical), names folded for comparison (`fold.rs`), how a text term matches (`text.rs`), and
//! the facet counts a filter bar shows (`facets.rs`). The SQL a query becomes is
//! `db/find_sql.rs`, its text terms `db/text_index.rs`.

pub mod facets;
mod fold;
mod lex;
mod parse;
mod query;
mod text;
mod values;

pub use facets::{Facet, FacetValue, Facets, PlaceCount, SearchPage};
pub use fold::fold;
pub use lex::KEYS;
pub use parse::MAX_QUERY_CHARS;
pub use query::{
    CameraField, Cond, Expr, NumField, NumRange, Orientation, PlaceField, Query, Span,
};
pub use text::{fts_phrase, Needle, SUBSTRING_FROM};
