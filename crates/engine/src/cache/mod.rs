//! Where variants are kept: the content-addressed store on disk and the byte-bounded LRU in memory.

pub(crate) mod memory;
pub(crate) mod store;

/// The address of one variant: the file's BLAKE3, the long edge and the WebP quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct VariantKey {
    pub hash: [u8; 32],
    pub size: u32,
    pub quality: u8,
}

impl VariantKey {
    pub fn hex(&self) -> String {
        hex(&self.hash)
    }

    /// Strong validator for HTTP: the content never changes for a given key.
    pub fn etag(&self) -> String {
        format!("\"{}-{}-q{}\"", &self.hex()[..32], self.size, self.quality)
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn parse_hex32(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}
