//! Adaptive concurrency: how many IAM calls an apply makes at once. IAM throttles an
//! account's calls above a write rate it does not publish, so the apply starts at its
//! `parallelism`, lowers the limit to three quarters when a call is throttled and adds
//! one after [`PROBE_ROUNDS`] rounds of calls without throttling (additive increase,
//! multiplicative decrease, as TCP finds a link's rate). It so stays near IAM's rate,
//! tripping it only now and then to probe for more.
//!
//! A burst of throttling lowers the limit once: calls already in flight when the limit
//! was lowered were sent at the old rate and say nothing about the new one.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What the calls of an apply did, for its summary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CallStats {
    /// Calls made, retries included.
    pub calls: u64,
    /// Calls IAM throttled.
    pub throttled: u64,
    /// The lowest limit throttling brought the concurrency to.
    pub lowest: usize,
    /// Time spent in calls, summed over all calls.
    pub busy: Duration,
}

/// A limit on the calls in flight that adapts to throttling.
#[derive(Debug)]
pub struct Limiter {
    max: usize,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug)]
struct State {
    limit: usize,
    in_flight: usize,
    /// Calls started so far; a call's number is the count when it started.
    started: u64,
    /// `started` when the limit was last lowered.
    lowered_at: u64,
    /// Calls that succeeded since the limit last changed.
    successes: usize,
    stats: CallStats,
}

/// The right to make one call; give it back with [`Permit::finish`]. Dropped
/// unfinished (a panicking backend), it frees its slot without judging the call.
#[derive(Debug)]
pub struct Permit<'a> {
    limiter: &'a Limiter,
    number: u64,
    started: Instant,
    finished: bool,
}

/// A change of the limit: from, to.
pub type LimitChange = (usize, usize);

/// Rounds of calls (the limit's worth of calls each) that must succeed before the limit
/// goes up by one. Near IAM's rate one more call at once is often too many, so probing
/// every round would trip throttling every few calls; sixteen rounds keep throttled
/// calls to a few percent at the rate (benches/apply_calls.rs) and still climb back from
/// one throttled burst at 8 calls at once within about two hundred calls.
pub const PROBE_ROUNDS: usize = 16;

/// The limit after a throttled call: three quarters of `limit`, at least one less,
/// never below one.
pub fn lowered(limit: usize) -> usize {
    (limit * 3 / 4).min(limit.saturating_sub(1)).max(1)
}

impl Limiter {
    /// A limiter starting at, and never above, `max` (at least 1).
    pub fn new(max: usize) -> Limiter {
        let max = max.max(1);
        Limiter {
            max,
            state: Mutex::new(State {
                limit: max,
                in_flight: 0,
                started: 0,
                lowered_at: 0,
                successes: 0,
                stats: CallStats {
                    lowest: max,
                    ..CallStats::default()
                },
            }),
            changed: Condvar::new(),
        }
    }

    /// Waits until fewer calls than the limit are in flight, then takes a slot.
    pub fn acquire(&self) -> Permit<'_> {
        let mut state = self.lock();
        while state.in_flight >= state.limit {
            state = self.changed.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        state.in_flight += 1;
        state.started += 1;
        Permit {
            limiter: self,
            number: state.started,
            started: Instant::now(),
            finished: false,
        }
    }

    /// What the calls did so far.
    pub fn stats(&self) -> CallStats {
        self.lock().stats
    }

    fn release(&self, permit: &Permit<'_>, throttled: Option<bool>) -> Option<LimitChange> {
        let mut state = self.lock();
        state.in_flight -= 1;
        let before = state.limit;
        if let Some(throttled) = throttled {
            state.stats.calls += 1;
            state.stats.busy += permit.started.elapsed();
            if throttled {
                state.stats.throttled += 1;
                if permit.number > state.lowered_at {
                    state.limit = lowered(state.limit);
                    state.lowered_at = state.started;
                    state.successes = 0;
                    state.stats.lowest = state.stats.lowest.min(state.limit);
                }
            } else {
                state.successes += 1;
                if state.successes >= state.limit * PROBE_ROUNDS && state.limit < self.max {
                    state.limit += 1;
                    state.successes = 0;
                }
            }
        }
        let after = state.limit;
        drop(state);
        self.changed.notify_all();
        (after != before).then_some((before, after))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Permit<'_> {
    /// Gives the slot back, saying whether IAM throttled the call; returns the limit's
    /// change when it changed.
    pub fn finish(mut self, throttled: bool) -> Option<LimitChange> {
        self.finished = true;
        self.limiter.release(&self, Some(throttled))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.limiter.release(self, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_takes_a_quarter_and_at_least_one() {
        let steps: Vec<usize> =
            std::iter::successors(Some(8), |&l| (l > 1).then(|| lowered(l))).collect();
        assert_eq!(steps, [8, 6, 4, 3, 2, 1]);
        assert_eq!(lowered(1), 1);
        assert_eq!(lowered(64), 48);
    }

    #[test]
    fn throttling_lowers_the_limit_and_rounds_of_successes_raise_it() {
        let limiter = Limiter::new(8);
        let throttle = || limiter.acquire().finish(true);
        assert_eq!(throttle(), Some((8, 6)));
        assert_eq!(throttle(), Some((6, 4)));
        for _ in 0..3 {
            throttle();
        }
        assert_eq!(throttle(), None, "never below 1");
        // PROBE_ROUNDS rounds (the limit's worth of successes each) raise it by one.
        let succeed = || limiter.acquire().finish(false);
        for _ in 1..PROBE_ROUNDS {
            assert_eq!(succeed(), None);
        }
        assert_eq!(succeed(), Some((1, 2)));
        for _ in 1..2 * PROBE_ROUNDS {
            assert_eq!(succeed(), None);
        }
        assert_eq!(succeed(), Some((2, 3)));
        let stats = limiter.stats();
        assert_eq!(stats.throttled, 6);
        assert_eq!(stats.calls, 6 + 3 * PROBE_ROUNDS as u64);
        assert_eq!(stats.lowest, 1);
    }

    #[test]
    fn a_burst_of_throttling_lowers_the_limit_once() {
        let limiter = Limiter::new(8);
        // Four calls in flight together, all throttled: one lowering.
        let permits: Vec<_> = (0..4).map(|_| limiter.acquire()).collect();
        let changes: Vec<_> = permits.into_iter().map(|p| p.finish(true)).collect();
        assert_eq!(changes, [Some((8, 6)), None, None, None]);
        // A call started after the lowering is news: it lowers again.
        assert_eq!(limiter.acquire().finish(true), Some((6, 4)));
    }

    #[test]
    fn never_above_the_maximum_and_waits_for_a_slot() {
        let limiter = Limiter::new(2);
        for _ in 0..10 {
            assert_eq!(limiter.acquire().finish(false), None);
        }
        let first = limiter.acquire();
        let _second = limiter.acquire();
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| limiter.acquire().finish(false));
            std::thread::sleep(Duration::from_millis(20));
            assert!(!waiter.is_finished(), "a third call waits for a slot");
            first.finish(false);
            waiter.join().unwrap();
        });
    }

    #[test]
    fn a_dropped_permit_frees_its_slot_without_counting() {
        let limiter = Limiter::new(1);
        drop(limiter.acquire());
        assert_eq!(limiter.acquire().finish(false), None);
        assert_eq!(limiter.stats().calls, 1);
    }
}
