//! Faults the [`super::fake::FakeBackend`] injects: throttling, 5xx, eventual
//! consistency, permanent refusals and a process crash, each switchable by tests.

use super::BackendError;

/// When a kind of fault hits: on a fixed schedule, at random, or both.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultSchedule {
    /// Hit calls number `k·every … k·every + burst − 1` (calls count from 1).
    pub every: Option<u64>,
    /// How many consecutive calls each scheduled hit lasts (at least 1).
    pub burst: u64,
    /// Probability in 0.0–1.0 that any call is hit, drawn from the seeded generator.
    pub rate: f64,
}

impl FaultSchedule {
    /// Never hits.
    pub const NEVER: FaultSchedule = FaultSchedule {
        every: None,
        burst: 0,
        rate: 0.0,
    };

    /// Hits every `n`th call.
    pub fn every(n: u64) -> FaultSchedule {
        FaultSchedule::bursts(n, 1)
    }

    /// Hits `burst` calls in a row every `n` calls.
    pub fn bursts(n: u64, burst: u64) -> FaultSchedule {
        FaultSchedule {
            every: Some(n),
            burst,
            rate: 0.0,
        }
    }

    /// Hits a random fraction of calls.
    pub fn random(rate: f64) -> FaultSchedule {
        FaultSchedule {
            every: None,
            burst: 0,
            rate,
        }
    }

    /// Whether call number `call` is hit.
    pub fn hits(&self, call: u64, rng: &mut fastrand::Rng) -> bool {
        let scheduled = self
            .every
            .is_some_and(|n| n > 0 && call >= n && call % n < self.burst.max(1));
        // Draw only when a rate is set, so schedules alone leave the generator untouched.
        scheduled || (self.rate > 0.0 && rng.f64() < self.rate)
    }
}

/// A request rate limit like IAM's per-account one, as a token bucket: it refills at
/// `per_second` calls a second and holds at most `burst`; a call that finds it empty is
/// throttled. Unlike a [`FaultSchedule`] it depends on how fast calls come, so lowering
/// the concurrency makes it throttle less.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Calls a second the bucket refills.
    pub per_second: f64,
    /// Most calls the bucket holds (a burst after a quiet spell).
    pub burst: f64,
}

impl RateLimit {
    /// Takes one call from `bucket` (tokens, last refill) at `now`: true when the
    /// bucket had one, false when the call is throttled. A new bucket starts full.
    pub fn admit(
        &self,
        bucket: &mut Option<(f64, std::time::Instant)>,
        now: std::time::Instant,
    ) -> bool {
        let (tokens, last) = bucket.get_or_insert((self.burst, now));
        let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A permanent error the fake answers on a schedule, as IAM does for a quota reached or
/// a call the caller may not make.
#[derive(Debug, Clone, PartialEq)]
pub struct PermanentFault {
    /// Which calls get it.
    pub schedule: FaultSchedule,
    /// The error they get.
    pub error: BackendError,
}

/// The faults a [`super::fake::FakeBackend`] injects.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Calls answered with `Throttled`.
    pub throttling: FaultSchedule,
    /// Changes beyond this rate are answered with `Throttled` too.
    pub rate_limit: Option<RateLimit>,
    /// Calls answered with `ServiceFailure` (HTTP 5xx).
    pub service_failures: FaultSchedule,
    /// Calls answered with a permanent error (LimitExceeded, AccessDenied, …), which no
    /// retry can fix.
    pub permanent: Option<PermanentFault>,
    /// For this many calls after a user or role is created, changes that target it fail
    /// with NoSuchEntity and trust policies naming it fail with "Invalid principal".
    pub propagation_calls: u64,
    /// After this many successful executes every call fails, as if the process died.
    pub crash_after: Option<usize>,
    /// Seed of the generator behind random faults.
    pub seed: u64,
    /// Time every API call takes (slept outside the lock, so parallel calls overlap the
    /// way requests to IAM do); zero by default.
    pub latency: std::time::Duration,
    /// Accounts, by id, whose every read fails with this error, as an account does whose
    /// role cannot be assumed or whose endpoint cannot be reached.
    pub unreadable: std::collections::BTreeMap<String, BackendError>,
}

impl Default for FaultConfig {
    fn default() -> FaultConfig {
        FaultConfig {
            throttling: FaultSchedule::NEVER,
            rate_limit: None,
            service_failures: FaultSchedule::NEVER,
            permanent: None,
            propagation_calls: 0,
            crash_after: None,
            seed: 0,
            latency: std::time::Duration::ZERO,
            unreadable: std::collections::BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_hit_every_nth_call_and_bursts() {
        let mut rng = fastrand::Rng::with_seed(1);
        let hits = |s: FaultSchedule, rng: &mut fastrand::Rng| {
            (1..=12).filter(|c| s.hits(*c, rng)).collect::<Vec<_>>()
        };
        assert_eq!(hits(FaultSchedule::every(4), &mut rng), [4, 8, 12]);
        assert_eq!(hits(FaultSchedule::bursts(5, 2), &mut rng), [5, 6, 10, 11]);
        assert!(hits(FaultSchedule::NEVER, &mut rng).is_empty());
    }

    #[test]
    fn rate_limit_admits_a_burst_then_the_refill_rate() {
        let limit = RateLimit {
            per_second: 10.0,
            burst: 3.0,
        };
        let start = std::time::Instant::now();
        let mut bucket = None;
        let admitted = (0..5).filter(|_| limit.admit(&mut bucket, start)).count();
        assert_eq!(admitted, 3);
        // 0.25 s later the bucket holds 2.5 calls.
        let later = start + std::time::Duration::from_millis(250);
        let admitted = (0..5).filter(|_| limit.admit(&mut bucket, later)).count();
        assert_eq!(admitted, 2);
    }

    #[test]
    fn random_rate_is_roughly_respected_and_seeded() {
        let count = |seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            (1..=1000)
                .filter(|c| FaultSchedule::random(0.3).hits(*c, &mut rng))
                .count()
        };
        assert_eq!(count(9), count(9));
        assert!((200..400).contains(&count(9)), "{}", count(9));
    }
}
