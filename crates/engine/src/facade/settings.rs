//! `library.settings()`: small named values kept in the library (the app's backup remote); never a
//! secret. Reads go through the read-only connection, writes through the writer.

use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::db;
use crate::error::Result;

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

    /// Stores `value` under `key`; `None` removes it.
    pub fn set(&self, key: &str, value: Option<&str>) -> Result<()> {
        db::settings::set(&lock(self.writer), key, value)
    }
}
