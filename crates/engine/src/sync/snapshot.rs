//! The library's data as a local snapshot ready to send: a blanked page-for-page copy (see
//! `db::snapshot`) cut into fixed, page-aligned chunks named by their BLAKE3, so a sync after a small
//! change re-sends only the chunks whose pages changed.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::pointer::{ChunkRef, Recipe};
use crate::db;
use crate::error::{Error, Result};

/// 256 KiB: 64 pages of 4 KiB. Smaller chunks re-send less after a change but cost more requests
/// for a first sync and a restore: at 500,000 photos 64 KiB meant 6,886 requests and 45 s to fetch
/// a snapshot from moto (measured in the README). A snapshot names its own chunk size, so older
/// ones still restore; the first sync after a change of size sends every chunk once.
pub const CHUNK_SIZE: u64 = 256 * 1024;

/// zstd's level for chunks: fast, and most of a library file is repetitive.
const LEVEL: i32 = 3;

/// A snapshot on disk, removed when dropped.
pub struct LocalSnapshot {
    file: tempfile::NamedTempFile,
    /// The chunk list (compressed sizes filled in as chunks are compressed; 0 until then).
    pub recipe: Recipe,
}

impl LocalSnapshot {
    /// Copies, blanks and cuts the library at `library` (in a temporary file beside it, on the same
    /// disk as the library).
    pub fn take(library: &Path) -> Result<LocalSnapshot> {
        let dir = library
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let file = tempfile::Builder::new()
            .prefix(".shoebox-snapshot-")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        let path = file.path().to_path_buf();
        // The backup writes a database of its own into the (empty) file.
        db::snapshot::copy_blanked(library, &path)?;
        forget_change_counter(&path)?;
        let (schema_version, photos) = db::snapshot::describe(&path)?;
        let (id, size, chunks) = cut(&path)?;
        Ok(LocalSnapshot {
            file,
            recipe: Recipe {
                id,
                size,
                chunk_size: CHUNK_SIZE,
                schema_version,
                photos,
                chunks,
            },
        })
    }

    /// Chunk `index`, compressed.
    pub fn compressed_chunk(&self, index: usize) -> Result<Vec<u8>> {
        let path = self.file.path();
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let offset = index as u64 * CHUNK_SIZE;
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(path, e))?;
        let mut raw = Vec::with_capacity(CHUNK_SIZE as usize);
        file.take(CHUNK_SIZE)
            .read_to_end(&mut raw)
            .map_err(|e| Error::io(path, e))?;
        compress(&raw).map_err(|e| Error::io(path, e))
    }
}

pub fn compress(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    zstd::bulk::compress(raw, LEVEL)
}

/// The file's change counter and its copy ("version-valid-for") count writes, not content: zeroed
/// (kept equal, so the page count in the header stays trusted), an unchanged library makes a
/// byte-identical snapshot and nothing is sent.
fn forget_change_counter(path: &Path) -> Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    for offset in [24, 92] {
        file.seek(SeekFrom::Start(offset))
            .and_then(|_| file.write_all(&[0; 4]))
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Chunks read (and hashed) at a time: 4 MiB.
const CHUNKS_PER_READ: usize = 64;

/// The file's BLAKE3 (hex) and size, and each chunk's BLAKE3 (compressed sizes left at 0). The
/// whole-file hash and the chunks' hashes of each block are computed on two threads.
fn cut(path: &Path) -> Result<(String, u64, Vec<ChunkRef>)> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut whole = blake3::Hasher::new();
    let mut chunks = Vec::new();
    let mut buf = vec![0u8; CHUNK_SIZE as usize * CHUNKS_PER_READ];
    let mut size = 0u64;
    loop {
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        if filled == 0 {
            break;
        }
        let block = &buf[..filled];
        let ((), hashes) = rayon::join(
            || {
                whole.update(block);
            },
            || {
                block
                    .chunks(CHUNK_SIZE as usize)
                    .map(|chunk| *blake3::hash(chunk).as_bytes())
                    .collect::<Vec<_>>()
            },
        );
        chunks.extend(hashes.into_iter().map(|hash| ChunkRef { hash, stored: 0 }));
        size += filled as u64;
        if filled < buf.len() {
            break;
        }
    }
    Ok((whole.finalize().to_hex().to_string(), size, chunks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_hashes_the_whole_file_and_every_chunk_across_reads() {
        // Two reads' worth and a short last chunk.
        let len = CHUNK_SIZE as usize * (CHUNKS_PER_READ + 1) + 100;
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 4099) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot");
        std::fs::write(&path, &bytes).unwrap();
        let (id, size, chunks) = cut(&path).unwrap();
        assert_eq!(id, blake3::hash(&bytes).to_hex().to_string());
        assert_eq!(size, len as u64);
        let expected: Vec<[u8; 32]> = bytes
            .chunks(CHUNK_SIZE as usize)
            .map(|c| *blake3::hash(c).as_bytes())
            .collect();
        assert_eq!(chunks.len(), CHUNKS_PER_READ + 2);
        assert!(chunks.iter().map(|c| c.hash).eq(expected));
    }
}
