//! The backup's access keys in the system keyring (Secret Service on Linux, Keychain, Credential
//! Manager), never in the library: [`KeyStore`], the system one ([`SystemKeyring`]) and one in
//! memory for tests ([`MemoryKeys`]). A backup uses them only when the environment and the AWS
//! profile files have none.

use std::sync::Mutex;

use shoebox_engine::sync::Credentials;

/// The keyring entry: service and user as the system keyring shows them.
const SERVICE: &str = "shoebox";
const USER: &str = "backup-s3-access-key";
/// Set to `off` to never touch the system keyring (it then reports itself unavailable).
pub const DISABLE_VAR: &str = "SHOEBOX_KEYRING";

/// Where the keys are kept. Errors are sentences for the pane.
pub trait KeyStore: Send + Sync {
    /// Ok when keys can be stored and read; else why not.
    fn status(&self) -> Result<(), String>;
    fn load(&self) -> Result<Option<Credentials>, String>;
    fn store(&self, credentials: &Credentials) -> Result<(), String>;
    /// Forgets the keys (Ok when there were none).
    fn clear(&self) -> Result<(), String>;
}

/// The secret as kept: the key id, a newline, the secret (neither contains a newline).
fn encode(c: &Credentials) -> String {
    format!("{}\n{}", c.access_key_id, c.secret_access_key)
}

fn decode(text: &str) -> Option<Credentials> {
    let (id, secret) = text.split_once('\n')?;
    (!id.is_empty() && !secret.is_empty()).then(|| Credentials {
        access_key_id: id.to_string(),
        secret_access_key: secret.to_string(),
        session_token: None,
    })
}

/// The system keyring (`keyring` crate, v1 mode: the platform's store).
pub struct SystemKeyring {
    disabled: bool,
}

impl SystemKeyring {
    /// Off when `SHOEBOX_KEYRING=off`.
    pub fn from_env() -> SystemKeyring {
        SystemKeyring::new(std::env::var(DISABLE_VAR).ok().as_deref())
    }

    pub fn new(setting: Option<&str>) -> SystemKeyring {
        SystemKeyring {
            disabled: setting.is_some_and(|v| v.eq_ignore_ascii_case("off")),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, String> {
        if self.disabled {
            return Err(format!(
                "The system keyring is turned off ({DISABLE_VAR}=off)."
            ));
        }
        keyring::Entry::new(SERVICE, USER).map_err(unavailable)
    }
}

/// Why the keyring cannot be used, as a sentence.
fn unavailable(e: keyring::Error) -> String {
    let why = match &e {
        keyring::Error::NoDefaultStore => match keyring::Entry::store_status() {
            Err(inner) => inner.to_string(),
            Ok(()) => e.to_string(),
        },
        _ => e.to_string(),
    };
    format!(
        "The system keyring is not available ({}).",
        why.trim_end_matches('.')
    )
}

impl KeyStore for SystemKeyring {
    fn status(&self) -> Result<(), String> {
        match self.entry()?.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn load(&self) -> Result<Option<Credentials>, String> {
        match self.entry()?.get_password() {
            Ok(text) => Ok(decode(&text)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    fn store(&self, credentials: &Credentials) -> Result<(), String> {
        self.entry()?
            .set_password(&encode(credentials))
            .map_err(unavailable)
    }

    fn clear(&self) -> Result<(), String> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Keys in memory (tests): available, or unavailable with a reason.
pub struct MemoryKeys {
    keys: Mutex<Option<String>>,
    unavailable: Option<String>,
}

impl MemoryKeys {
    pub fn available() -> MemoryKeys {
        MemoryKeys {
            keys: Mutex::new(None),
            unavailable: None,
        }
    }

    pub fn unavailable(why: &str) -> MemoryKeys {
        MemoryKeys {
            keys: Mutex::new(None),
            unavailable: Some(why.to_string()),
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Option<String>>, String> {
        if let Some(why) = &self.unavailable {
            return Err(why.clone());
        }
        Ok(self.keys.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl KeyStore for MemoryKeys {
    fn status(&self) -> Result<(), String> {
        self.lock().map(|_| ())
    }
    fn load(&self) -> Result<Option<Credentials>, String> {
        Ok(self.lock()?.as_deref().and_then(decode))
    }
    fn store(&self, credentials: &Credentials) -> Result<(), String> {
        *self.lock()? = Some(encode(credentials));
        Ok(())
    }
    fn clear(&self) -> Result<(), String> {
        *self.lock()? = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_a_turned_off_keyring_says_so() {
        let c = Credentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_access_key: "wJalr/XUtnFEMI+K7MDENG".into(),
            session_token: None,
        };
        assert_eq!(decode(&encode(&c)), Some(c.clone()));
        assert_eq!(decode("no-newline"), None);
        let memory = MemoryKeys::available();
        memory.store(&c).unwrap();
        assert_eq!(memory.load().unwrap(), Some(c));
        memory.clear().unwrap();
        assert_eq!(memory.load().unwrap(), None);
        let off = SystemKeyring::new(Some("off"));
        let why = off.status().unwrap_err();
        assert!(
            why.contains("SHOEBOX_KEYRING=off") && why.ends_with('.'),
            "{why}"
        );
    }
}
