//! The facade's handles, one per concern, so [`crate::Library`] grows by concern rather than as one
//! long list of methods: `library.thumbs()`, `library.settings()` (albums and search will join them).

mod settings;
mod thumbs;

pub use settings::Settings;
pub use thumbs::Thumbs;
