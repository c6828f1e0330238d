//! The priority queue in front of the thumbnail pool: on screen now > near > backlog grid > backlog
//! responsive. The viewport levels are replaced wholesale by `set_viewport`, which drops requests for
//! photos that scrolled away; the backlog is bounded and pushes wait for room.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::Batch;
use crate::model::PhotoId;
use crate::progress::CancelToken;

/// Which tier a job makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    Grid,
    Responsive,
}

pub(crate) struct Job {
    pub id: PhotoId,
    pub work: Work,
    pub batch: Option<Arc<Batch>>,
}

#[derive(Default)]
struct Levels {
    visible: VecDeque<PhotoId>,
    near: VecDeque<PhotoId>,
    grid: VecDeque<Job>,
    responsive: VecDeque<Job>,
}

pub(crate) struct Queue {
    levels: Mutex<Levels>,
    room: Condvar,
    capacity: usize,
}

impl Queue {
    pub fn new(capacity: usize) -> Queue {
        Queue {
            levels: Mutex::new(Levels::default()),
            room: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Levels> {
        self.levels.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces the on-screen and near requests (grid tier), in the given order, each level bounded
    /// by the capacity. Returns how many requests are queued now at those two levels.
    pub fn set_viewport(&self, visible: &[PhotoId], near: &[PhotoId]) -> usize {
        let mut seen = HashSet::new();
        let mut take = |ids: &[PhotoId]| -> VecDeque<PhotoId> {
            ids.iter()
                .copied()
                .filter(|id| seen.insert(*id))
                .take(self.capacity)
                .collect()
        };
        let visible = take(visible);
        let near = take(near);
        let mut levels = self.lock();
        levels.visible = visible;
        levels.near = near;
        levels.visible.len() + levels.near.len()
    }

    /// Queues a backlog job, waiting while the backlog is full. `false` when cancelled first.
    pub fn push_backlog(&self, job: Job, cancel: &CancelToken) -> bool {
        let mut levels = self.lock();
        while levels.grid.len() + levels.responsive.len() >= self.capacity {
            if cancel.is_cancelled() {
                return false;
            }
            levels = self
                .room
                .wait_timeout(levels, Duration::from_millis(50))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        match job.work {
            Work::Grid => levels.grid.push_back(job),
            Work::Responsive => levels.responsive.push_back(job),
        }
        true
    }

    /// The most urgent job, if any.
    pub fn pop(&self) -> Option<Job> {
        let mut levels = self.lock();
        let viewport = |id| Job {
            id,
            work: Work::Grid,
            batch: None,
        };
        let job = if let Some(id) = levels.visible.pop_front() {
            Some(viewport(id))
        } else if let Some(id) = levels.near.pop_front() {
            Some(viewport(id))
        } else if let Some(job) = levels.grid.pop_front() {
            Some(job)
        } else {
            levels.responsive.pop_front()
        };
        drop(levels);
        self.room.notify_all();
        job
    }

    /// Removes the queued jobs of `batch` (on cancel); returns how many.
    pub fn drop_batch(&self, batch: &Arc<Batch>) -> usize {
        let mut levels = self.lock();
        let before = levels.grid.len() + levels.responsive.len();
        let mine = |job: &Job| job.batch.as_ref().is_some_and(|b| Arc::ptr_eq(b, batch));
        levels.grid.retain(|j| !mine(j));
        levels.responsive.retain(|j| !mine(j));
        before - levels.grid.len() - levels.responsive.len()
    }

    pub fn depth(&self) -> usize {
        let levels = self.lock();
        levels.visible.len() + levels.near.len() + levels.grid.len() + levels.responsive.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewport_comes_first_and_scrolling_away_drops_requests() {
        let queue = Queue::new(16);
        let batch = Arc::new(Batch::default());
        let job = |id| Job {
            id,
            work: Work::Grid,
            batch: Some(batch.clone()),
        };
        assert!(queue.push_backlog(job(100), &CancelToken::new()));
        queue.set_viewport(&[1, 2], &[3]);
        queue.set_viewport(&[4], &[5, 4]);
        let order: Vec<PhotoId> = std::iter::from_fn(|| queue.pop().map(|j| j.id)).collect();
        assert_eq!(order, vec![4, 5, 100]);
    }
}
