//! The on-disk variant store: `<cache>/variants/ab/<blake3>-<size>-q<quality>.webp`. Content-addressed,
//! so identical bytes are thumbnailed once and a moved file keeps its variants. Writes go to a
//! temporary file in the same directory and are renamed into place: a crash never exposes half a file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{hex, parse_hex32, VariantKey};

const TEMP_PREFIX: &str = ".tmp-";
/// Temporary files older than this are leftovers of a crash (a live write takes milliseconds).
const STALE_TEMP: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub(crate) struct Store {
    root: PathBuf,
}

/// What a store walk found or removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCount {
    pub files: u64,
    pub bytes: u64,
}

impl Store {
    pub fn new(cache_dir: &Path) -> Store {
        Store {
            root: cache_dir.join("variants"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, key: &VariantKey) -> PathBuf {
        let hex = key.hex();
        self.root
            .join(&hex[..2])
            .join(format!("{hex}-{}-q{}.webp", key.size, key.quality))
    }

    pub fn contains(&self, key: &VariantKey) -> bool {
        fs::metadata(self.path(key)).is_ok_and(|m| m.is_file() && m.len() >= MIN_WEBP)
    }

    /// The stored bytes, `None` when absent. A file that is not a whole WebP (a power cut can leave
    /// an empty or short file even after an atomic rename) is removed and reported absent.
    pub fn read(&self, key: &VariantKey) -> io::Result<Option<Vec<u8>>> {
        let path = self.path(key);
        match fs::read(&path) {
            Ok(bytes) if whole_webp(&bytes) => Ok(Some(bytes)),
            Ok(_) => {
                let _ = fs::remove_file(&path);
                Ok(None)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn write(&self, key: &VariantKey, bytes: &[u8]) -> io::Result<()> {
        self.write_with(key, |file| file.write_all(bytes))
    }

    /// Writes through `fill` into a temporary file, renamed into place only when `fill` succeeds.
    /// On any error the temporary file is removed and nothing appears under the final name.
    pub fn write_with(
        &self,
        key: &VariantKey,
        fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.path(key);
        let dir = path.parent().expect("variant paths have a parent");
        fs::create_dir_all(dir)?;
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)?;
        fill(temp.as_file_mut())?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Every stored variant, with its size on disk; stale temporary files are passed as `None`.
    fn walk(&self, mut visit: impl FnMut(&Path, Option<VariantKey>, u64, SystemTime)) {
        let Ok(shards) = fs::read_dir(&self.root) else {
            return;
        };
        for shard in shards.flatten() {
            let Ok(files) = fs::read_dir(shard.path()) else {
                continue;
            };
            for file in files.flatten() {
                let Ok(meta) = file.metadata() else { continue };
                if !meta.is_file() {
                    continue;
                }
                let name = file.file_name();
                let key = name.to_str().and_then(parse_name);
                let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                visit(&file.path(), key, meta.len(), modified);
            }
        }
    }

    pub fn count(&self) -> StoreCount {
        let mut count = StoreCount::default();
        self.walk(|_, key, len, _| {
            if key.is_some() {
                count.files += 1;
                count.bytes += len;
            }
        });
        count
    }

    /// Removes every variant `keep` rejects, and temporary files left behind by a crash.
    pub fn gc(&self, keep: impl Fn(&VariantKey) -> bool) -> (StoreCount, StoreCount) {
        let (mut removed, mut kept) = (StoreCount::default(), StoreCount::default());
        let now = SystemTime::now();
        self.walk(|path, key, len, modified| {
            let remove = match key {
                Some(key) => !keep(&key),
                None => {
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.starts_with(TEMP_PREFIX)
                        && now.duration_since(modified).unwrap_or_default() > STALE_TEMP
                }
            };
            let tally = if remove && fs::remove_file(path).is_ok() {
                &mut removed
            } else {
                &mut kept
            };
            if remove || key.is_some() {
                tally.files += 1;
                tally.bytes += len;
            }
        });
        (removed, kept)
    }
}

/// The smallest WebP file: RIFF header, WEBP tag and one chunk header.
const MIN_WEBP: u64 = 20;

/// A RIFF/WEBP header whose length field matches the file's length.
fn whole_webp(bytes: &[u8]) -> bool {
    bytes.len() as u64 >= MIN_WEBP
        && bytes.starts_with(b"RIFF")
        && &bytes[8..12] == b"WEBP"
        && u64::from(u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]])) + 8
            == bytes.len() as u64
}

/// `<hex>-<size>-q<quality>.webp` back into its key; anything else is not a variant.
fn parse_name(name: &str) -> Option<VariantKey> {
    let stem = name.strip_suffix(".webp")?;
    let mut parts = stem.split('-');
    let hash = parse_hex32(parts.next()?)?;
    let size = parts.next()?.parse().ok()?;
    let quality = parts.next()?.strip_prefix('q')?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let key = VariantKey {
        hash,
        size,
        quality,
    };
    (hex(&key.hash) == stem.split('-').next()?).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> VariantKey {
        VariantKey {
            hash: [0xab; 32],
            size: 256,
            quality: 80,
        }
    }

    #[test]
    fn a_write_that_fails_midway_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let result = store.write_with(&key(), |file| {
            file.write_all(b"RIFF half a webp")?;
            Err(io::Error::other("disk full"))
        });
        assert!(result.is_err());
        assert!(!store.contains(&key()));
        let shard = store.path(&key()).parent().unwrap().to_path_buf();
        assert_eq!(
            fs::read_dir(shard).unwrap().count(),
            0,
            "no temporary file is left"
        );
    }

    #[test]
    fn a_short_file_under_a_final_name_is_treated_as_absent_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store
            .write(&key(), b"RIFF\x40\0\0\0WEBPVP8 cut short")
            .unwrap();
        assert_eq!(store.read(&key()).unwrap(), None);
        assert!(!store.path(&key()).exists());
        let whole = b"RIFF\x0c\0\0\0WEBPVP8 \0\0\0\0";
        store.write(&key(), whole).unwrap();
        assert_eq!(store.read(&key()).unwrap().as_deref(), Some(&whole[..]));
    }

    #[test]
    fn names_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let path = store.path(&key());
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(parse_name(name), Some(key()));
        assert_eq!(parse_name(".tmp-abc"), None);
    }
}
