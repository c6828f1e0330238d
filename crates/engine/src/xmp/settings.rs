//! The library's XMP settings: whether Shoebox writes sidecars (`xmp.sidecars`: `off`, the default,
//! or `write`) and how a conflict between a sidecar edited elsewhere and the library is settled
//! (`xmp.conflicts`: `newest`, the default, `sidecar` or `library`).

use crate::error::{Error, Result};

pub const SIDECARS_KEY: &str = "xmp.sidecars";
pub const CONFLICTS_KEY: &str = "xmp.conflicts";

/// Whether Shoebox writes XMP sidecars. Off by default: Shoebox writes nothing under a root
/// unless asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SidecarMode {
    #[default]
    Off,
    Write,
}

impl SidecarMode {
    pub const NAMES: &[&str] = &["off", "write"];

    pub fn parse(text: &str) -> Result<SidecarMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "off" => Ok(SidecarMode::Off),
            "write" | "on" => Ok(SidecarMode::Write),
            _ => Err(Error::InvalidInput(format!(
                "{SIDECARS_KEY} is off or write, not {text:?}"
            ))),
        }
    }

    /// The stored value; absent or unknown (a newer build's) is the default.
    pub(crate) fn from_setting(stored: Option<&str>) -> SidecarMode {
        stored.and_then(|v| Self::parse(v).ok()).unwrap_or_default()
    }

    pub fn name(self) -> &'static str {
        match self {
            SidecarMode::Off => "off",
            SidecarMode::Write => "write",
        }
    }
}

/// Which side wins a field both the library and a sidecar changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ConflictPolicy {
    /// The side changed last (the sidecar's modification time against the library's change).
    #[default]
    Newest,
    Sidecar,
    Library,
}

impl ConflictPolicy {
    pub const NAMES: &[&str] = &["newest", "sidecar", "library"];

    pub fn parse(text: &str) -> Result<ConflictPolicy> {
        match text.trim().to_ascii_lowercase().as_str() {
            "newest" => Ok(ConflictPolicy::Newest),
            "sidecar" => Ok(ConflictPolicy::Sidecar),
            "library" => Ok(ConflictPolicy::Library),
            _ => Err(Error::InvalidInput(format!(
                "{CONFLICTS_KEY} is newest, sidecar or library, not {text:?}"
            ))),
        }
    }

    /// The stored value; absent or unknown (a newer build's) is the default.
    pub(crate) fn from_setting(stored: Option<&str>) -> ConflictPolicy {
        stored.and_then(|v| Self::parse(v).ok()).unwrap_or_default()
    }

    pub fn name(self) -> &'static str {
        match self {
            ConflictPolicy::Newest => "newest",
            ConflictPolicy::Sidecar => "sidecar",
            ConflictPolicy::Library => "library",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_bad_ones_say_what_is_allowed() {
        for name in SidecarMode::NAMES {
            assert_eq!(SidecarMode::parse(name).unwrap().name(), *name);
        }
        for name in ConflictPolicy::NAMES {
            assert_eq!(ConflictPolicy::parse(name).unwrap().name(), *name);
        }
        assert!(SidecarMode::parse("yes")
            .unwrap_err()
            .to_string()
            .contains("off or write"));
    }
}
