//! The two small objects that describe the library's data in a bucket, read by restore and written by
//! sync: a snapshot's chunk list (`library/snapshots/<id>.json.zst`) and the pointer
//! (`library/latest.json`) naming the newest snapshot and the ones kept before it.

use serde_json::{json, Value};

use crate::cache::{hex, parse_hex32};

/// The format names written and accepted.
pub const SNAPSHOT_FORMAT: &str = "shoebox-snapshot/1";
pub const POINTER_FORMAT: &str = "shoebox-library/1";

/// One piece of a snapshot file: the BLAKE3 of its raw bytes and its compressed size in the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkRef {
    pub hash: [u8; 32],
    pub stored: u64,
}

/// A snapshot: the file (`size` bytes, BLAKE3 `id`) is its chunks, each `chunk_size` bytes (the last
/// one shorter), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    pub id: String,
    pub size: u64,
    pub chunk_size: u64,
    pub schema_version: i64,
    pub photos: u64,
    pub chunks: Vec<ChunkRef>,
}

impl Recipe {
    /// What the snapshot weighs in the bucket: every distinct chunk's compressed size.
    pub fn stored_bytes(&self) -> u64 {
        let mut seen = std::collections::HashSet::new();
        self.chunks
            .iter()
            .filter(|c| seen.insert(c.hash))
            .map(|c| c.stored)
            .sum()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let chunks: Vec<Value> = self
            .chunks
            .iter()
            .map(|c| json!([hex(&c.hash), c.stored]))
            .collect();
        let value = json!({
            "format": SNAPSHOT_FORMAT,
            "id": self.id,
            "size": self.size,
            "chunk_size": self.chunk_size,
            "schema_version": self.schema_version,
            "photos": self.photos,
            "chunks": chunks,
        });
        serde_json::to_vec(&value).unwrap_or_default()
    }

    pub fn parse(bytes: &[u8]) -> Result<Recipe, String> {
        let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e})"))?;
        if v["format"] != SNAPSHOT_FORMAT {
            return Err(format!(
                "unknown snapshot format {} (this build reads {SNAPSHOT_FORMAT})",
                v["format"]
            ));
        }
        let num = |k: &str| v[k].as_u64().ok_or_else(|| format!("no {k}"));
        let chunks = v["chunks"]
            .as_array()
            .ok_or("no chunk list")?
            .iter()
            .map(|c| {
                let hash = c[0]
                    .as_str()
                    .and_then(parse_hex32)
                    .ok_or("bad chunk hash")?;
                let stored = c[1].as_u64().ok_or("bad chunk size")?;
                Ok(ChunkRef { hash, stored })
            })
            .collect::<Result<Vec<_>, &str>>()?;
        let recipe = Recipe {
            id: v["id"].as_str().ok_or("no id")?.to_string(),
            size: num("size")?,
            chunk_size: num("chunk_size")?,
            schema_version: v["schema_version"].as_i64().ok_or("no schema_version")?,
            photos: num("photos")?,
            chunks,
        };
        if recipe.chunk_size == 0
            || recipe.size.div_ceil(recipe.chunk_size) != recipe.chunks.len() as u64
        {
            return Err("the chunk list does not cover the file".into());
        }
        Ok(recipe)
    }
}

/// One snapshot as the pointer lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub id: String,
    pub created_at: String,
    pub photos: u64,
    pub schema_version: i64,
    pub stored_bytes: u64,
}

/// `library/latest.json`: the newest snapshot first, then the older ones still kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pointer {
    pub kept: Vec<Kept>,
}

impl Pointer {
    pub fn latest(&self) -> Option<&Kept> {
        self.kept.first()
    }

    pub fn to_bytes(&self, snapshot_key: impl Fn(&str) -> String) -> Vec<u8> {
        let entry = |k: &Kept| {
            json!({
                "id": k.id,
                "key": snapshot_key(&k.id),
                "created_at": k.created_at,
                "photos": k.photos,
                "schema_version": k.schema_version,
                "bytes": k.stored_bytes,
            })
        };
        let latest = self.latest().map(entry).unwrap_or(Value::Null);
        let value = json!({
            "format": POINTER_FORMAT,
            "snapshot": latest.get("id"),
            "key": latest.get("key"),
            "schema_version": latest.get("schema_version"),
            "created_at": latest.get("created_at"),
            "photos": latest.get("photos"),
            "kept": self.kept.iter().map(entry).collect::<Vec<_>>(),
        });
        let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    pub fn parse(bytes: &[u8]) -> Result<Pointer, String> {
        let v: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e})"))?;
        if v["format"] != POINTER_FORMAT {
            return Err(format!(
                "unknown format {} (this build reads {POINTER_FORMAT})",
                v["format"]
            ));
        }
        let kept = v["kept"]
            .as_array()
            .ok_or("no list of kept snapshots")?
            .iter()
            .map(|k| {
                Some(Kept {
                    id: k["id"].as_str()?.to_string(),
                    created_at: k["created_at"].as_str().unwrap_or("").to_string(),
                    photos: k["photos"].as_u64().unwrap_or(0),
                    schema_version: k["schema_version"].as_i64()?,
                    stored_bytes: k["bytes"].as_u64().unwrap_or(0),
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or("a kept snapshot without id or schema version")?;
        Ok(Pointer { kept })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipe_and_pointer_round_trip() {
        let recipe = Recipe {
            id: "ab".repeat(32),
            size: 10,
            chunk_size: 4,
            schema_version: 7,
            photos: 2,
            chunks: vec![
                ChunkRef {
                    hash: [1; 32],
                    stored: 3,
                },
                ChunkRef {
                    hash: [2; 32],
                    stored: 5,
                },
                ChunkRef {
                    hash: [1; 32],
                    stored: 3,
                },
            ],
        };
        assert_eq!(Recipe::parse(&recipe.to_bytes()).unwrap(), recipe);
        assert_eq!(recipe.stored_bytes(), 8);
        let short = Recipe {
            size: 20,
            ..recipe.clone()
        };
        assert!(Recipe::parse(&short.to_bytes()).is_err());
        let pointer = Pointer {
            kept: vec![Kept {
                id: recipe.id.clone(),
                created_at: "2025-01-01T00:00:00Z".into(),
                photos: 2,
                schema_version: 7,
                stored_bytes: 8,
            }],
        };
        let bytes = pointer.to_bytes(|id| format!("library/snapshots/{id}.json.zst"));
        assert_eq!(Pointer::parse(&bytes).unwrap(), pointer);
        assert!(Pointer::parse(b"{\"format\":\"other\"}").is_err());
    }
}
