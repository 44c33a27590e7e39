//! Trust policies that name deleted principals. When a trusted user or role is deleted,
//! IAM rewrites its ARN in every trust policy to the principal's unique id (`AROA…`,
//! `AIDA…`); re-creating the principal does not restore the trust. A plain policy diff
//! would show an opaque id, so these are reported by name instead.

use std::collections::BTreeMap;

use serde_json::Value;

use super::document_equivalence::documents_equivalent;
use crate::model::{AccountIam, DesiredState, PolicyDocument};

/// A role whose live trust policy names a deleted principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenTrust {
    /// Account name.
    pub account: String,
    /// Role name.
    pub role: String,
    /// The unique ids the trust policy names instead of ARNs.
    pub deleted_principals: Vec<String>,
    /// What the plan does about it.
    pub outcome: BrokenTrustOutcome,
}

/// What happens to a broken trust policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenTrustOutcome {
    /// The manifests define the role; the planned trust update rewrites the policy.
    FixedByPlan,
    /// The manifests define the role with this very policy (written by unique id).
    KeptByManifest,
    /// No manifest defines the role; iamform leaves it alone.
    Unmanaged,
}

impl std::fmt::Display for BrokenTrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = if self.deleted_principals.len() == 1 {
            ""
        } else {
            "s"
        };
        write!(
            f,
            "broken trust: role {} in account {} trusts deleted principal{plural} {}; ",
            self.role,
            self.account,
            self.deleted_principals.join(", ")
        )?;
        f.write_str(match self.outcome {
            BrokenTrustOutcome::FixedByPlan => {
                "the planned trust update replaces it with the principals the manifests name by ARN"
            }
            BrokenTrustOutcome::KeptByManifest => {
                "the manifests write the same unique id, so it stays broken: name the principal by ARN"
            }
            BrokenTrustOutcome::Unmanaged => {
                "no manifest defines the role, so iamform leaves it as it is"
            }
        })
    }
}

/// True for an IAM unique id (`A` and at least 15 more upper-case letters or digits).
pub fn is_unique_id(s: &str) -> bool {
    s.len() >= 16
        && s.starts_with('A')
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Unique ids among the AWS principals of a trust policy, sorted.
pub fn deleted_principals(trust: &PolicyDocument) -> Vec<String> {
    let statements: Vec<&Value> = match trust.0.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let mut ids: Vec<String> = statements
        .into_iter()
        .filter_map(|s| s.get("Principal").and_then(|p| p.get("AWS")))
        .flat_map(|aws| match aws {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        })
        .filter_map(Value::as_str)
        .filter(|s| is_unique_id(s))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// Every role of every read account whose trust names a deleted principal.
pub fn find_broken_trust(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Vec<BrokenTrust> {
    let mut out = Vec::new();
    for (account, read) in actual {
        let wanted = desired.accounts.get(account).map(|a| &a.iam);
        for (name, role) in &read.roles {
            let deleted_principals = deleted_principals(&role.trust_policy);
            if deleted_principals.is_empty() {
                continue;
            }
            let outcome = match wanted.and_then(|w| w.roles.get(name)) {
                None => BrokenTrustOutcome::Unmanaged,
                Some(d) if documents_equivalent(&d.trust_policy, &role.trust_policy) => {
                    BrokenTrustOutcome::KeptByManifest
                }
                Some(_) => BrokenTrustOutcome::FixedByPlan,
            };
            out.push(BrokenTrust {
                account: account.clone(),
                role: name.clone(),
                deleted_principals,
                outcome,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::tests::fixtures::{desired_prod, role};

    #[test]
    fn unique_ids_are_told_from_arns_and_names() {
        assert!(is_unique_id("AROA3XFRBF23EXAMPLE1"));
        assert!(is_unique_id("AIDAJQABLZS4A3QDU576Q"));
        assert!(!is_unique_id("arn:aws:iam::111111111111:role/x"));
        assert!(!is_unique_id("111111111111"));
        assert!(!is_unique_id("AROA123"));
        assert!(!is_unique_id("Aroa3xfrbf23example1"));
    }

    #[test]
    fn each_role_says_what_the_plan_does_about_it() {
        let arn = "arn:aws:iam::111111111111:role/ci";
        let trusting = |principal: &str| {
            PolicyDocument(json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": [principal, "arn:aws:iam::222222222222:root"]},
                 "Action": "sts:AssumeRole"}
            ]}))
        };
        let mut wanted = AccountIam::new("111111111111");
        let mut fixed = role("deploy");
        fixed.trust_policy = trusting(arn);
        wanted.roles.insert("deploy".into(), fixed);
        let mut kept = role("legacy");
        kept.trust_policy = trusting("AIDAJQABLZS4A3QDU576Q");
        wanted.roles.insert("legacy".into(), kept.clone());
        let desired = desired_prod(wanted, false);

        let mut live = AccountIam::new("111111111111");
        let mut broken = role("deploy");
        broken.trust_policy = trusting("AROA3XFRBF23EXAMPLE1");
        live.roles.insert("deploy".into(), broken.clone());
        live.roles.insert("legacy".into(), kept);
        let mut other = broken;
        other.name = "other".into();
        live.roles.insert("other".into(), other);
        live.roles.insert("fine".into(), role("fine"));
        let actual = BTreeMap::from([("prod".to_string(), live)]);

        let found: Vec<String> = find_broken_trust(&desired, &actual)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "broken trust: role deploy in account prod trusts deleted principal AROA3XFRBF23EXAMPLE1; the planned trust update replaces it with the principals the manifests name by ARN",
                "broken trust: role legacy in account prod trusts deleted principal AIDAJQABLZS4A3QDU576Q; the manifests write the same unique id, so it stays broken: name the principal by ARN",
                "broken trust: role other in account prod trusts deleted principal AROA3XFRBF23EXAMPLE1; no manifest defines the role, so iamform leaves it as it is",
            ]
        );
    }
}
