//! AWS credentials and region, found the way the AWS CLI finds them: the environment first, then the
//! shared credentials and config files of `AWS_PROFILE` (or `default`). Never stored, never printed.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::SyncError;

/// Keys for signing requests. `Debug` shows only the access key's first characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.access_key_id.chars().take(4).collect();
        write!(f, "Credentials({shown}…, secret hidden)")
    }
}

/// Where to look: the process environment and the user's home (tests pass their own).
pub struct CredentialSource {
    pub env: HashMap<String, String>,
    pub home: Option<PathBuf>,
}

impl CredentialSource {
    pub fn from_process() -> Self {
        CredentialSource {
            env: std::env::vars().collect(),
            home: dirs::home_dir(),
        }
    }

    fn var(&self, name: &str) -> Option<&str> {
        self.env
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn profile(&self) -> &str {
        self.var("AWS_PROFILE").unwrap_or("default")
    }

    fn file(&self, var: &str, default_name: &str) -> Option<PathBuf> {
        match self.var(var) {
            Some(path) => Some(PathBuf::from(path)),
            None => self
                .home
                .as_ref()
                .map(|h| h.join(".aws").join(default_name)),
        }
    }

    /// The profile's section of the credentials file, then of the config file.
    fn profile_values(&self) -> HashMap<String, String> {
        let profile = self.profile();
        let mut values = HashMap::new();
        if let Some(path) = self.file("AWS_CONFIG_FILE", "config") {
            let section = if profile == "default" {
                "default".to_string()
            } else {
                format!("profile {profile}")
            };
            values.extend(read_section(&path, &section));
        }
        if let Some(path) = self.file("AWS_SHARED_CREDENTIALS_FILE", "credentials") {
            values.extend(read_section(&path, profile));
        }
        values
    }

    /// Credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` (+`AWS_SESSION_TOKEN`), else from
    /// the profile's files.
    pub fn credentials(&self) -> Result<Credentials, SyncError> {
        if let (Some(id), Some(secret)) = (
            self.var("AWS_ACCESS_KEY_ID"),
            self.var("AWS_SECRET_ACCESS_KEY"),
        ) {
            return Ok(Credentials {
                access_key_id: id.to_string(),
                secret_access_key: secret.to_string(),
                session_token: self.var("AWS_SESSION_TOKEN").map(str::to_string),
            });
        }
        let values = self.profile_values();
        match (
            values.get("aws_access_key_id"),
            values.get("aws_secret_access_key"),
        ) {
            (Some(id), Some(secret)) => Ok(Credentials {
                access_key_id: id.clone(),
                secret_access_key: secret.clone(),
                session_token: values.get("aws_session_token").cloned(),
            }),
            _ => Err(SyncError::NoCredentials(self.profile().to_string())),
        }
    }

    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
    pub fn region(&self) -> String {
        self.var("AWS_REGION")
            .or_else(|| self.var("AWS_DEFAULT_REGION"))
            .map(str::to_string)
            .or_else(|| self.profile_values().remove("region"))
            .unwrap_or_else(|| "us-east-1".to_string())
    }
}

/// `key = value` lines of one `[section]` of an INI file; empty when the file or section is absent.
fn read_section(path: &Path, section: &str) -> HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return HashMap::new();
    };
    let mut inside = false;
    let mut values = HashMap::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == section;
        } else if inside {
            if let Some((key, value)) = line.split_once('=') {
                values.insert(key.trim().to_lowercase(), value.trim().to_string());
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(env: &[(&str, &str)], home: Option<&Path>) -> CredentialSource {
        CredentialSource {
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            home: home.map(Path::to_path_buf),
        }
    }

    #[test]
    fn environment_wins_over_files() {
        let s = source(
            &[
                ("AWS_ACCESS_KEY_ID", "AKIAENV"),
                ("AWS_SECRET_ACCESS_KEY", "s3cret"),
            ],
            None,
        );
        let c = s.credentials().unwrap();
        assert_eq!(c.access_key_id, "AKIAENV");
        assert!(!format!("{c:?}").contains("s3cret"));
        assert!(!format!("{c:?}").contains("AKIAENV"));
        assert_eq!(s.region(), "us-east-1");
    }

    #[test]
    fn reads_the_named_profile_from_the_shared_files() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".aws")).unwrap();
        std::fs::write(
            home.path().join(".aws/credentials"),
            "[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = d\n\n[work]\n# comment\naws_access_key_id=AKIAWORK\naws_secret_access_key = w\n",
        )
        .unwrap();
        std::fs::write(
            home.path().join(".aws/config"),
            "[default]\nregion = eu-west-1\n[profile work]\nregion = ap-south-1\n",
        )
        .unwrap();
        let default = source(&[], Some(home.path()));
        assert_eq!(default.credentials().unwrap().access_key_id, "AKIADEF");
        assert_eq!(default.region(), "eu-west-1");
        let work = source(&[("AWS_PROFILE", "work")], Some(home.path()));
        assert_eq!(work.credentials().unwrap().secret_access_key, "w");
        assert_eq!(work.region(), "ap-south-1");
        let missing = source(&[("AWS_PROFILE", "nope")], Some(home.path()));
        assert!(matches!(missing.credentials(), Err(SyncError::NoCredentials(p)) if p == "nope"));
    }
}
