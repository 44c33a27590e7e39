//! How reads are retried: the SDK's adaptive retry mode (exponential backoff with jitter,
//! plus a client-side rate limiter that slows down once IAM throttles), bounded in
//! attempts, and one sentence when the budget is spent.
//!
//! Writes are not retried by the SDK: the apply executor knows which changes are safe
//! to repeat and lowers its concurrency when IAM throttles (`apply::concurrency`).

use std::time::Duration;

use aws_sdk_iam::config::interceptors::InterceptorContext;
use aws_sdk_iam::config::retry::{ClassifyRetry, RetryAction, RetryConfig};
use aws_smithy_runtime_api::client::retries::classifiers::RetryClassifierPriority;

use crate::backend::BackendError;

/// Most attempts of one read call, the first included.
pub(crate) const READ_ATTEMPTS: u32 = 6;

/// The retry configuration of read calls: adaptive mode, [`READ_ATTEMPTS`] attempts,
/// backoff from 0.5 s doubling to at most 20 s (jittered), so a call gives up after
/// about half a minute of throttling at most.
pub(crate) fn read_retry() -> RetryConfig {
    RetryConfig::adaptive()
        .with_max_attempts(READ_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(500))
        .with_max_backoff(Duration::from_secs(20))
}

/// Refuses to retry a request that never reached a server (connection refused) or
/// timed out: the endpoint will not come up within the backoff, a timed-out attempt
/// already waited long, and the error says what to check.
#[derive(Debug)]
pub(crate) struct NoRetryWhenUnreachable;

impl ClassifyRetry for NoRetryWhenUnreachable {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        if error.is_timeout_error() {
            return RetryAction::RetryForbidden;
        }
        let Some(connector) = error.as_connector_error() else {
            return RetryAction::NoActionIndicated;
        };
        if connector.is_timeout() || refused(connector) {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "iamform: no retry when unreachable"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the SDK's transient-error classifier, which would retry these.
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

fn refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// A read that failed after the SDK's retries, said as one sentence naming the call and
/// the account: throttling gets its own words (the budget is spent, what to do); a 5xx
/// says it was retried.
pub(crate) fn after_retries(
    error: BackendError,
    operation: &str,
    account: &str,
    elapsed: Duration,
) -> BackendError {
    let secs = elapsed.as_secs_f64();
    match error {
        BackendError::Throttled(_) => BackendError::Throttled(format!(
            "IAM kept throttling {operation} for account {account} through {READ_ATTEMPTS} \
             attempts over {secs:.0} s, so the read gave up; try again later, or read fewer \
             accounts at once with --account"
        )),
        BackendError::ServiceFailure(m) => BackendError::ServiceFailure(format!(
            "{m}; still failing after {READ_ATTEMPTS} attempts"
        )),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_after_retries_is_one_sentence_naming_call_and_account() {
        let e = after_retries(
            BackendError::Throttled(
                "GetAccountAuthorizationDetails: Throttling: Rate exceeded".into(),
            ),
            "GetAccountAuthorizationDetails",
            "prod (111111111111)",
            Duration::from_secs(31),
        );
        let BackendError::Throttled(text) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            text,
            "IAM kept throttling GetAccountAuthorizationDetails for account prod \
             (111111111111) through 6 attempts over 31 s, so the read gave up; try again \
             later, or read fewer accounts at once with --account"
        );
        assert!(e.is_transient());
    }

    #[test]
    fn permanent_errors_pass_unchanged() {
        let denied = BackendError::AccessDenied("ListRoles: AccessDenied: no".into());
        assert_eq!(
            after_retries(denied.clone(), "ListRoles", "a (1)", Duration::ZERO),
            denied
        );
    }
}
