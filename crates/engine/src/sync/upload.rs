//! Sending one object: a single verified PUT below the multipart threshold, else a multipart upload
//! whose id and acknowledged parts are written to the ledger as they happen, so a killed sync picks up
//! at the first missing part.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use futures::stream::{self, StreamExt};
use rusqlite::Connection;
use tokio::sync::Semaphore;

use super::pacer::Pacer;
use super::plan::Item;
use super::remote::{Failure, Remote};
use super::verify;
use crate::db::sync::{self as ledger_db, OpenUpload};
use crate::fsutil::open_readonly;

/// What every upload task shares.
pub struct Ctx {
    pub remote: Remote,
    pub db: Mutex<Connection>,
    pub remote_id: i64,
    /// Requests in flight (whole objects and parts alike); also bounds the bytes held in memory.
    pub permits: Arc<Semaphore>,
    pub pacer: Pacer,
    pub multipart_threshold: u64,
    pub part_size: u64,
    pub parts_parallel: usize,
    pub bytes_sent: AtomicU64,
}

/// How an object went up.
#[derive(Debug, Default)]
pub struct Sent {
    pub resumed_parts: u64,
}

impl Ctx {
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn record(&self, key: &str, size: u64, etag: &str, verified: &str) -> Result<(), Failure> {
        ledger_db::record_object(&self.db(), self.remote_id, key, size, etag, verified, now())
            .map_err(|e| Failure::Object(e.to_string()))
    }

