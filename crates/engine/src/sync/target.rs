//! Where a backup goes: `s3://BUCKET[/PREFIX]` plus an optional endpoint and region, and the
//! content-addressed object keys under it.

use std::fmt;

use super::SyncError;

/// One S3-compatible destination. Holds no secret: credentials are looked up when connecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTarget {
    pub bucket: String,
    /// Key prefix without leading or trailing slashes; empty for the bucket's top.
    pub prefix: String,
    /// A custom endpoint (`http://127.0.0.1:9000`); requests then use path-style addressing.
    pub endpoint: Option<String>,
    /// The signing region; `None` takes `AWS_REGION`/`AWS_DEFAULT_REGION`, the profile, then us-east-1.
    pub region: Option<String>,
}

impl RemoteTarget {
    /// Parses `s3://bucket[/prefix]`.
    pub fn parse(
        url: &str,
        endpoint: Option<&str>,
        region: Option<&str>,
    ) -> Result<Self, SyncError> {
        let bad = |why: &str| SyncError::BadTarget(format!("{url:?}: {why}"));
        let rest = url
            .strip_prefix("s3://")
            .ok_or_else(|| bad("expected s3://BUCKET[/PREFIX]"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(bad(
                "a bucket name is 3-63 lowercase letters, digits, '-' or '.'",
            ));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|part| part == "." || part == "..")
            || prefix.contains("//")
            || !prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_.!'()".contains(c))
        {
            // Other characters are percent-encoded in the real keys, which would no longer match
            // the ledger's and the manifest's.
            return Err(bad(
                "the prefix may hold letters, digits and - _ . ! ' ( ) between slashes, \
                 with no empty, '.' or '..' segments",
            ));
        }
        if let Some(endpoint) = endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err(SyncError::BadTarget(format!(
                    "endpoint {endpoint:?}: expected http:// or https://"
                )));
            }
        }
        Ok(RemoteTarget {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint: endpoint.map(|e| e.trim_end_matches('/').to_string()),
            region: region.filter(|r| !r.is_empty()).map(str::to_string),
        })
    }

    /// The ledger's name for this remote: the same bucket behind two endpoints is two remotes.
    pub fn identity(&self) -> String {
        match &self.endpoint {
            Some(endpoint) => format!("{self} @ {endpoint}"),
            None => self.to_string(),
        }
    }

    fn key(&self, rest: &str) -> String {
        if self.prefix.is_empty() {
            rest.to_string()
        } else {
            format!("{}/{rest}", self.prefix)
        }
    }

    /// `PREFIX/originals/<blake3>.<ext>`: the same bytes always have the same key.
    pub fn original_key(&self, hash: &[u8; 32], ext: &str) -> String {
        format!("{}{}.{ext}", self.originals_prefix(), hex(hash))
    }

    /// `PREFIX/originals/`: what every original's key starts with, before its hash.
    pub fn originals_prefix(&self) -> String {
        self.key("originals/")
    }

    /// `PREFIX/variants/<blake3>-<size>.webp`.
    pub fn variant_key(&self, hash: &[u8; 32], size: u32) -> String {
        self.key(&format!("variants/{}-{size}.webp", hex(hash)))
    }

    pub fn manifest_key(&self) -> String {
        self.key("manifest.json")
    }

    /// `PREFIX/library/latest.json`: the pointer naming the newest snapshot of the library's data.
    pub fn pointer_key(&self) -> String {
        self.key("library/latest.json")
    }

    /// `PREFIX/library/snapshots/<blake3 of the snapshot file>.json.zst`: one snapshot's chunk list.
    pub fn snapshot_key(&self, id: &str) -> String {
        self.key(&format!("library/snapshots/{id}.json.zst"))
    }

    /// `PREFIX/library/chunks/<blake3 of the raw chunk>.zst`: one piece of a snapshot, compressed.
    pub fn chunk_key(&self, hash: &[u8; 32]) -> String {
        self.key(&format!("library/chunks/{}.zst", hex(hash)))
    }

    /// The folder every content-addressed object lives under (`originals` or `variants`).
    pub fn folder(&self, name: &str) -> String {
        self.key(name)
    }

    /// The hash a content-addressed key names, if it is one of ours.
    pub fn hash_of_key(key: &str) -> Option<[u8; 32]> {
        let name = key.rsplit('/').next()?;
        crate::cache::parse_hex32(name.get(..64)?)
    }
}

impl fmt::Display for RemoteTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix.is_empty() {
            write!(f, "s3://{}", self.bucket)
        } else {
            write!(f, "s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

fn hex(hash: &[u8; 32]) -> String {
    crate::cache::hex(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bucket_and_prefix() {
        let t = RemoteTarget::parse("s3://photos-backup/home/anna/", None, None).unwrap();
        assert_eq!(t.bucket, "photos-backup");
        assert_eq!(t.prefix, "home/anna");
        assert_eq!(t.to_string(), "s3://photos-backup/home/anna");
        let h = [0xab; 32];
        assert_eq!(
            t.original_key(&h, "jpg"),
            format!("home/anna/originals/{}.jpg", "ab".repeat(32))
        );
        assert_eq!(
            RemoteTarget::hash_of_key(&t.original_key(&h, "jpg")),
            Some(h)
        );
        let top = RemoteTarget::parse("s3://bkt", Some("http://127.0.0.1:9000/"), None).unwrap();
        assert_eq!(top.manifest_key(), "manifest.json");
        assert_eq!(top.identity(), "s3://bkt @ http://127.0.0.1:9000");
    }

    #[test]
    fn refuses_malformed_targets() {
        for bad in [
            "s3:/x",
            "http://bucket",
            "s3://",
            "s3://UPPER",
            "s3://b",
            "s3://bkt/a/../b",
            "s3://bkt/a//b",
            "s3://bkt/~anna",
            "s3://bkt/a b",
        ] {
            assert!(RemoteTarget::parse(bad, None, None).is_err(), "{bad}");
        }
        assert!(RemoteTarget::parse("s3://bkt", Some("ftp://x"), None).is_err());
    }
}
