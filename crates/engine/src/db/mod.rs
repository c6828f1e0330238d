//! All SQL: connection setup, the migration runner, and one file of queries per concern.

pub(crate) mod albums;
pub(crate) mod captions;
pub(crate) mod cleanup;
pub(crate) mod connection;
pub(crate) mod facets;
pub(crate) mod failures;
pub(crate) mod find_sql;
pub(crate) mod history;
pub(crate) mod marks;
pub mod migrate;
pub(crate) mod photos;
pub(crate) mod places;
pub(crate) mod position;
pub(crate) mod restore;
pub(crate) mod root_removal;
pub(crate) mod roots;
pub(crate) mod scan_index;
pub(crate) mod settings;
pub(crate) mod snapshot;
pub(crate) mod stats;
pub(crate) mod sync;
pub(crate) mod tags;
pub(crate) mod text_index;
pub(crate) mod thumbs;
pub(crate) mod view;
pub(crate) mod xmp;
