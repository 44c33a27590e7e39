//! When `--account` limits a plan to some accounts: which trust policies cross the line
//! between included and skipped accounts, so the user learns that ordering across them
//! is theirs to keep.

use std::collections::BTreeSet;

use super::trusted_principals::trusted_principal_arns;
use crate::arn::Arn;
use crate::model::DesiredState;

/// A trust policy in one account naming a principal in another, where exactly one of
/// the two accounts is included.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SkippedDependency {
    /// Account name of the trusting role.
    pub role_account: String,
    /// The trusting role.
    pub role: String,
    /// Account name of the trusted principal.
    pub principal_account: String,
    /// The trusted principal's ARN.
    pub principal: String,
    /// True when the principal's account is the skipped one.
    pub principal_skipped: bool,
}

impl std::fmt::Display for SkippedDependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.principal_skipped {
            write!(
                f,
                "role {} in account {} trusts {} in skipped account {}; plan that account first if the principal does not exist yet",
                self.role, self.role_account, self.principal, self.principal_account
            )
        } else {
            write!(
                f,
                "role {} in skipped account {} trusts {} in account {}; deleting or renaming it breaks that trust",
                self.role, self.role_account, self.principal, self.principal_account
            )
        }
    }
}

/// Desired trust policies that name a principal across the included/skipped line.
pub fn skipped_dependencies(desired: &DesiredState, included: &[String]) -> Vec<SkippedDependency> {
    let is_included = |name: &str| included.iter().any(|i| i == name);
    let mut out = BTreeSet::new();
    for (role_account, account) in &desired.accounts {
        for (role, r) in &account.iam.roles {
            for principal in trusted_principal_arns(&r.trust_policy) {
                // An account root always exists: no order to keep.
                let Ok(arn) = Arn::parse(&principal) else {
                    continue;
                };
                if arn.resource == "root" {
                    continue;
                }
                let owner = desired
                    .project
                    .accounts
                    .values()
                    .find(|a| a.id == arn.account && a.name != *role_account);
                let Some(owner) = owner else { continue };
                if is_included(role_account) == is_included(&owner.name) {
                    continue;
                }
                out.insert(SkippedDependency {
                    role_account: role_account.clone(),
                    role: role.clone(),
                    principal_account: owner.name.clone(),
                    principal: principal.clone(),
                    principal_skipped: is_included(role_account),
                });
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::tests::fixtures::{desired_accounts, role, trust};
    use crate::model::{AccountIam, Scope};

    #[test]
    fn names_trust_that_crosses_into_a_skipped_account_both_ways() {
        let mut prod = AccountIam::new("111111111111");
        let mut admin = role("admin");
        admin.trust_policy = trust(&[
            "arn:aws:iam::222222222222:role/ci",
            "arn:aws:iam::111111111111:role/local",
        ]);
        prod.roles.insert("admin".into(), admin);
        let mut identity = AccountIam::new("222222222222");
        let mut back = role("audit");
        back.trust_policy = trust(&["arn:aws:iam::111111111111:role/admin"]);
        identity.roles.insert("audit".into(), back);
        let desired = desired_accounts(
            vec![
                ("prod", "111111111111", prod),
                ("identity", "222222222222", identity),
            ],
            Scope::default(),
        );
        let notes: Vec<String> = skipped_dependencies(&desired, &["prod".to_string()])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            notes,
            [
                "role audit in skipped account identity trusts arn:aws:iam::111111111111:role/admin in account prod; deleting or renaming it breaks that trust",
                "role admin in account prod trusts arn:aws:iam::222222222222:role/ci in skipped account identity; plan that account first if the principal does not exist yet",
            ]
        );
        let both = ["prod".to_string(), "identity".to_string()];
        assert!(skipped_dependencies(&desired, &both).is_empty());
    }
}
