//! Customer-managed policies are addressed by ARN, but changes name them: ARNs learnt
//! from reads and creates, with a ListPolicies lookup when neither has seen the policy.

use std::collections::HashMap;
use std::sync::Mutex;

use aws_sdk_iam::types::PolicyScopeType;

use super::account_session::AccountSession;
use super::pagination::{MAX_ITEMS, Page, all_pages};
use crate::backend::BackendError;

/// Policy name → ARN for one account.
#[derive(Debug, Default)]
pub(crate) struct PolicyArns {
    known: Mutex<HashMap<String, String>>,
}

impl PolicyArns {
    /// Remembers where policy `name` lives.
    pub(crate) fn remember(&self, name: &str, arn: &str) {
        self.lock().insert(name.to_string(), arn.to_string());
    }

    /// Forgets policy `name` (it was deleted).
    pub(crate) fn forget(&self, name: &str) {
        self.lock().remove(name);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.known.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The ARN of customer-managed policy `name`, looked up with ListPolicies
    /// (Scope=Local) when unknown.
    pub(crate) async fn resolve(
        &self,
        session: &AccountSession,
        name: &str,
    ) -> Result<String, BackendError> {
        if let Some(arn) = self.lock().get(name) {
            return Ok(arn.clone());
        }
        const OP: &str = "ListPolicies";
        let pages = all_pages(OP, |marker| async move {
            let out = session
                .read(
                    OP,
                    session
                        .reads
                        .list_policies()
                        .scope(PolicyScopeType::Local)
                        .max_items(MAX_ITEMS)
                        .set_marker(marker)
                        .send(),
                )
                .await?;
            let truncated = out.is_truncated();
            let marker = out.marker().map(str::to_string);
            Ok(Page::new(
                out.policies.unwrap_or_default(),
                truncated,
                marker.as_deref(),
            ))
        })
        .await?;
        for p in pages.into_iter().flatten() {
            if let (Some(n), Some(arn)) = (p.policy_name(), p.arn()) {
                self.remember(n, arn);
            }
        }
        self.lock().get(name).cloned().ok_or_else(|| {
            BackendError::NoSuchEntity(format!("customer-managed policy {name} not found"))
        })
    }
}
