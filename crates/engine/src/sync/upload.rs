//! Sending one object: a single verified PUT below the multipart threshold, else a multipart upload
//! whose id and acknowledged parts are written to the ledger as they happen, so a killed sync picks up
//! at the first missing part.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::progress::CancelToken;

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
    /// Checked before each part, so a cancel stops a large file mid-way (it resumes next time).
    pub cancel: CancelToken,
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
        // One open file for everything: a file renamed over this one mid-upload cannot mix in.
        let path = item.path.clone();
        let file =
            Arc::new(blocking(move || open_readonly(&path).map_err(|e| describe(&path, e))).await?);
        // The digest pass (BLAKE3 of the whole file and the MD5 of each part) runs alongside the
        // part uploads; the upload is completed only when the file is what its key names and every
        // part on the server (sent now or acknowledged by an earlier sync) has the MD5 of that part
        // of the file, so bytes changed in place during the upload can never be completed.
        let (digest_file, path, expect_hash) =
            (Arc::clone(&file), item.path.clone(), item.expect_hash);
        let digest = tokio::task::spawn_blocking(move || {
            digest_parts(&digest_file, &path, part_size, expect_hash)
        });
        let earlier_id = open.as_ref().map(|o| o.upload_id.clone());
        let (upload, acknowledged) = self.open_or_resume(item, open, part_size).await?;
        let continued = earlier_id.as_deref() == Some(upload.upload_id.as_str());
        let resumed_parts = acknowledged.len() as u64;
        let count = verify::part_count(item.size, part_size);
        let missing: Vec<u32> = (1..=count)
            .filter(|n| !acknowledged.contains_key(n))
            .collect();
        let sent: Vec<Result<(u32, String), Failure>> = stream::iter(missing)
            .map(|number| self.send_part(item, &file, &upload, number, part_size))
            .buffer_unordered(self.parts_parallel.max(1))
            .collect()
            .await;
        let mut etags: HashMap<u32, String> = acknowledged
            .into_iter()
            .map(|(n, (etag, _))| (n, etag))
            .collect();
        for result in sent {
            match result {
                Ok((number, etag)) => {
                    etags.insert(number, etag);
                }
                Err(Failure::NotFound) => return Err(self.forget_upload(&upload)),
                // A continued upload that fails (some servers answer 500, not 404, for an upload
                // they no longer know) starts afresh next time rather than failing forever.
                Err(Failure::Object(why)) if continued => {
                    let _ = self
                        .remote
                        .abort_multipart(&item.key, &upload.upload_id)
                        .await;
                    let _ = ledger_db::end_upload(&self.db(), upload.id);
                    return Err(Failure::Object(format!(
                        "{why}; the interrupted upload restarts on the next sync"
                    )));
                }
                Err(e) => return Err(e),
            }
        }
        let digested = digest.await.map_err(|e| Failure::Object(e.to_string()))?;
        let part_md5s = match digested {
            Ok(md5s) if (1..=count).all(|n| etags.get(&n) == md5s.get(n as usize - 1)) => md5s,
            outcome => {
                // Not the bytes the key names, or not the bytes the server holds: never complete it.
                let _ = self
                    .remote
                    .abort_multipart(&item.key, &upload.upload_id)
                    .await;
                let _ = ledger_db::end_upload(&self.db(), upload.id);
                return Err(Failure::Object(outcome.err().unwrap_or_else(|| {
                    format!(
                        "{} changed while it was being uploaded; it is sent on the next sync",
                        item.path.display()
                    )
                })));
            }
        };
        let expected = verify::multipart_etag(&part_md5s);
        let etag = match self
            .remote
            .complete_multipart(&item.key, &upload.upload_id, part_md5s)
            .await
        {
            Ok(Some(etag)) => etag,
            Ok(None) => self.remote.head(&item.key).await?.etag.unwrap_or_default(),
            Err(Failure::NotFound) => return Err(self.forget_upload(&upload)),
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

    /// The server no longer knows the upload (expired, aborted by a lifecycle rule, server restarted):
    /// drop it from the ledger so the next sync starts the object afresh.
    fn forget_upload(&self, upload: &OpenUpload) -> Failure {
        let _ = ledger_db::end_upload(&self.db(), upload.id);
        Failure::Object(
            "the server no longer has this multipart upload; it restarts on the next sync".into(),
        )
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
        let recorded = ledger_db::begin_upload(
            &self.db(),
            self.remote_id,
            &item.key,
            &upload_id,
            item.size,
            part_size,
            now(),
        );
        let id = match recorded {
            Ok(id) => id,
            Err(e) => {
                // Unrecorded, it could never be resumed or cleaned up later: abort it now.
                let _ = self.remote.abort_multipart(&item.key, &upload_id).await;
                return Err(Failure::Object(e.to_string()));
            }
        };
        let open = OpenUpload {
            id,
            key: item.key.clone(),
            upload_id,
            size: item.size,
            part_size,
        };
        Ok((open, HashMap::new()))
    }

    /// Sends part `number` and returns its ETag once it matched the MD5 of what was sent.
    async fn send_part(
        &self,
        item: &Item,
        file: &Arc<File>,
        upload: &OpenUpload,
        number: u32,
        part_size: u64,
    ) -> Result<(u32, String), Failure> {
        let _permit = self.permits.acquire().await.map_err(|_| cancelled())?;
        if self.cancel.is_cancelled() {
            return Err(cancelled());
        }
        let (file, path) = (Arc::clone(file), item.path.clone());
        let offset = (number as u64 - 1) * part_size;
        let len = part_size.min(item.size.saturating_sub(offset));
        let (bytes, md5) = blocking(move || {
            let bytes = read_range(&file, &path, offset, len)?;
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
        Ok((number, etag))
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

pub(super) fn describe(path: &Path, error: std::io::Error) -> String {
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

/// One sequential pass over the open file: the MD5 of every part, and its BLAKE3 checked against
/// the key (no check for variants). Also what adoption computes a local ETag from.
pub(super) fn digest_parts(
    file: &File,
    path: &Path,
    part_size: u64,
    expect_hash: Option<[u8; 32]>,
) -> Result<Vec<String>, String> {
    let mut hasher = blake3::Hasher::new();
    let mut md5s = Vec::new();
    let mut reader = file;
    loop {
        let mut part = md5::Context::new();
        let mut both = Tee(&mut part, &mut hasher);
        let read = std::io::copy(&mut (&mut reader).take(part_size), &mut both)
            .map_err(|e| describe(path, e))?;
        if read == 0 && !md5s.is_empty() {
            break;
        }
        md5s.push(format!("{:x}", part.finalize()));
        if read < part_size {
            break;
        }
    }
    check_hash(path, expect_hash, hasher.finalize())?;
    Ok(md5s)
}

/// Writes every byte to both a part's MD5 and the whole file's BLAKE3.
struct Tee<'a>(&'a mut md5::Context, &'a mut blake3::Hasher);

impl Write for Tee<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.consume(data);
        self.1.update(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn read_range(file: &File, path: &Path, offset: u64, len: u64) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::FileExt;
    let mut bytes = vec![0u8; len as usize];
    file.read_exact_at(&mut bytes, offset)
        .map_err(|e| describe(path, e))?;
    Ok(bytes)
}
