//! `library.settings()`: small named values kept in the library (the app's backup remote); never a
//! secret. Reads go through the read-only connection, writes through the writer.

use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::db;
use crate::error::{Error, Result};
use crate::xmp::settings::{ConflictPolicy, SidecarMode, CONFLICTS_KEY, SIDECARS_KEY};

/// A setting a user may change by name (`shoebox settings set`, the app's settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    pub key: &'static str,
    pub values: &'static [&'static str],
    pub default: &'static str,
    pub about: &'static str,
}

/// The settings a user may change.
pub const USER_SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: SIDECARS_KEY,
        values: SidecarMode::NAMES,
        default: "off",
        about: "write marks, tags, title and description to XMP sidecars",
    },
    SettingSpec {
        key: CONFLICTS_KEY,
        values: ConflictPolicy::NAMES,
        default: "newest",
        about: "who wins a field changed in the library and in a sidecar",
    },
];

fn spec(key: &str) -> Result<&'static SettingSpec> {
    USER_SETTINGS.iter().find(|s| s.key == key).ok_or_else(|| {
        let known: Vec<&str> = USER_SETTINGS.iter().map(|s| s.key).collect();
        Error::InvalidInput(format!(
            "unknown setting {key:?} (known: {})",
            known.join(", ")
        ))
    })
}

/// The library's settings.
pub struct Settings<'a> {
    reader: &'a Mutex<Connection>,
    writer: &'a Mutex<Connection>,
}

fn lock(conn: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    conn.lock().unwrap_or_else(|e| e.into_inner())
}

impl<'a> Settings<'a> {
    pub(crate) fn new(reader: &'a Mutex<Connection>, writer: &'a Mutex<Connection>) -> Self {
        Settings { reader, writer }
    }

    /// The value stored under `key`, if any.
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        db::settings::get(&lock(self.reader), key)
    }

    /// A user setting's value, or its default.
    pub fn user_value(&self, key: &str) -> Result<String> {
        let spec = spec(key)?;
        Ok(self.get(key)?.unwrap_or_else(|| spec.default.to_string()))
    }

    /// Sets a user setting, checked against what it may be; the stored value.
    pub fn set_user(&self, key: &str, value: &str) -> Result<String> {
        let spec = spec(key)?;
        let value = value.trim().to_ascii_lowercase();
        let value = match key {
            SIDECARS_KEY => SidecarMode::parse(&value)?.name(),
            CONFLICTS_KEY => ConflictPolicy::parse(&value)?.name(),
            _ => spec.values.iter().find(|v| **v == value).ok_or_else(|| {
                Error::InvalidInput(format!("{key} is one of {}", spec.values.join(", ")))
            })?,
        };
        self.set(key, Some(value))?;
        Ok(value.to_string())
    }

    /// Stores `value` under `key`; `None` removes it.
    pub fn set(&self, key: &str, value: Option<&str>) -> Result<()> {
        db::settings::set(&lock(self.writer), key, value)
    }
}
