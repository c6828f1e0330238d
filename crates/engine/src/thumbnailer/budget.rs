//! The decode budget: a semaphore counted in bytes. Before a decode starts, its thread acquires what
//! the decode will allocate (file bytes held, decoder buffers, the first variants); a request larger
//! than the whole budget waits until nothing else holds any and then runs alone. Requests are served
//! in arrival order, so a large one is never starved by a stream of small ones. Released on drop.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Bytes that decodes may hold at once; 0 means unbounded (every request is granted at once).
pub(crate) struct Budget {
    total: u64,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Bytes granted and not yet released (each grant clamped to the total).
    in_use: u64,
    /// The most `in_use` ever was.
    peak: u64,
    /// The next ticket to hand out, and the ticket whose turn it is.
    next: u64,
    serving: u64,
}

/// A grant of `bytes` from a [`Budget`], returned when dropped (also while unwinding).
#[must_use = "the bytes are released when the permit is dropped"]
pub(crate) struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    pub fn new(total: u64) -> Budget {
        Budget {
            total,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Blocks until `bytes` (at most the whole budget) fit beside what is held, in arrival order.
    pub fn acquire(&self, bytes: u64) -> Permit<'_> {
        let bytes = if self.total == 0 {
            bytes
        } else {
            bytes.min(self.total)
        };
        let mut state = self.lock();
        let ticket = state.next;
        state.next += 1;
        while state.serving != ticket
            || (self.total != 0 && state.in_use > 0 && state.in_use + bytes > self.total)
        {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.serving += 1;
        state.in_use += bytes;
        state.peak = state.peak.max(state.in_use);
        drop(state);
        // The next ticket may fit too.
        self.changed.notify_all();
        Permit {
            budget: self,
            bytes,
        }
    }

    /// The bound (0: unbounded).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Bytes held now.
    pub fn in_use(&self) -> u64 {
        self.lock().in_use
    }

    /// The most bytes ever held at once.
    pub fn peak(&self) -> u64 {
        self.lock().peak
    }
}

#[cfg(test)]
impl Permit<'_> {
    /// What this permit holds (the request, clamped to the budget).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// After a decode this large ends, the allocator is asked to hand freed memory back to the system:
/// glibc keeps freed chunks under its mmap threshold (which grows to 32 MB) in its arenas, and
/// resident memory would otherwise keep what the largest decodes left behind.
const TRIM_AFTER: u64 = 64 << 20;

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut state = self.budget.lock();
        state.in_use -= self.bytes;
        drop(state);
        self.budget.changed.notify_all();
        if self.bytes >= TRIM_AFTER {
            trim();
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim has no preconditions; it only returns free pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering::SeqCst};
    use std::sync::{mpsc, Arc};

    /// Many threads acquiring and releasing assorted sizes: what is held (as seen by the holders
    /// themselves, not only by the budget's own count) never exceeds the total.
    #[test]
    fn concurrent_grants_never_exceed_the_total() {
        let budget = Arc::new(Budget::new(100));
        let held = Arc::new(AtomicU64::new(0));
        let most = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..8u64)
            .map(|t| {
                let (budget, held, most) = (budget.clone(), held.clone(), most.clone());
                std::thread::spawn(move || {
                    for i in 0..300u64 {
                        let want = 1 + (t * 37 + i * 11) % 60;
                        let permit = budget.acquire(want);
                        let now = held.fetch_add(permit.bytes(), SeqCst) + permit.bytes();
                        most.fetch_max(now, SeqCst);
                        std::thread::yield_now();
                        held.fetch_sub(permit.bytes(), SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let most = most.load(SeqCst);
        assert!(most <= 100, "{most} bytes held at once");
        assert!(most > 60, "grants overlapped ({most})");
        assert!(budget.peak() <= 100);
        assert_eq!(budget.in_use(), 0);
    }

    /// Waits until `n` tickets have been handed out (a thread has queued its request).
    fn queued(budget: &Budget, n: u64) {
        while budget.lock().next < n {
            std::thread::yield_now();
        }
    }

    /// A request larger than the whole budget is granted once nothing else is held, and nothing else
    /// is granted beside it: each grant reports what was held at that moment, which is only itself.
    #[test]
    fn an_oversized_request_runs_alone() {
        let budget = Arc::new(Budget::new(100));
        let small = budget.acquire(10);
        let (granted, grants) = mpsc::channel();
        let (release, released) = mpsc::channel::<()>();
        let big = {
            let (budget, granted) = (budget.clone(), granted.clone());
            std::thread::spawn(move || {
                let permit = budget.acquire(1_000);
                granted
                    .send(("big", permit.bytes(), budget.in_use()))
                    .unwrap();
                released.recv().unwrap();
                drop(permit);
            })
        };
        queued(&budget, 2);
        drop(small);
        assert_eq!(grants.recv().unwrap(), ("big", 100, 100), "clamped, alone");
        let waiter = {
            let budget = budget.clone();
            std::thread::spawn(move || {
                let permit = budget.acquire(1);
                granted
                    .send(("small", permit.bytes(), budget.in_use()))
                    .unwrap();
            })
        };
        queued(&budget, 3);
        release.send(()).unwrap();
        assert_eq!(grants.recv().unwrap(), ("small", 1, 1), "after the big one");
        big.join().unwrap();
        waiter.join().unwrap();
        assert_eq!(budget.in_use(), 0);
        assert_eq!(budget.peak(), 100);
    }

    /// A permit is returned when its holder panics.
    #[test]
    fn a_panicking_holder_releases_its_bytes() {
        let budget = Arc::new(Budget::new(100));
        let holder = {
            let budget = budget.clone();
            std::thread::spawn(move || {
                let _permit = budget.acquire(80);
                panic!("decoder blew up");
            })
        };
        assert!(holder.join().is_err());
        assert_eq!(budget.in_use(), 0);
        // And the budget still works: a full-size grant goes through at once.
        assert_eq!(budget.acquire(100).bytes(), 100);
    }

    #[test]
    fn an_unbounded_budget_grants_everything_at_once() {
        let budget = Budget::new(0);
        let a = budget.acquire(1 << 40);
        let b = budget.acquire(1 << 40);
        assert_eq!(budget.in_use(), 2 << 40);
        drop((a, b));
        assert_eq!(budget.peak(), 2 << 40);
    }
}
