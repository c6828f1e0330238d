//! `shoebox settings list|get|set`: the library's user settings, checked against what each may be.

use anyhow::Result;
use serde::Serialize;
use shoebox_engine::{Library, USER_SETTINGS};

use super::print_json;
use crate::args::SettingsCommand;

/// `settings --json`: `{settings: [{key, value, values, default, about}]}`. Add fields, rename none.
#[derive(Serialize)]
struct SettingJson {
    key: &'static str,
    value: String,
    values: &'static [&'static str],
    default: &'static str,
    about: &'static str,
}

pub fn run(library: &Library, command: &SettingsCommand, json: bool) -> Result<()> {
    let settings = library.settings();
    match command {
        SettingsCommand::List => {
            let list = USER_SETTINGS
                .iter()
                .map(|s| {
                    Ok(SettingJson {
                        key: s.key,
                        value: settings.user_value(s.key)?,
                        values: s.values,
                        default: s.default,
                        about: s.about,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            if json {
                return print_json(&serde_json::json!({ "settings": list }));
            }
            for s in list {
                println!(
                    "{} = {}   ({}; one of {}; default {})",
                    s.key,
                    s.value,
                    s.about,
                    s.values.join(", "),
                    s.default
                );
            }
        }
        SettingsCommand::Get { key } => {
            let value = settings.user_value(key)?;
            if json {
                return print_json(&serde_json::json!({ "key": key, "value": value }));
            }
            println!("{value}");
        }
        SettingsCommand::Set { key, value } => {
            let value = settings.set_user(key, value)?;
            if json {
                return print_json(&serde_json::json!({ "key": key, "value": value }));
            }
            println!("{key} = {value}");
        }
    }
    Ok(())
}
