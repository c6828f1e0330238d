//! Verification by ETag: S3 returns the MD5 of a single PUT's body, and for a multipart upload the
//! MD5 of the concatenated part MD5s with `-<parts>` appended. We compute both locally and compare.

/// The hex MD5 of `bytes`: what a single PUT's or an uploaded part's ETag must be.
pub fn md5_hex(bytes: &[u8]) -> String {
    format!("{:x}", md5::compute(bytes))
}

/// The ETag S3 gives a multipart object made of parts with these hex MD5s.
pub fn multipart_etag(part_md5s: &[String]) -> String {
    let mut joined = Vec::with_capacity(part_md5s.len() * 16);
    for hex in part_md5s {
        joined.extend(
            (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).ok()),
        );
    }
    format!("{:x}-{}", md5::compute(&joined), part_md5s.len())
}

/// An ETag as S3 sends it, without the surrounding quotes and in lowercase.
pub fn normalize(etag: &str) -> String {
    etag.trim()
        .trim_start_matches("W/")
        .trim_matches('"')
        .to_ascii_lowercase()
}

/// The part size for an object: `preferred`, grown so the object needs at most 10,000 parts (S3's limit).
pub fn part_size(object_size: u64, preferred: u64) -> u64 {
    const MAX_PARTS: u64 = 10_000;
    preferred.max(object_size.div_ceil(MAX_PARTS))
}

/// How many parts of `part_size` make an object of `size` bytes (at least one).
pub fn part_count(size: u64, part_size: u64) -> u32 {
    size.div_ceil(part_size).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_known_s3_etags() {
        // md5("") and md5("abc") are well known.
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        // Two parts "abc" + "" : md5 of the 32 raw digest bytes, then "-2".
        let parts = [md5_hex(b"abc"), md5_hex(b"")];
        let mut raw = md5::compute(b"abc").0.to_vec();
        raw.extend(md5::compute(b"").0);
        assert_eq!(multipart_etag(&parts), format!("{:x}-2", md5::compute(raw)));
        assert_eq!(normalize("\"ABC\""), "abc");
    }

    #[test]
    fn part_size_respects_the_part_limit() {
        assert_eq!(part_size(100 << 20, 8 << 20), 8 << 20);
        let huge = 200u64 << 30;
        assert!(part_count(huge, part_size(huge, 8 << 20)) <= 10_000);
        assert_eq!(part_count(0, 8), 1);
        assert_eq!(part_count(17, 8), 3);
    }
}
