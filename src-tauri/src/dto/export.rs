//! The export dialog's shapes: what the user asked for (preset, overrides, metadata, names, the
//! destination), progress, and the summary with each failure.

use serde::{Deserialize, Serialize};
use shoebox_engine::export::{ExportOptions, ExportReport, OutputFormat, Preset, Strip};
use specta::Type;

/// At most this many failures are listed in a summary (the count is always exact).
pub const MAX_LISTED_FAILURES: usize = 200;

#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ExportPresetDto {
    Original,
    Web,
    Email,
    Custom,
}

#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormatDto {
    Jpeg,
    Webp,
    Png,
}

/// Which metadata the copies keep.
#[derive(Debug, Deserialize, Type, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ExportMetadataDto {
    /// Everything, and the marks and tags as XMP.
    Keep,
    /// Everything but GPS and places.
    NoLocation,
    /// Nothing but the colour profile (orientation is applied to the pixels).
    None,
}

#[derive(Debug, Deserialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequestDto {
    /// An absolute folder (created if missing; never under a library folder).
    pub dest: String,
    pub preset: ExportPresetDto,
    /// Long edge in pixels (never upscaled); null: the preset's.
    pub long_edge: Option<u32>,
    pub format: Option<ExportFormatDto>,
    /// 1–100; null: the preset's.
    pub quality: Option<u8>,
    pub metadata: ExportMetadataDto,
    /// File names, e.g. `{date:%Y-%m-%d}_{name}`; empty: `{name}`.
    pub name_template: String,
}

impl ExportRequestDto {
    pub fn options(&self) -> ExportOptions {
        let mut o = ExportOptions::new(
            &self.dest,
            match self.preset {
                ExportPresetDto::Original => Preset::Original,
                ExportPresetDto::Web => Preset::Web,
                ExportPresetDto::Email => Preset::Email,
                ExportPresetDto::Custom => Preset::Custom,
            },
        );
        o.long_edge = self.long_edge;
        o.format = self.format.map(|f| match f {
            ExportFormatDto::Jpeg => OutputFormat::Jpeg,
            ExportFormatDto::Webp => OutputFormat::Webp,
            ExportFormatDto::Png => OutputFormat::Png,
        });
        o.quality = self.quality;
        o.strip = match self.metadata {
            ExportMetadataDto::Keep => Strip::Nothing,
            ExportMetadataDto::NoLocation => Strip::Location,
            ExportMetadataDto::None => Strip::All,
        };
        o.template = self.name_template.clone();
        o
    }
}

/// Files finished of the whole export, streamed over a `Channel`.
#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgressDto {
    pub done: u64,
    pub total: Option<u64>,
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportFailureDto {
    /// The source file's name, or null for an id the library does not know.
    pub name: Option<String>,
    pub reason: String,
}

#[derive(Debug, Serialize, Type, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummaryDto {
    pub written: u64,
    pub failed: u64,
    /// Not started because the export was cancelled.
    pub skipped: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    pub dest: String,
    /// The first [`MAX_LISTED_FAILURES`] failures.
    pub failures: Vec<ExportFailureDto>,
}

impl ExportSummaryDto {
    pub fn new(r: &ExportReport, dest: &str) -> Self {
        ExportSummaryDto {
            written: r.written,
            failed: r.failed,
            skipped: r.skipped,
            bytes: r.bytes,
            elapsed_ms: r.elapsed_ms,
            cancelled: r.cancelled,
            dest: dest.to_string(),
            failures: r
                .failures
                .iter()
                .take(MAX_LISTED_FAILURES)
                .map(|f| ExportFailureDto {
                    name: f
                        .source
                        .as_ref()
                        .and_then(|p| p.file_name())
                        .map(|n| n.to_string_lossy().into_owned()),
                    reason: f.reason.clone(),
                })
                .collect(),
        }
    }
}
