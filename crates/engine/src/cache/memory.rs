//! The in-memory LRU of encoded variants, bounded in bytes (not entries): the hottest tiles are
//! answered without touching the disk.

use std::sync::{Arc, Mutex};

use lru::LruCache;

use super::VariantKey;

/// Bookkeeping cost of one entry on top of its bytes (key, etag, LRU node).
const ENTRY_OVERHEAD: usize = 128;

pub(crate) struct MemoryCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

struct Inner {
    lru: LruCache<VariantKey, Arc<[u8]>>,
    bytes: usize,
}

impl MemoryCache {
    pub fn new(capacity_bytes: usize) -> MemoryCache {
        MemoryCache {
            inner: Mutex::new(Inner {
                lru: LruCache::unbounded(),
                bytes: 0,
            }),
            capacity: capacity_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, key: &VariantKey) -> Option<Arc<[u8]>> {
        self.lock().lru.get(key).cloned()
    }

    /// Inserts `bytes`, evicting least-recently-used entries until the bound holds. Returns how
    /// many entries were evicted. An entry larger than the whole bound is not kept.
    pub fn insert(&self, key: VariantKey, bytes: Arc<[u8]>) -> u64 {
        let cost = bytes.len() + ENTRY_OVERHEAD;
        if cost > self.capacity {
            return 0;
        }
        let mut inner = self.lock();
        if let Some(old) = inner.lru.put(key, bytes) {
            inner.bytes -= old.len() + ENTRY_OVERHEAD;
        }
        inner.bytes += cost;
        let mut evicted = 0;
        while inner.bytes > self.capacity {
            match inner.lru.pop_lru() {
                Some((_, old)) => {
                    inner.bytes -= old.len() + ENTRY_OVERHEAD;
                    evicted += 1;
                }
                None => break,
            }
        }
        evicted
    }

    /// Bytes held, counting the per-entry overhead; never above the capacity.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    pub fn len(&self) -> usize {
        self.lock().lru.len()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.lru.clear();
        inner.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_exceeds_its_byte_bound() {
        let cache = MemoryCache::new(10_000);
        for i in 0..1000u32 {
            let key = VariantKey {
                hash: [0; 32],
                size: i,
                quality: 80,
            };
            cache.insert(key, vec![0u8; (i as usize * 37) % 3000].into());
            assert!(cache.bytes() <= 10_000);
        }
        assert!(cache.len() > 1);
    }
}
