//! One line per apply event as changes complete (stdout), so CI logs read like a journal.
//!
//! Changes finish out of plan order when they run in parallel, so the counter is how
//! many have finished, not the change's position; a skipped change names the failed
//! change it waited for, rather than an id only the JSON plan shows.

use iamform::apply::ApplyEvent;
use iamform::plan::Plan;

/// Turns apply events into progress lines, counting finished changes.
#[derive(Debug)]
pub struct ApplyProgress {
    /// What each change does, by change id.
    descriptions: Vec<String>,
    /// Changes that succeeded, failed or were skipped so far.
    finished: usize,
}

impl ApplyProgress {
    /// Progress over the changes of `plan`.
    pub fn for_plan(plan: &Plan) -> ApplyProgress {
        ApplyProgress::new(plan.changes.iter().map(|c| c.change.to_string()).collect())
    }

    /// Progress over changes described by `descriptions` (indexed by change id).
    pub fn new(descriptions: Vec<String>) -> ApplyProgress {
        ApplyProgress {
            descriptions,
            finished: 0,
        }
    }

    /// The line for `event`; `None` for events not worth a line.
    pub fn line(&mut self, event: &ApplyEvent) -> Option<String> {
        let total = self.descriptions.len();
        let width = total.to_string().len();
        // Retries are not finished: no count, aligned under the counted lines.
        let pending = " ".repeat(2 * width + 3);
        let mut finish = || {
            self.finished += 1;
            format!("[{:>width$}/{total}]", self.finished)
        };
        match event {
            ApplyEvent::Started { .. } => None,
            ApplyEvent::Succeeded {
                description,
                already_present,
                ..
            } => Some(match already_present {
                Some(note) => format!("{} ok    {description} (already present: {note})", finish()),
                None => format!("{} ok    {description}", finish()),
            }),
            ApplyEvent::Retrying {
                description,
                attempt,
                error,
                delay,
                ..
            } => Some(format!(
                "{pending} retry {description}: attempt {attempt} failed ({error}); next in {} ms",
                delay.as_millis()
            )),
            ApplyEvent::Failed {
                description, error, ..
            } => Some(format!("{} FAIL  {description}: {error}", finish())),
            // Said when IAM throttles; raising it again happens every few calls.
            ApplyEvent::Concurrency { from, to } if to < from => Some(format!(
                "{pending} slow  IAM is throttling: at most {to} changes at once (was {from})"
            )),
            ApplyEvent::Concurrency { .. } => None,
            ApplyEvent::Skipped {
                description,
                failed_dependency,
                ..
            } => {
                let failed = self
                    .descriptions
                    .get(*failed_dependency)
                    .map_or_else(|| format!("change {failed_dependency}"), Clone::clone);
                Some(format!(
                    "{} skip  {description} (needs {failed}, which failed)",
                    finish()
                ))
            }
            // Not finished either: listed after the run, so no count.
            ApplyEvent::NotStarted { description, .. } => {
                Some(format!("{pending} stop  {description} (not started)"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use iamform::backend::BackendError;

    use super::*;

    fn progress() -> ApplyProgress {
        ApplyProgress::new(
            (1..=10)
                .map(|n| format!("[main] change number {n}"))
                .collect(),
        )
    }

    #[test]
    fn counts_finished_changes_whatever_their_order() {
        let mut p = progress();
        let done = |id: usize| ApplyEvent::Succeeded {
            id,
            description: format!("[main] change number {}", id + 1),
            already_present: None,
        };
        let started = ApplyEvent::Started {
            id: 0,
            description: "x".into(),
        };
        assert_eq!(p.line(&started), None);
        assert_eq!(
            p.line(&done(6)).as_deref(),
            Some("[ 1/10] ok    [main] change number 7")
        );
        assert_eq!(
            p.line(&done(2)).as_deref(),
            Some("[ 2/10] ok    [main] change number 3")
        );
    }

    #[test]
    fn retries_failures_and_skips_read_on_their_own() {
        let mut p = progress();
        let error = BackendError::Other("AccessDenied".into());
        let retry = ApplyEvent::Retrying {
            id: 0,
            description: "[main] change number 1".into(),
            attempt: 2,
            error: error.clone(),
            delay: Duration::from_millis(400),
        };
        let retry_line = p.line(&retry).unwrap();
        assert!(retry_line.starts_with("        retry [main] change number 1: attempt 2 failed ("));
        assert!(retry_line.ends_with("); next in 400 ms"), "{retry_line}");
        let failed = ApplyEvent::Failed {
            id: 0,
            description: "[main] change number 1".into(),
            error,
        };
        assert!(
            p.line(&failed)
                .unwrap()
                .starts_with("[ 1/10] FAIL  [main] change number 1: ")
        );
        let skipped = ApplyEvent::Skipped {
            id: 4,
            description: "[main] change number 5".into(),
            failed_dependency: 0,
        };
        assert_eq!(
            p.line(&skipped).as_deref(),
            Some(
                "[ 2/10] skip  [main] change number 5 (needs [main] change number 1, which failed)"
            )
        ); // After Ctrl-C, what was never started: no count, like a retry.
        let not_started = ApplyEvent::NotStarted {
            id: 5,
            description: "[main] change number 6".into(),
        };
        assert_eq!(
            p.line(&not_started).as_deref(),
            Some("        stop  [main] change number 6 (not started)")
        );
    }

    #[test]
    fn lowered_concurrency_is_said_and_raised_is_not() {
        let mut p = progress();
        assert_eq!(
            p.line(&ApplyEvent::Concurrency { from: 8, to: 4 })
                .as_deref(),
            Some("        slow  IAM is throttling: at most 4 changes at once (was 8)")
        );
        assert_eq!(p.line(&ApplyEvent::Concurrency { from: 4, to: 5 }), None);
    }
}
