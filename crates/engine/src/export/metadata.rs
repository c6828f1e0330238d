//! Which metadata an exported file carries, from the original's and Shoebox's, by the strip
//! setting: kept (EXIF with orientation 1, IPTC, XMP of marks and tags), without location (no GPS,
//! no IPTC with its place fields), or none; an sRGB profile whenever the original had a profile.

use super::color::srgb_icc;
use super::embed::Embed;
use super::exif_edit;
use super::options::{OutputFormat, Strip};
use super::source::SourceMeta;
use super::xmp::{self, Organized};

pub(crate) fn choose(
    source: SourceMeta,
    organized: &Organized,
    strip: Strip,
    format: OutputFormat,
) -> Embed {
    let icc = source.icc.is_some().then(srgb_icc);
    if strip == Strip::All {
        return Embed {
            icc,
            ..Embed::default()
        };
    }
    let location = strip == Strip::Location;
    Embed {
        exif: source
            .exif
            .as_deref()
            .and_then(|tiff| exif_edit::edit(tiff, location)),
        xmp: xmp::packet(organized, source.xmp.as_deref()),
        icc,
        // IPTC holds city, region and country fields: it goes only when everything is kept.
        photoshop: source
            .photoshop
            .filter(|_| !location && format == OutputFormat::Jpeg),
    }
}
