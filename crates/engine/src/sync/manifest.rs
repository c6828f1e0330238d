//! The manifest object (`PREFIX/manifest.json`): every backed-up photo's path, date and size, and the
//! keys of its original and variants, so a bucket alone is enough to rebuild a library. It holds no
//! timestamp of its own, so an unchanged library yields identical bytes and nothing is re-sent.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use super::target::RemoteTarget;
use crate::db::sync::ManifestRow;
use crate::paths;

/// The manifest's bytes: the photos whose original the remote holds (`held` lists full keys).
/// `original_keys` maps each content hash to the one key its bytes went up under (duplicates whose
/// detected formats differ share it).
pub fn build(
    rows: &[ManifestRow],
    target: &RemoteTarget,
    original_keys: &HashMap<[u8; 32], String>,
    held: &HashSet<String>,
    variant_sizes: &[u32],
) -> Vec<u8> {
    let relative = |key: String| -> String {
        if target.prefix.is_empty() {
            key
        } else {
            key[target.prefix.len() + 1..].to_string()
        }
    };
    let photos: Vec<Value> = rows
        .iter()
        .filter_map(|row| {
            let original = original_keys.get(&row.hash)?.clone();
            if !held.contains(&original) {
                return None;
            }
            let variants: Vec<String> = variant_sizes
                .iter()
                .map(|&size| target.variant_key(&row.hash, size))
                .filter(|key| held.contains(key))
                .map(relative)
                .collect();
            let taken_at = chrono::DateTime::from_timestamp(row.taken_at, 0)
                .map(|t| t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string());
            Some(json!({
                "id": row.id,
                "path": paths::from_bytes(&row.path).to_string_lossy(),
                "size": row.size,
                "taken_at": taken_at,
                "original": relative(original),
                "variants": variants,
            }))
        })
        .collect();
    let manifest = json!({
        "format": "shoebox-manifest/1",
        "photos": photos,
    });
    // Compact: at 500,000 photos every byte per entry is half a megabyte.
    let mut bytes = serde_json::to_vec(&manifest).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_only_held_originals_with_relative_keys() {
        let target = RemoteTarget::parse("s3://bkt/me", None, None).unwrap();
        let row = |id, hash: u8| ManifestRow {
            id,
            path: format!("/p/{id}.jpg").into_bytes(),
            size: 10,
            taken_at: 1_700_000_000,
            hash: [hash; 32],
        };
        let rows = [row(1, 1), row(2, 2)];
        let held: HashSet<String> = [
            target.original_key(&[1; 32], "jpg"),
            target.variant_key(&[1; 32], 320),
        ]
        .into();
        let keys: HashMap<[u8; 32], String> = [1u8, 2]
            .map(|h| ([h; 32], target.original_key(&[h; 32], "jpg")))
            .into();
        let bytes = build(&rows, &target, &keys, &held, &[320, 1280]);
        let parsed: Value = serde_json::from_slice(&bytes).unwrap();
        let photos = parsed["photos"].as_array().unwrap();
        assert_eq!(photos.len(), 1);
        assert_eq!(photos[0]["path"], "/p/1.jpg");
        assert_eq!(
            photos[0]["original"],
            format!("originals/{}.jpg", "01".repeat(32))
        );
        assert_eq!(photos[0]["variants"].as_array().unwrap().len(), 1);
        assert_eq!(photos[0]["taken_at"], "2023-11-14T22:13:20");
        assert_eq!(
            build(&rows, &target, &keys, &held, &[320]),
            build(&rows, &target, &keys, &held, &[320])
        );
        // A duplicate whose format was detected otherwise is listed under the key its bytes went up as.
        let tiff = row(3, 1);
        let keys = HashMap::from([([1; 32], target.original_key(&[1; 32], "jpg"))]);
        let both = build(&[rows[0].clone(), tiff], &target, &keys, &held, &[]);
        let parsed: Value = serde_json::from_slice(&both).unwrap();
        assert_eq!(parsed["photos"].as_array().unwrap().len(), 2);
    }
}
