//! The backend as the apply's workers see it: every change call waits for a slot of the
//! adaptive [`Limiter`] and tells it whether IAM throttled the call. Reads (made to
//! confirm an already-applied change) pass straight through.

use std::collections::BTreeMap;

use crate::backend::{Backend, BackendError, CallerIdentity, ReadScope};
use crate::diff::Change;
use crate::model::{AccountConfig, AccountIam};

use super::concurrency::{LimitChange, Limiter};

/// `backend` behind `limiter`; `on_change` hears each change of the limit.
pub struct ThrottleGate<'a> {
    backend: &'a dyn Backend,
    limiter: &'a Limiter,
    on_change: &'a (dyn Fn(LimitChange) + Sync),
}

impl<'a> ThrottleGate<'a> {
    /// Gates `backend` with `limiter`.
    pub fn new(
        backend: &'a dyn Backend,
        limiter: &'a Limiter,
        on_change: &'a (dyn Fn(LimitChange) + Sync),
    ) -> ThrottleGate<'a> {
        ThrottleGate {
            backend,
            limiter,
            on_change,
        }
    }
}

impl Backend for ThrottleGate<'_> {
    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        self.backend.read_account(account)
    }

    fn read_account_within(
        &self,
        account: &AccountConfig,
        scope: &ReadScope,
    ) -> Result<AccountIam, BackendError> {
        self.backend.read_account_within(account, scope)
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        let permit = self.limiter.acquire();
        let result = self.backend.execute(change);
        let throttled = matches!(result, Err(BackendError::Throttled(_)));
        if let Some(limit_change) = permit.finish(throttled) {
            (self.on_change)(limit_change);
        }
        result
    }

    fn caller_identity(
        &self,
        account: &AccountConfig,
    ) -> Result<Option<CallerIdentity>, BackendError> {
        self.backend.caller_identity(account)
    }

    fn api_calls(&self) -> BTreeMap<String, u64> {
        self.backend.api_calls()
    }

    fn flush(&self) -> Result<(), BackendError> {
        self.backend.flush()
    }
}
