//! `tag …`: one engine call each.

use anyhow::Result;
use shoebox_engine::Library;

use super::organize::{ids, print_outcome};
use super::print_json;
use crate::args::TagCommand;
use crate::json::TagsJson;

pub fn run(library: &Library, command: &TagCommand, json: bool) -> Result<()> {
    let org = library.organize();
    let outcome = match command {
        TagCommand::Add { tag, photos } => org.tag_photos(tag, &ids(photos)?)?,
        TagCommand::Remove { tag, photos } => org.untag_photos(tag, &ids(photos)?)?,
        TagCommand::Rename { old, new } => org.rename_tag(old, new)?,
        TagCommand::Delete { tag } => org.delete_tag(tag)?,
        TagCommand::List => {
            let tags = org.tags()?;
            if json {
                return print_json(&TagsJson::new(&tags));
            }
            for t in &tags {
                println!("{:>7}  {}", t.count, t.path);
            }
            return Ok(());
        }
    };
    print_outcome(&outcome, json)
}