    async fn pace(&self, bytes: u64) {
        let wait = self.pacer.delay_for(bytes);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Sends `item`; `open` is an earlier sync's unfinished multipart upload of the same key.
    pub async fn upload(&self, item: &Item, open: Option<OpenUpload>) -> Result<Sent, Failure> {
        if item.size < self.multipart_threshold && open.is_none() {
            self.put_whole(item).await
        } else {
            self.put_multipart(item, open).await
        }
    }

    async fn put_whole(&self, item: &Item) -> Result<Sent, Failure> {
        let _permit = self.permits.acquire().await.map_err(|_| cancelled())?;
        let (path, expect_hash) = (item.path.clone(), item.expect_hash);
        let bytes = blocking(move || read_whole(&path, expect_hash)).await?;
        let md5 = verify::md5_hex(&bytes);
        let size = bytes.len() as u64;
        self.pace(size).await;
        let etag = self.remote.put(&item.key, bytes).await?;
        let etag = match etag {
            Some(etag) => etag,
            None => self.remote.head(&item.key).await?.etag.unwrap_or_default(),
        };
        if etag != md5 {
            return Err(Failure::Object(format!(
                "verification failed: the server's ETag {etag} is not the MD5 {md5} of what was sent"
            )));
        }
        self.bytes_sent.fetch_add(size, Ordering::Relaxed);
        self.record(&item.key, size, &etag, "md5")?;
        Ok(Sent { resumed_parts: 0 })
    }

    async fn put_multipart(&self, item: &Item, open: Option<OpenUpload>) -> Result<Sent, Failure> {
        let part_size = match &open {
            Some(open) if open.size == item.size => open.part_size,
            _ => verify::part_size(item.size, self.part_size),
        };
        // The BLAKE3 check reads the whole file alongside the part uploads (from the page cache
        // once they have read it), so it costs no time on the critical path; the upload is only
        // completed once the bytes are known to be the ones the key names.
        let (path, expect_hash) = (item.path.clone(), item.expect_hash);
        let hash_check = tokio::task::spawn_blocking(move || check_whole_file(&path, expect_hash));
        let (upload, acknowledged) = self.open_or_resume(item, open, part_size).await?;
        let resumed_parts = acknowledged.len() as u64;
        let count = verify::part_count(item.size, part_size);
        let missing: Vec<u32> = (1..=count)
            .filter(|n| !acknowledged.contains_key(n))
            .collect();
        let sent: Vec<Result<(u32, String), Failure>> = stream::iter(missing)
            .map(|number| self.send_part(item, &upload, number, part_size))
            .buffer_unordered(self.parts_parallel.max(1))
            .collect()
            .await;
        // Every part's MD5, in order: acknowledged parts carry the ETag verified when they went up.
        let mut md5s: HashMap<u32, String> = acknowledged
            .into_iter()
            .map(|(n, (etag, _))| (n, etag))
            .collect();
        for result in sent {
            let (number, md5) = result?;
            md5s.insert(number, md5);
        }
        let part_md5s: Vec<String> = (1..=count).filter_map(|n| md5s.remove(&n)).collect();
        let checked = hash_check
            .await
            .map_err(|e| Failure::Object(e.to_string()))?;
        if let Err(why) = checked {
            // The file is not what its key names: this upload can never be completed.
            let _ = self
                .remote
                .abort_multipart(&item.key, &upload.upload_id)
                .await;
            let _ = ledger_db::end_upload(&self.db(), upload.id);
            return Err(Failure::Object(why));
        }
        let expected = verify::multipart_etag(&part_md5s);
        let etag = match self
            .remote
            .complete_multipart(&item.key, &upload.upload_id, part_md5s)
            .await
        {
            Ok(Some(etag)) => etag,
            Ok(None) => self.remote.head(&item.key).await?.etag.unwrap_or_default(),
            Err(Failure::NotFound) => {
                // The server forgot the upload (expired or aborted elsewhere): start over next time.
                let _ = ledger_db::end_upload(&self.db(), upload.id);
                return Err(Failure::Object(
                    "the multipart upload expired on the server; it restarts on the next sync"
                        .into(),
                ));
            }
            Err(e) => return Err(e),
        };
        let _ = ledger_db::end_upload(&self.db(), upload.id);
        if etag != expected {
            return Err(Failure::Object(format!(
                "verification failed: the server's ETag {etag} is not {expected}, the MD5 of the parts sent"
            )));
        }
        self.record(&item.key, item.size, &etag, "md5-of-parts")?;
        Ok(Sent { resumed_parts })
    }

    /// The upload to continue, with the parts the server acknowledged, or a new one, recorded in the
    /// ledger before any part is sent.
    async fn open_or_resume(
        &self,
        item: &Item,
        open: Option<OpenUpload>,
        part_size: u64,
    ) -> Result<(OpenUpload, HashMap<u32, (String, u64)>), Failure> {
        if let Some(open) = open {
            if open.size == item.size && open.part_size == part_size {
                let parts = ledger_db::parts(&self.db(), open.id)
                    .map_err(|e| Failure::Object(e.to_string()))?;
                return Ok((open, parts));
            }
            // The file changed size since: that upload can never complete.
            let _ = self
                .remote
                .abort_multipart(&open.key, &open.upload_id)
                .await;
            let _ = ledger_db::end_upload(&self.db(), open.id);
        }
        let upload_id = self.remote.create_multipart(&item.key).await?;
        let id = ledger_db::begin_upload(
            &self.db(),
            self.remote_id,
            &item.key,
            &upload_id,
            item.size,
            part_size,
            now(),
        )
        .map_err(|e| Failure::Object(e.to_string()))?;
        let open = OpenUpload {
            id,
            key: item.key.clone(),
            upload_id,
            size: item.size,
            part_size,
        };
        Ok((open, HashMap::new()))
    }

    /// Sends part `number` and returns it with its MD5 once the server's ETag matched it.
    async fn send_part(
        &self,
        item: &Item,
        upload: &OpenUpload,
        number: u32,
        part_size: u64,
    ) -> Result<(u32, String), Failure> {
        let _permit = self.permits.acquire().await.map_err(|_| cancelled())?;
        let path = item.path.clone();
        let offset = (number as u64 - 1) * part_size;
        let len = part_size.min(item.size.saturating_sub(offset));
        let (bytes, md5) = blocking(move || {
            let bytes = read_range(&path, offset, len)?;
            let md5 = verify::md5_hex(&bytes);
            Ok((bytes, md5))
        })
        .await?;
        self.pace(len).await;
        let etag = self
            .remote
            .put_part(&item.key, &upload.upload_id, number, bytes)
            .await?;
        if etag != md5 {
            return Err(Failure::Object(format!(
                "verification failed: part {number}'s ETag {etag} is not the MD5 {md5} of what was sent"
            )));
        }
        ledger_db::record_part(&self.db(), upload.id, number, &etag, len)
            .map_err(|e| Failure::Object(e.to_string()))?;
        self.bytes_sent.fetch_add(len, Ordering::Relaxed);
        Ok((number, md5))
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn cancelled() -> Failure {
    Failure::Object("cancelled".into())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, Failure> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Failure::Object(e.to_string()))?
        .map_err(Failure::Object)
}

fn describe(path: &Path, error: std::io::Error) -> String {
    format!("{}: {error}", path.display())
}

/// The whole file, checked against the BLAKE3 its key names.
fn read_whole(path: &Path, expect_hash: Option<[u8; 32]>) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    open_readonly(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| describe(path, e))?;
    check_hash(path, expect_hash, blake3::hash(&bytes))?;
    Ok(bytes)
}

fn check_hash(path: &Path, expect: Option<[u8; 32]>, got: blake3::Hash) -> Result<(), String> {
    match expect {
        Some(expect) if expect != *got.as_bytes() => Err(format!(
            "{} changed since it was indexed; run a scan, then sync again",
            path.display()
        )),
        _ => Ok(()),
    }
}

/// Reads the whole file and checks it against the BLAKE3 its key names (no-op for variants).
fn check_whole_file(path: &Path, expect_hash: Option<[u8; 32]>) -> Result<(), String> {
    if expect_hash.is_none() {
        return Ok(());
    }
    let mut file = open_readonly(path).map_err(|e| describe(path, e))?;
    let mut hasher = blake3::Hasher::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| describe(path, e))?;
    check_hash(path, expect_hash, hasher.finalize())
}

fn read_range(path: &Path, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::FileExt;
    let file = open_readonly(path).map_err(|e| describe(path, e))?;
    let mut bytes = vec![0u8; len as usize];
    file.read_exact_at(&mut bytes, offset)
        .map_err(|e| describe(path, e))?;
    Ok(bytes)
}
