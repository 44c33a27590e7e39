//! Counting IAM/STS calls by operation name, so a read can be shown to cost a constant
//! number of calls whatever the account holds.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A thread-safe tally of API calls by operation name (`ListRoles`, …).
#[derive(Debug, Default)]
pub(crate) struct ApiCallCounter {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl ApiCallCounter {
    /// Counts one call of `operation`.
    pub(crate) fn record(&self, operation: &str) {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        *counts.entry(operation.to_string()).or_insert(0) += 1;
    }

    /// The counts so far.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_operation() {
        let c = ApiCallCounter::default();
        c.record("ListRoles");
        c.record("ListRoles");
        c.record("GetAccountAuthorizationDetails");
        let s = c.snapshot();
        assert_eq!(s["ListRoles"], 2);
        assert_eq!(s["GetAccountAuthorizationDetails"], 1);
        assert_eq!(s.len(), 2);
    }
}
