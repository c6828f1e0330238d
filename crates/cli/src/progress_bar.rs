//! A terminal progress bar (indicatif) as an engine progress sink; hidden when not on a TTY or with --json.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use shoebox_engine::{Progress, ProgressSink};

pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(enabled: bool) -> Bar {
        let target = if enabled && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:40}] {pos}/{len} {per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar(bar)
    }

    /// Shows sync progress: objects by count, or bytes while uploading.
    pub fn sync(&self, progress: shoebox_engine::sync::SyncProgress) {
        self.0.set_prefix(progress.phase.as_str());
        let (done, total) = if progress.bytes_total > 0 {
            (progress.bytes_done, progress.bytes_total)
        } else {
            (progress.objects_done, progress.objects_total)
        };
        if self.0.length() != Some(total) {
            self.0.set_length(total);
        }
        self.0.set_position(done);
    }

    /// Shows restore progress: bytes while downloading, files or steps otherwise.
    pub fn restore(&self, progress: shoebox_engine::restore::RestoreProgress) {
        self.0.set_prefix(progress.phase.as_str());
        let (done, total) = if progress.bytes_total > 0 {
            (progress.bytes_done, progress.bytes_total)
        } else {
            (progress.files_done, progress.files_total)
        };
        if self.0.length() != Some(total) {
            self.0.set_length(total);
        }
        self.0.set_position(done);
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl ProgressSink for Bar {
    fn report(&self, progress: Progress) {
        self.0.set_prefix(progress.phase.as_str());
        if let Some(total) = progress.total {
            if self.0.length() != Some(total) {
                self.0.set_length(total);
                self.0.reset_eta();
            }
        }
        self.0.set_position(progress.done);
    }
}
