//! Running one change with retries: jittered exponential backoff for transient errors,
//! and a bounded window for errors eventual consistency explains.
//!
//! The rule, in full:
//! - Transient errors (throttling, 5xx and transport failures, ConcurrentModification,
//!   EntityTemporarilyUnmodifiable) are retried up to `max_attempts`.
//! - NoSuchEntity and "Invalid principal" are retried within the propagation window only
//!   when the entity they name was created by this apply, by a change this one depends
//!   on: IAM is eventually consistent, so an entity created a moment ago may not be
//!   visible yet. Naming an entity nobody just created, they mean what they say.
//! - Everything else (LimitExceeded, MalformedPolicyDocument, InvalidInput, AccessDenied,
//!   DeleteConflict, credentials, …) fails the change at once with IAM's reason.

use std::time::{Duration, Instant};

use crate::backend::{Backend, BackendError};
use crate::plan::PlannedChange;

use super::idempotence::already_present;
use super::{ApplyEvent, ApplyOptions};

/// How a change ended up in effect.
#[derive(Debug, Clone, PartialEq)]
pub enum Completion {
    /// The call succeeded.
    Applied,
    /// The effect was already there; why we know.
    AlreadyPresent(String),
}

/// Backoff before retry number `attempt` (from 1): `base·2^(attempt−1)` capped at `max`,
/// with half of it jittered so parallel workers do not retry in lockstep.
pub fn backoff(attempt: u32, base: Duration, max: Duration, rng: &mut fastrand::Rng) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
    let capped = exp.min(max);
    let half = capped / 2;
    let jitter = rng.u64(0..=half.as_nanos().min(u128::from(u64::MAX)) as u64);
    half + Duration::from_nanos(jitter)
}

/// Executes `planned`, retrying what may pass later; emits Started and Retrying events.
/// `created` names the entities this apply created in the changes `planned` depends on.
pub fn run_change(
    planned: &PlannedChange,
    created: &[String],
    backend: &dyn Backend,
    options: &ApplyOptions,
    rng: &mut fastrand::Rng,
    emit: &dyn Fn(ApplyEvent),
) -> Result<Completion, BackendError> {
    let description = planned.change.to_string();
    emit(ApplyEvent::Started {
        id: planned.id,
        description: description.clone(),
    });
    let policy = &options.retry;
    let started = Instant::now();
    let mut attempt = 1;
    loop {
        let error = match backend.execute(&planned.change) {
            Ok(()) => return Ok(Completion::Applied),
            Err(e) => e,
        };
        if let Some(why) = already_present(&planned.change, &error, backend, options) {
            return Ok(Completion::AlreadyPresent(why));
        }
        let retryable = error.is_transient()
            || (error.may_be_propagation()
                && names_any(&error.to_string(), created)
                && started.elapsed() < policy.propagation_window);
        if !retryable || attempt >= policy.max_attempts {
            return Err(error);
        }
        let delay = backoff(attempt, policy.base_delay, policy.max_delay, rng);
        emit(ApplyEvent::Retrying {
            id: planned.id,
            description: description.clone(),
            attempt,
            error,
            delay,
        });
        std::thread::sleep(delay);
        attempt += 1;
    }
}

/// True when `message` names one of `entities` as a whole IAM name, not as part of a
/// longer one (`dev` is not named by "role devops cannot be found").
fn names_any(message: &str, entities: &[String]) -> bool {
    // The characters IAM allows in user, group, role and policy names.
    let in_name = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    entities.iter().filter(|n| !n.is_empty()).any(|name| {
        message.match_indices(name.as_str()).any(|(at, _)| {
            let before = message[..at].chars().next_back();
            let rest = &message[at + name.len()..];
            // A name that ends a sentence is followed by a full stop, which names may hold.
            let ends = match rest.chars().next() {
                None => true,
                Some('.') => rest[1..].is_empty() || rest[1..].starts_with(char::is_whitespace),
                Some(c) => !in_name(c),
            };
            before.is_none_or(|c| !in_name(c)) && ends
        })
    })
}

#[cfg(test)]
#[path = "retry_tests.rs"]
pub(super) mod retry_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let mut rng = fastrand::Rng::with_seed(5);
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(2);
        for attempt in 1..=12 {
            let full = (base * (1 << (attempt - 1).min(20))).min(max);
            let d = backoff(attempt, base, max, &mut rng);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        let samples: std::collections::BTreeSet<_> =
            (0..10).map(|_| backoff(3, base, max, &mut rng)).collect();
        assert!(samples.len() > 1, "jitter varies the delay");
    }
}
