//! Sending the library's data at the end of a sync: the chunks of the new snapshot that the bucket
//! does not hold yet (known from the previous snapshot's chunk list), then the snapshot's chunk list,
//! then the pointer; older snapshots beyond the number kept, and the chunks only they used, are
//! deleted after the pointer no longer names them. Nothing is sent when the snapshot is unchanged.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;

use futures::stream::{self, StreamExt, TryStreamExt};

use super::pointer::{Kept, Pointer, Recipe};
use super::remote::{Failure, Remote};
use super::snapshot::LocalSnapshot;
use super::target::RemoteTarget;
use super::upload::Ctx;
use super::{verify, LibraryDataReport, SyncError};

/// Sends `snapshot` and points `latest.json` at it, keeping the newest `keep` snapshots.
pub async fn publish(
    ctx: &Ctx,
    target: &RemoteTarget,
    mut snapshot: LocalSnapshot,
    keep: usize,
    parallel: usize,
) -> Result<LibraryDataReport, SyncError> {
    let sent_before = ctx.bytes_sent.load(Ordering::Relaxed);
    let previous = read_pointer(&ctx.remote, target).await?;
    let mut report = LibraryDataReport {
        snapshot: snapshot.recipe.id.clone(),
        chunks: snapshot.recipe.chunks.len() as u64,
        ..LibraryDataReport::default()
    };
    if let Some(latest) = previous.as_ref().and_then(Pointer::latest) {
        if latest.id == snapshot.recipe.id {
            report.unchanged = true;
            report.snapshot_bytes = latest.stored_bytes;
            return Ok(report);
        }
    }
    // What the bucket holds already: the chunks of the newest snapshot it has.
    let known: HashMap<[u8; 32], u64> = match previous.as_ref().and_then(Pointer::latest) {
        Some(latest) => read_recipe(&ctx.remote, target, &latest.id)
            .await
            .map(|r| r.chunks.iter().map(|c| (c.hash, c.stored)).collect())
            .unwrap_or_default(),
        None => HashMap::new(),
    };
    let mut first_index: HashMap<[u8; 32], usize> = HashMap::new();
    for (index, chunk) in snapshot.recipe.chunks.iter().enumerate() {
        first_index.entry(chunk.hash).or_insert(index);
    }
    let missing: Vec<([u8; 32], usize)> = first_index
        .iter()
        .filter(|(hash, _)| !known.contains_key(*hash))
        .map(|(hash, index)| (*hash, *index))
        .collect();
    let snapshot_ref = &snapshot;
    let sent: Vec<([u8; 32], u64)> = stream::iter(missing)
        .map(|(hash, index)| async move {
            let bytes = tokio::task::block_in_place(|| snapshot_ref.compressed_chunk(index))
                .map_err(SyncError::Library)?;
            let size = bytes.len() as u64;
            put_verified(ctx, &target.chunk_key(&hash), bytes).await?;
            Ok::<_, SyncError>((hash, size))
        })
        .buffer_unordered(parallel.max(1))
        .try_collect()
        .await?;
    report.chunks_uploaded = sent.len() as u64;
    let stored: HashMap<[u8; 32], u64> = known.into_iter().chain(sent).collect();
    for chunk in &mut snapshot.recipe.chunks {
        chunk.stored = stored.get(&chunk.hash).copied().unwrap_or(0);
    }
    let recipe = &snapshot.recipe;
    let list = super::snapshot::compress(&recipe.to_bytes())
        .map_err(|e| SyncError::Remote(format!("cannot compress the snapshot list: {e}")))?;
    put_verified(ctx, &target.snapshot_key(&recipe.id), list).await?;
    report.snapshot_bytes = recipe.stored_bytes();

    let mut kept = vec![Kept {
        id: recipe.id.clone(),
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        photos: recipe.photos,
        schema_version: recipe.schema_version,
        stored_bytes: report.snapshot_bytes,
    }];
    let older = previous.map(|p| p.kept).unwrap_or_default();
    kept.extend(older.into_iter().filter(|k| k.id != recipe.id));
    let dropped = kept.split_off(keep.max(1).min(kept.len()));
    let pointer = Pointer { kept };
    let bytes = pointer.to_bytes(|id| target.snapshot_key(id));
    put_verified(ctx, &target.pointer_key(), bytes).await?;
    report.bytes_uploaded = ctx.bytes_sent.load(Ordering::Relaxed) - sent_before;
    if !dropped.is_empty() {
        // Best effort: a chunk left behind costs space, never correctness.
        report.pruned_snapshots = prune(&ctx.remote, target, &pointer, recipe, &dropped).await;
    }
    Ok(report)
}

