//! Which files are candidates (by extension) and what they really are (by their first bytes).

use std::path::Path;

/// The image container a file's content says it is. The extension only pre-filters; this decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    Webp,
    Tiff,
    Heic,
    Heif,
    Avif,
    /// JPEG XL (codestream or container).
    Jxl,
    /// A camera RAW file; the string names the maker's format (`"dng"`, `"cr2"`, ...).
    Raw(&'static str),
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Tiff => "tiff",
            Format::Heic => "heic",
            Format::Heif => "heif",
            Format::Avif => "avif",
            Format::Jxl => "jxl",
            Format::Raw(kind) => kind,
        }
    }

    /// The inverse of [`Format::as_str`] (what the `format` column holds).
    pub fn parse(text: &str) -> Option<Format> {
        const FIXED: [Format; 9] = [
            Format::Jpeg,
            Format::Png,
            Format::Gif,
            Format::Webp,
            Format::Tiff,
            Format::Heic,
            Format::Heif,
            Format::Avif,
            Format::Jxl,
        ];
        FIXED.into_iter().find(|f| f.as_str() == text).or_else(|| {
            RAW_EXTENSIONS
                .iter()
                .find(|raw| **raw == text)
                .map(|raw| Format::Raw(raw))
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(crate) const RAW_EXTENSIONS: &[&str] = &[
    "dng", "cr2", "cr3", "crw", "nef", "nrw", "arw", "srf", "sr2", "raf", "orf", "rw2", "pef",
    "srw", "x3f", "3fr", "iiq", "erf",
];
const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "jpe", "png", "gif", "webp", "tif", "tiff", "heic", "heif", "hif", "avif", "jxl",
];

/// The lower-cased extension of `path`, if it is one Shoebox looks at.
pub fn candidate_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?;
    if ext.len() > 5 {
        return None;
    }
    IMAGE_EXTENSIONS
        .iter()
        .chain(RAW_EXTENSIONS)
        .find(|known| known.eq_ignore_ascii_case(ext))
        .copied()
}

/// Identifies the container from the first bytes (at least 16 wanted). `ext` refines TIFF-based RAW.
pub fn sniff(head: &[u8], ext: &str) -> Option<Format> {
    let raw_ext = RAW_EXTENSIONS.iter().find(|raw| **raw == ext).copied();
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(Format::Webp);
    }
    if head.starts_with(b"FUJIFILMCCD-RAW") {
        return Some(Format::Raw("raf"));
    }
    if head.starts_with(b"IIRO") || head.starts_with(b"IIRS") || head.starts_with(b"MMOR") {
        return Some(Format::Raw("orf"));
    }
    if super::jxl::is_jxl(head) {
        return Some(Format::Jxl);
    }
    if super::ciff::is_ciff(head) {
        return Some(Format::Raw("crw"));
    }
    if head.starts_with(b"IIU\0") {
        return Some(Format::Raw("rw2"));
    }
    let tiff = head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || head.starts_with(b"II+\0")
        || head.starts_with(b"MM\0+");
    if tiff {
        if head.len() >= 10 && &head[8..10] == b"CR" {
            return Some(Format::Raw("cr2"));
        }
        return Some(raw_ext.map(Format::Raw).unwrap_or(Format::Tiff));
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return match &head[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => Some(Format::Heic),
            b"mif1" | b"msf1" | b"heif" => Some(Format::Heif),
            b"avif" | b"avis" => Some(Format::Avif),
            b"crx " => Some(Format::Raw("cr3")),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_named_jpg_is_sniffed_as_png() {
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "jpg"),
            Some(Format::Png)
        );
    }

    #[test]
    fn tiff_based_raw_takes_its_kind_from_the_extension() {
        assert_eq!(
            sniff(b"II*\0\x08\0\0\0\0\0\0\0", "nef"),
            Some(Format::Raw("nef"))
        );
        assert_eq!(
            sniff(b"II*\0\x10\0\0\0CR\x02\0", "cr2"),
            Some(Format::Raw("cr2"))
        );
        assert_eq!(sniff(b"MM\0*\0\0\0\x08\0\0\0\0", "tif"), Some(Format::Tiff));
    }

    #[test]
    fn format_names_round_trip() {
        for ext in RAW_EXTENSIONS {
            assert_eq!(Format::parse(ext), Some(Format::Raw(ext)));
        }
        for f in [
            Format::Jpeg,
            Format::Png,
            Format::Heic,
            Format::Avif,
            Format::Tiff,
        ] {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("bmp"), None);
    }

    #[test]
    fn random_bytes_are_not_an_image() {
        assert_eq!(
            sniff(
                &[0x13, 0x37, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
                "jpg"
            ),
            None
        );
        assert_eq!(sniff(&[], "jpg"), None);
    }

    #[test]
    fn extension_filter_is_case_insensitive() {
        assert_eq!(candidate_extension(Path::new("/a/B.JPG")), Some("jpg"));
        assert_eq!(candidate_extension(Path::new("/a/b.HEIC")), Some("heic"));
        assert_eq!(candidate_extension(Path::new("/a/notes.txt")), None);
        assert_eq!(candidate_extension(Path::new("/a/jpg")), None);
    }
}
