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
    /// The change was not attempted because a change it depends on failed.
    Skipped {
        /// Change id.
        id: usize,
        /// One line saying what the change does.
        description: String,
        /// The failed change it (transitively) depends on.
        failed_dependency: usize,
    },
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
    /// The subset of `done` whose effect was already present.
    pub already_present: Vec<usize>,
}

impl ApplyReport {
    /// True when every change is done.
    pub fn is_success(&self) -> bool {
        self.failed.is_empty() && self.skipped.is_empty()
    }

    /// One line: `Apply complete: 5 done (1 already present), 1 failed, 2 skipped.`
    pub fn summary(&self) -> String {
        let head = if self.is_success() {
            "Apply complete"
        } else {
            "Apply incomplete"
        };
        let present = match self.already_present.len() {
            0 => String::new(),
            n => format!(" ({n} already present)"),
        };
        format!(
            "{head}: {} done{present}, {} failed, {} skipped.",
            self.done.len(),
            self.failed.len(),
            self.skipped.len()
        )
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
    }
}
