//! The thumbnailer's background work: batches over the whole library (grid tier for every photo
//! before any responsive variant) and viewport requests, run on its rayon pool in priority order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Outcome, Thumbnailer};
use crate::db::thumbs as sql;
use crate::error::{Error, Result};
use crate::jobs::queue::{Job, Work};
use crate::jobs::{Batch, ThumbReport};
use crate::model::{FileError, PhotoId};
use crate::progress::{CancelToken, Phase, Progress, ProgressSink};
use crate::thumbs::Tier;

impl Thumbnailer {
    fn sizes(&self, work: Work) -> &[u32] {
        match work {
            Work::Grid => &self.opts.grid_sizes,
            Work::Responsive => &self.opts.responsive_sizes,
        }
    }

    /// Pool task: runs the most urgent queued job, if any is left.
    fn run_next(&self) {
        let Some(job) = self.queue.pop() else { return };
        let outcome = self.process(job.id, self.sizes(job.work));
        let Some(batch) = job.batch else { return };
        match outcome {
            Ok(Outcome::Made { variants, .. }) => batch.made(variants.len() as u64),
            Ok(Outcome::Present { .. } | Outcome::Gone) => batch.skipped(),
            Ok(Outcome::Failed(_)) => {}
            Ok(Outcome::Changed) => batch.note(job.id, "changed since the last scan".into()),
            Err(e) => batch.note(job.id, e.to_string()),
        }
        batch.finish();
    }

    fn spawn(self: &Arc<Self>, jobs: usize) {
        for _ in 0..jobs {
            let this = Arc::clone(self);
            self.pool().spawn(move || this.run_next());
        }
    }

    /// Replaces the viewport requests; photos no longer listed lose their queued requests.
    pub fn set_viewport(self: &Arc<Self>, visible: &[PhotoId], near: &[PhotoId]) {
        let queued = self.queue.set_viewport(visible, near);
        self.spawn(queued);
    }

    /// Makes every missing variant of `tier` for every active photo, newest first; the grid tier of
    /// every photo comes before any responsive variant. Blocks until done or cancelled.
    pub fn make_all(
        self: &Arc<Self>,
        tier: Tier,
        cancel: &CancelToken,
        progress: &dyn ProgressSink,
    ) -> Result<ThumbReport> {
        let started = Instant::now();
        let passes: &[Work] = match tier {
            Tier::Grid => &[Work::Grid],
            Tier::All => &[Work::Grid, Work::Responsive],
        };
        let total = sql::active_count(&self.conn())? * passes.len() as u64;
        let batch = Arc::new(Batch::default());
        let report = |done| {
            progress.report(Progress {
                phase: Phase::Thumbs,
                done,
                total: Some(total),
            })
        };
        let mut pushed = 0u64;
        let mut last_report = Instant::now();
        for &work in passes {
            let mut after = (i64::MAX, i64::MAX);
            loop {
                let page = sql::pending(&self.conn(), after, 512)?;
                let Some(&(id, taken_at)) = page.last() else {
                    break;
                };
                after = (taken_at, id);
                for (id, _) in page {
                    let job = Job {
                        id,
                        work,
                        batch: Some(batch.clone()),
                    };
                    if !self.queue.push_backlog(job, cancel) {
                        return self.abandon(&batch, pushed);
                    }
                    pushed += 1;
                    self.spawn(1);
                    if cancel.is_cancelled() {
                        return self.abandon(&batch, pushed);
                    }
                    if last_report.elapsed() > Duration::from_millis(100) {
                        report(batch.finished());
                        last_report = Instant::now();
                    }
                }
            }
        }
        while !batch.wait(pushed, Duration::from_millis(100)) {
            report(batch.finished());
            if cancel.is_cancelled() {
                return self.abandon(&batch, pushed);
            }
        }
        report(total);
        let recorded: Vec<FileError> = sql::failures(&self.conn())?
            .into_iter()
            .map(|(_, path, error)| FileError { path, error })
            .collect();
        let conn = self.conn();
        let path_of = |id| {
            sql::row(&conn, id)
                .ok()
                .flatten()
                .map(|r| r.path)
                .unwrap_or_default()
        };
        Ok(batch.report(recorded, path_of, started.elapsed().as_millis() as u64))
    }

    /// On cancel: unqueue what has not started, wait for what has, then report the cancellation.
    fn abandon(&self, batch: &Arc<Batch>, pushed: u64) -> Result<ThumbReport> {
        let dropped = self.queue.drop_batch(batch) as u64;
        while !batch.wait(pushed.saturating_sub(dropped), Duration::from_millis(50)) {}
        Err(Error::Cancelled)
    }
}
