//! An optional upload bandwidth limit shared by every request of a sync (like rclone's `--bwlimit`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Spaces sends so that, on average, no more than `bytes_per_sec` leave this process.
pub struct Pacer {
    bytes_per_sec: Option<u64>,
    state: Mutex<(Instant, u64)>,
}

impl Pacer {
    pub fn new(bytes_per_sec: Option<u64>) -> Self {
        Pacer {
            bytes_per_sec: bytes_per_sec.filter(|&b| b > 0),
            state: Mutex::new((Instant::now(), 0)),
        }
    }

    /// How long to wait before sending `bytes` more (zero when unlimited or under the rate).
    pub fn delay_for(&self, bytes: u64) -> Duration {
        let Some(rate) = self.bytes_per_sec else {
            return Duration::ZERO;
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (start, sent) = *state;
        let due = start + Duration::from_secs_f64(sent as f64 / rate as f64);
        state.1 += bytes;
        due.saturating_duration_since(Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlimited_never_waits_and_a_limit_spaces_sends() {
        assert_eq!(Pacer::new(None).delay_for(1 << 30), Duration::ZERO);
        let pacer = Pacer::new(Some(1_000_000));
        assert_eq!(pacer.delay_for(2_000_000), Duration::ZERO);
        // The next send is due two seconds after the start.
        let wait = pacer.delay_for(1);
        assert!(
            wait > Duration::from_millis(1900) && wait <= Duration::from_secs(2),
            "{wait:?}"
        );
    }
}
