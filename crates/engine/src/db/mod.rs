//! All SQL: connection setup, the migration runner, and one file of queries per concern.

pub(crate) mod connection;
pub(crate) mod failures;
pub mod migrate;
pub(crate) mod photos;
pub(crate) mod position;
pub(crate) mod root_removal;
pub(crate) mod roots;
pub(crate) mod scan_index;
pub(crate) mod settings;
pub(crate) mod stats;
pub(crate) mod sync;
pub(crate) mod thumbs;
