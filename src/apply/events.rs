//! What an apply reports while it runs and when it is done.

use std::time::Duration;

use crate::backend::BackendError;

/// Progress of one change; the CLI prints these.
#[derive(Debug, Clone, PartialEq)]
pub enum ApplyEvent {
    /// The change's first call is being made.
    Started {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
    },
    /// The change is in effect.
    Succeeded {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
        /// Set when the effect was found already present (a re-run after a crash).
        already_present: Option<String>,
    },
    /// A call failed in a way that may pass later; it is retried after `delay`.
    Retrying {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
        /// The attempt that failed, from 1.
        attempt: u32,
        /// Why it failed.
        error: BackendError,
        /// Wait before the next attempt.
        delay: Duration,
    },
    /// The change failed for good.
    Failed {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
        /// Why.
        error: BackendError,
    },
    /// IAM throttled, or stopped throttling for a while: at most `to` calls run at once
    /// from now on, instead of `from`.
    Concurrency {
        /// The limit before.
        from: usize,
        /// The limit now.
        to: usize,
    },
    /// The change was not attempted because a change it depends on failed.
    Skipped {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
        /// The failed change it (transitively) depends on.
        failed_dependency: usize,
    },
    /// The change was not started because the apply was asked to stop (Ctrl-C).
    NotStarted {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
    },
}

/// Applies of at least this many changes show their throughput and what bounded it:
/// below it the run is over before a rate means much.
pub const LARGE_APPLY: usize = 50;

/// How fast an apply ran and what held it back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplyStats {
    /// Wall time of the apply.
    pub elapsed: Duration,
    /// Calls made to change IAM, retries included.
    pub calls: u64,
    /// Calls IAM throttled.
    pub throttled: u64,
    /// Calls at once the apply started with (its `parallelism`).
    pub concurrency: usize,
    /// The lowest limit throttling brought the concurrency to.
    pub lowest_concurrency: usize,
    /// Mean duration of one call.
    pub mean_call: Duration,
}

impl ApplyStats {
    /// `Throughput: 23.4 changes/s (612 in 26.1 s); bound: …` for `changes` finished
    /// changes. The bound is IAM's write rate when IAM throttled (it is not published:
    /// throttling is how it shows); otherwise the concurrency times the call rate.
    pub fn throughput(&self, changes: usize) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            changes as f64 / secs
        } else {
            0.0
        };
        let bound = if self.throttled > 0 {
            format!(
                "IAM's write rate (throttled {} of {} calls; concurrency lowered from {} to {})",
                self.throttled, self.calls, self.concurrency, self.lowest_concurrency
            )
        } else {
            let per_call = self.mean_call.as_secs_f64();
            let ceiling = if per_call > 0.0 {
                format!(
                    ", at most {:.1} calls/s",
                    self.concurrency as f64 / per_call
                )
            } else {
                String::new()
            };
            format!(
                "{} calls at once of {:.0} ms each{ceiling}; IAM did not throttle",
                self.concurrency,
                per_call * 1000.0
            )
        };
        format!("Throughput: {rate:.1} changes/s ({changes} in {secs:.1} s); bound: {bound}.")
    }
}

/// The outcome of an apply, by change id (each list sorted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApplyReport {
    /// Changes in effect, including those found already present.
    pub done: Vec<usize>,
    /// Changes that failed, with the error.
    pub failed: Vec<(usize, BackendError)>,
    /// Changes not attempted because a dependency failed.
    pub skipped: Vec<usize>,
    /// Changes not started because the apply was asked to stop.
    pub not_started: Vec<usize>,
    /// The subset of `done` whose effect was already present.
    pub already_present: Vec<usize>,
    /// How fast it ran.
    pub stats: ApplyStats,
}

impl ApplyReport {
    /// True when every change is done.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && self.skipped.is_empty() && self.not_started.is_empty()
    }

    /// One line: `Apply complete: 5 done (1 already present), 1 failed, 2 skipped.`
    /// (`Apply interrupted: …, 4 not started.` after a stop), and for an apply of at
    /// least [`LARGE_APPLY`] changes a second, its throughput.
    pub fn summary(&self) -> String {
        let head = if self.is_success() {
            "Apply complete"
        } else if !self.not_started.is_empty() {
            "Apply interrupted"
        } else {
            "Apply incomplete"
        };
        let not_started = match self.not_started.len() {
            0 => String::new(),
            n => format!(", {n} not started"),
        };
        let present = match self.already_present.len() {
            0 => String::new(),
            n => format!(" ({n} already present)"),
        };
        let counts = format!(
            "{head}: {} done{present}, {} failed, {} skipped{not_started}.",
            self.done.len(),
            self.failed.len(),
            self.skipped.len()
        );
        // Throughput counts the changes that finished, not those never started.
        let changes = self.done.len() + self.failed.len() + self.skipped.len();
        if changes >= LARGE_APPLY {
            format!("{counts}\n{}", self.stats.throughput(changes))
        } else {
            counts
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_each_outcome() {
        let report = ApplyReport {
            done: vec![0, 1, 3],
            failed: vec![(2, BackendError::LimitExceeded("x".into()))],
            skipped: vec![4, 5],
            already_present: vec![1],
            ..ApplyReport::default()
        };
        assert!(!report.is_success());
        assert_eq!(
            report.summary(),
            "Apply incomplete: 3 done (1 already present), 1 failed, 2 skipped."
        );
        assert_eq!(
            ApplyReport::default().summary(),
            "Apply complete: 0 done, 0 failed, 0 skipped."
        );
        let stopped = ApplyReport {
            done: vec![0],
            not_started: vec![1, 2],
            ..ApplyReport::default()
        };
        assert!(!stopped.is_success());
        assert_eq!(
            stopped.summary(),
            "Apply interrupted: 1 done, 0 failed, 0 skipped, 2 not started."
        );
    }

    #[test]
    fn large_applies_show_throughput_and_bound() {
        let throttled = ApplyStats {
            elapsed: Duration::from_secs(10),
            calls: 130,
            throttled: 12,
            concurrency: 8,
            lowest_concurrency: 2,
            mean_call: Duration::from_millis(120),
        };
        let report = ApplyReport {
            done: (0..LARGE_APPLY).collect(),
            stats: throttled.clone(),
            ..ApplyReport::default()
        };
        assert_eq!(
            report.summary(),
            "Apply complete: 50 done, 0 failed, 0 skipped.\nThroughput: 5.0 changes/s (50 in \
             10.0 s); bound: IAM's write rate (throttled 12 of 130 calls; concurrency lowered \
             from 8 to 2)."
        );
        let free = ApplyStats {
            throttled: 0,
            lowest_concurrency: 8,
            ..throttled
        };
        assert_eq!(
            free.throughput(100),
            "Throughput: 10.0 changes/s (100 in 10.0 s); bound: 8 calls at once of 120 ms \
             each, at most 66.7 calls/s; IAM did not throttle."
        );
        let small = ApplyReport {
            done: (0..LARGE_APPLY - 1).collect(),
            stats: free,
            ..ApplyReport::default()
        };
        assert!(!small.summary().contains('\n'));
    }
}