/// The pointer, `None` when the bucket has none (or one this build cannot read: it is replaced).
pub async fn read_pointer(
    remote: &Remote,
    target: &RemoteTarget,
) -> Result<Option<Pointer>, SyncError> {
    match remote.get(&target.pointer_key()).await {
        Ok(bytes) => Ok(Pointer::parse(&bytes).ok()),
        Err(Failure::NotFound) => Ok(None),
        Err(Failure::Fatal(e)) => Err(e),
        Err(Failure::Object(_)) => Ok(None),
    }
}

/// A snapshot's chunk list, read and checked.
pub async fn read_recipe(
    remote: &Remote,
    target: &RemoteTarget,
    id: &str,
) -> Result<Recipe, Failure> {
    let key = target.snapshot_key(id);
    let bytes = remote.get(&key).await?;
    let raw = zstd::stream::decode_all(bytes.as_slice())
        .map_err(|e| Failure::Object(format!("{key}: not a zstd stream ({e})")))?;
    let recipe = Recipe::parse(&raw).map_err(|e| Failure::Object(format!("{key}: {e}")))?;
    if recipe.id != id {
        return Err(Failure::Object(format!(
            "{key}: names snapshot {} instead",
            recipe.id
        )));
    }
    Ok(recipe)
}

/// PUTs a small object and checks its ETag against the MD5 of what was sent.
async fn put_verified(ctx: &Ctx, key: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
    let md5 = verify::md5_hex(&bytes);
    let size = bytes.len() as u64;
    let wait = ctx.pacer.delay_for(size);
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    let fatal = |f: Failure| match f {
        Failure::Fatal(e) => e,
        Failure::Object(why) => SyncError::Remote(format!("{key}: {why}")),
        Failure::NotFound => SyncError::Remote(format!("{key}: not found")),
    };
    let etag = match ctx.remote.put(key, bytes).await.map_err(fatal)? {
        Some(etag) => etag,
        None => ctx
            .remote
            .head(key)
            .await
            .map_err(fatal)?
            .etag
            .unwrap_or_default(),
    };
    if etag != md5 {
        return Err(SyncError::Remote(format!(
            "verification failed for {key}: ETag {etag:?} is not the MD5 {md5}"
        )));
    }
    ctx.bytes_sent.fetch_add(size, Ordering::Relaxed);
    Ok(())
}

/// Deletes the dropped snapshots' lists and the chunks no kept snapshot uses; returns how many
/// snapshots went (0 when a list could not be read: then nothing is deleted).
async fn prune(
    remote: &Remote,
    target: &RemoteTarget,
    pointer: &Pointer,
    newest: &Recipe,
    dropped: &[Kept],
) -> u64 {
    let mut used: HashSet<[u8; 32]> = newest.chunks.iter().map(|c| c.hash).collect();
    for kept in pointer.kept.iter().skip(1) {
        match read_recipe(remote, target, &kept.id).await {
            Ok(recipe) => used.extend(recipe.chunks.iter().map(|c| c.hash)),
            Err(Failure::NotFound) => {}
            Err(_) => return 0,
        }
    }
    let mut doomed: HashSet<String> = HashSet::new();
    for old in dropped {
        match read_recipe(remote, target, &old.id).await {
            Ok(recipe) => doomed.extend(
                recipe
                    .chunks
                    .iter()
                    .filter(|c| !used.contains(&c.hash))
                    .map(|c| target.chunk_key(&c.hash)),
            ),
            Err(Failure::NotFound) => {}
            Err(_) => return 0,
        }
        doomed.insert(target.snapshot_key(&old.id));
    }
    match remote.delete(doomed.into_iter().collect()).await {
        Ok(_) => dropped.len() as u64,
        Err(_) => 0,
    }
}
