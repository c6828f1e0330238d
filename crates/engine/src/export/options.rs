//! What an export makes: the presets (Original, Web, Email, Custom), the output format and quality,
//! what metadata is kept, and the options a front end fills in, resolved into one render setting.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// A named set of output settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// The file's bytes as they are, plus its XMP sidecar if any.
    Original,
    /// Long edge 2048, progressive JPEG at quality 85.
    #[default]
    Web,
    /// Long edge 1024, JPEG at quality 75.
    Email,
    /// No size limit unless one is given; JPEG at quality 90 unless told otherwise.
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 4] = [Preset::Original, Preset::Web, Preset::Email, Preset::Custom];

    pub fn name(self) -> &'static str {
        match self {
            Preset::Original => "original",
            Preset::Web => "web",
            Preset::Email => "email",
            Preset::Custom => "custom",
        }
    }

    pub fn parse(text: &str) -> Result<Preset> {
        Preset::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown preset {text:?} (expected original, web, email or custom)"
                ))
            })
    }

    /// The preset's own settings; `None` for Original (nothing is rendered).
    fn render(self) -> Option<Render> {
        let (long_edge, quality, progressive) = match self {
            Preset::Original => return None,
            Preset::Web => (Some(2048), 85, true),
            Preset::Email => (Some(1024), 75, false),
            Preset::Custom => (None, 90, true),
        };
        Some(Render {
            long_edge,
            format: OutputFormat::Jpeg,
            quality,
            progressive,
        })
    }
}

/// The encoding of a rendered export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Jpeg,
    Webp,
    Png,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 3] = [OutputFormat::Jpeg, OutputFormat::Webp, OutputFormat::Png];

    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpeg",
            OutputFormat::Webp => "webp",
            OutputFormat::Png => "png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Jpeg => "jpg",
            OutputFormat::Webp => "webp",
            OutputFormat::Png => "png",
        }
    }

    pub fn parse(text: &str) -> Result<OutputFormat> {
        let text = if text.eq_ignore_ascii_case("jpg") {
            "jpeg"
        } else {
            text
        };
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown format {text:?} (expected jpeg, webp or png)"
                ))
            })
    }
}

/// Which metadata leaves with the copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strip {
    /// EXIF (orientation reset to 1: the pixels are turned), IPTC, and Shoebox's marks and tags as
    /// XMP.
    #[default]
    Nothing,
    /// As `Nothing`, without GPS coordinates and place names.
    Location,
    /// No EXIF, IPTC or XMP; the colour profile stays (sRGB after conversion).
    All,
}

impl Strip {
    pub fn name(self) -> &'static str {
        match self {
            Strip::Nothing => "none",
            Strip::Location => "gps",
            Strip::All => "all",
        }
    }

    pub fn parse(text: &str) -> Result<Strip> {
        match text.to_ascii_lowercase().as_str() {
            "none" => Ok(Strip::Nothing),
            "gps" | "location" => Ok(Strip::Location),
            "all" => Ok(Strip::All),
            _ => Err(Error::InvalidInput(format!(
                "unknown --strip {text:?} (expected gps or all)"
            ))),
        }
    }
}

/// An export as a front end asks for it: the preset, overrides of its settings, metadata and names.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The folder the files go to (created if missing).
    pub dest: PathBuf,
    pub preset: Preset,
    /// Overrides the preset's long edge (never upscaled).
    pub long_edge: Option<u32>,
    pub format: Option<OutputFormat>,
    /// 1-100; for PNG it is ignored.
    pub quality: Option<u8>,
    pub strip: Strip,
    /// The file-name template (see [`super::template`]); `{name}` when empty.
    pub template: String,
    /// Files rendered at once; 0 means one per core.
    pub threads: usize,
    /// Bound of one decode's buffer, in RGB pixels.
    pub max_pixels: u64,
}

impl ExportOptions {
    pub fn new(dest: impl Into<PathBuf>, preset: Preset) -> ExportOptions {
        ExportOptions {
            dest: dest.into(),
            preset,
            long_edge: None,
            format: None,
            quality: None,
            strip: Strip::Nothing,
            template: String::new(),
            threads: 0,
            max_pixels: 200_000_000,
        }
    }

    /// The settings a rendered file is made with, or `None` for a copy of the original. Refuses
    /// overrides the Original preset cannot honour, and out-of-range values.
    pub(crate) fn resolve(&self) -> Result<Option<Render>> {
        let Some(mut render) = self.preset.render() else {
            if self.long_edge.is_some() || self.format.is_some() || self.quality.is_some() {
                return Err(Error::InvalidInput(
                    "the original preset copies the file as it is: --long-edge, --format and \
                     --quality need web, email or custom"
                        .into(),
                ));
            }
            if self.strip != Strip::Nothing {
                return Err(Error::InvalidInput(
                    "the original preset copies the file's bytes, metadata included: --strip \
                     needs web, email or custom"
                        .into(),
                ));
            }
            return Ok(None);
        };
        if let Some(edge) = self.long_edge {
            if edge == 0 {
                return Err(Error::InvalidInput("--long-edge must be at least 1".into()));
            }
            render.long_edge = Some(edge);
        }
        if let Some(format) = self.format {
            render.format = format;
        }
        if let Some(quality) = self.quality {
            if !(1..=100).contains(&quality) {
                return Err(Error::InvalidInput(format!(
                    "quality {quality} is out of range (1-100)"
                )));
            }
            render.quality = quality;
        }
        Ok(Some(render))
    }
}

/// How one rendered file is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Render {
    pub long_edge: Option<u32>,
    pub format: OutputFormat,
    pub quality: u8,
    /// JPEG only: progressive scans (SOF2).
    pub progressive: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_resolve_to_their_settings_and_take_overrides() {
        let web = ExportOptions::new("/tmp/x", Preset::Web).resolve().unwrap();
        assert_eq!(
            web,
            Some(Render {
                long_edge: Some(2048),
                format: OutputFormat::Jpeg,
                quality: 85,
                progressive: true
            })
        );
        let mut custom = ExportOptions::new("/tmp/x", Preset::Custom);
        custom.format = Some(OutputFormat::Webp);
        custom.quality = Some(70);
        let r = custom.resolve().unwrap().unwrap();
        assert_eq!(
            (r.long_edge, r.format, r.quality),
            (None, OutputFormat::Webp, 70)
        );
        assert_eq!(
            ExportOptions::new("/tmp/x", Preset::Original)
                .resolve()
                .unwrap(),
            None
        );
    }

    #[test]
    fn the_original_preset_refuses_what_it_cannot_do() {
        let mut o = ExportOptions::new("/tmp/x", Preset::Original);
        o.strip = Strip::Location;
        assert!(o.resolve().is_err());
        let mut o = ExportOptions::new("/tmp/x", Preset::Original);
        o.long_edge = Some(100);
        assert!(o.resolve().is_err());
        let mut o = ExportOptions::new("/tmp/x", Preset::Email);
        o.quality = Some(0);
        assert!(o.resolve().is_err());
    }
}
