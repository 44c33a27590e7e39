//! How an apply runs: concurrency, retries, who the caller is, and safety overrides.

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
}

impl Default for ApplyOptions {
    fn default() -> ApplyOptions {
        ApplyOptions {
            parallelism: 8,
            retry: RetryPolicy::default(),
            callers: Vec::new(),
            allow_self_lockout: false,
            accounts: Vec::new(),
            seed: None,
        }
    }
}
