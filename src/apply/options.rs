//! How an apply runs: concurrency, retries, who the caller is, and safety overrides.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::backend::CallerIdentity;
use crate::model::AccountConfig;

/// Retry behaviour for transient and eventual-consistency errors.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Most calls made for one change, the first included.
    pub max_attempts: u32,
    /// Backoff before the first retry; doubles each retry.
    pub base_delay: Duration,
    /// Cap on one backoff.
    pub max_delay: Duration,
    /// How long after its first attempt a change is retried for errors eventual
    /// consistency explains (a new principal not yet visible).
    pub propagation_window: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            propagation_window: Duration::from_secs(60),
        }
    }
}

/// Options of [`super::execute`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyOptions {
    /// Most changes in flight at once (at least 1).
    pub parallelism: usize,
    /// Most accounts with changes in flight at once (at least 1): each account's changes
    /// go out together, the other accounts' wait their turn.
    pub account_parallelism: usize,
    /// Retries.
    pub retry: RetryPolicy,
    /// Who iamform acts as, per account; changes that would lock it out are refused.
    pub callers: Vec<CallerIdentity>,
    /// Run changes that delete or distrust the caller anyway.
    pub allow_self_lockout: bool,
    /// Account configs, so that reads made to confirm an already-applied change use the
    /// account's credentials.
    pub accounts: Vec<AccountConfig>,
    /// Seed for backoff jitter; `None` draws one.
    pub seed: Option<u64>,
    /// Once set, no further change starts (the CLI sets it on Ctrl-C).
    pub stop: StopFlag,
}

/// A request, from another thread, to end an apply early: once it is set no change
/// starts, the calls in flight finish, and the report lists what was not started.
/// Clones share one flag.
#[derive(Debug, Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    /// Asks the apply to stop starting changes.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether [`StopFlag::stop`] was called on this flag or a clone of it.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Two flags are equal when they are the same flag.
impl PartialEq for StopFlag {
    fn eq(&self, other: &StopFlag) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for ApplyOptions {
    fn default() -> ApplyOptions {
        ApplyOptions {
            parallelism: 8,
            account_parallelism: 8,
            retry: RetryPolicy::default(),
            callers: Vec::new(),
            allow_self_lockout: false,
            accounts: Vec::new(),
            seed: None,
            stop: StopFlag::default(),
        }
    }
}
