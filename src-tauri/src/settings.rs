//! The one backup remote's settings, kept in the library as typed (validated before they are
//! stored). Never a credential: the engine looks those up in the environment or the AWS profile
//! files. How the last backup ended is the engine's record (`Library::last_backup`).

use shoebox_engine::sync::RemoteTarget;
use shoebox_engine::Library;

use crate::error::{CommandError, CommandResult};

const KEY_URL: &str = "backup.url";
const KEY_ENDPOINT: &str = "backup.endpoint";
const KEY_REGION: &str = "backup.region";
const KEY_INCLUDE_VARIANTS: &str = "backup.include_variants";

/// The saved remote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Remote {
    pub url: Option<String>,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub include_variants: bool,
}

impl Remote {
    pub fn load(lib: &Library) -> shoebox_engine::Result<Remote> {
        let settings = lib.settings();
        Ok(Remote {
            url: settings.get(KEY_URL)?,
            endpoint: settings.get(KEY_ENDPOINT)?,
            region: settings.get(KEY_REGION)?,
            include_variants: settings.get(KEY_INCLUDE_VARIANTS)?.as_deref() == Some("true"),
        })
    }

    pub fn store(&self, lib: &Library) -> shoebox_engine::Result<()> {
        let settings = lib.settings();
        settings.set(KEY_URL, self.url.as_deref())?;
        settings.set(KEY_ENDPOINT, self.endpoint.as_deref())?;
        settings.set(KEY_REGION, self.region.as_deref())?;
        let variants = if self.include_variants {
            "true"
        } else {
            "false"
        };
        settings.set(KEY_INCLUDE_VARIANTS, Some(variants))
    }

    /// The remote to back up to; an invalid one, or none saved yet, is invalid input.
    pub fn target(&self) -> CommandResult<RemoteTarget> {
        let url = self.url.as_deref().ok_or_else(|| {
            CommandError::invalid("no backup remote is set up yet: save one first")
        })?;
        Ok(RemoteTarget::parse(
            url,
            self.endpoint.as_deref(),
            self.region.as_deref(),
        )?)
    }
}
