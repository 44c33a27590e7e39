//! Actions AWS performs without checking any policy. `sts:GetCallerIdentity`: "No
//! permissions are required to perform this operation. If an administrator attaches a
//! policy to your identity that explicitly denies access to the sts:GetCallerIdentity
//! action, you can still perform this operation."
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>)

use std::sync::LazyLock;

use super::{Decision, Evaluation, Request};
use crate::policy::catalog::{ActionSet, catalog};

/// The actions that need no permissions, as the catalog spells them.
pub const WITHOUT_PERMISSIONS: &[&str] = &["sts:GetCallerIdentity"];

/// The entry of [`WITHOUT_PERMISSIONS`] that `action` names (action names are
/// case-insensitive), if any.
pub fn needs_no_permissions(action: &str) -> Option<&'static str> {
    WITHOUT_PERMISSIONS
        .iter()
        .find(|a| a.eq_ignore_ascii_case(action))
        .copied()
}

/// [`WITHOUT_PERMISSIONS`] as catalog actions, resolved once: every principal of a plan's
/// access section uses it.
pub fn actions_without_permissions() -> &'static ActionSet {
    static SET: LazyLock<ActionSet> = LazyLock::new(|| {
        let mut set = ActionSet::empty();
        for action in WITHOUT_PERMISSIONS {
            if let Some((_, info)) = catalog().action(action) {
                set.insert(info.id);
            }
        }
        set
    });
    &SET
}

/// The evaluation of a request for such an action: allowed, with no statement and no
/// policy type taking part, whatever the policies say.
pub(super) fn allowed_without_permissions(request: &Request) -> Option<Evaluation> {
    let action = needs_no_permissions(&request.action)?;
    Some(Evaluation {
        decision: Decision::Allowed,
        statements: Vec::new(),
        policy_types: Vec::new(),
        cross_account: request.is_cross_account(),
        reason: format!(
            "allowed without permissions: {action} needs none, and no policy (not even an explicit Deny) can refuse it"
        ),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{allow, named};
    use super::super::{Context, IndexedPolicies, PolicyRole, evaluate};
    use super::*;
    use crate::policy::catalog::ActionSetCache;

    fn request(action: &str) -> Request {
        Request::new(
            action,
            "*",
            Some("arn:aws:iam::111111111111:user/alice"),
            Context::new(),
        )
    }

    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
    // "No permissions are required to perform this operation. If an administrator
    // attaches a policy to your identity that explicitly denies access to the
    // sts:GetCallerIdentity action, you can still perform this operation."
    #[test]
    fn get_caller_identity_is_allowed_whatever_the_policies_say() {
        let deny_all = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}});
        let scp_deny = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "sts:GetCallerIdentity", "Resource": "*"}});
        let sets = [
            vec![],
            vec![named("deny", PolicyRole::Identity, deny_all)],
            vec![
                named("scp", PolicyRole::Scp(0), scp_deny),
                named("boundary", PolicyRole::Boundary, allow("s3:*", "*")),
            ],
        ];
        let mut cache = ActionSetCache::default();
        for policies in &sets {
            for action in ["sts:GetCallerIdentity", "STS:getcalleridentity"] {
                let e = evaluate(policies, &request(action));
                assert_eq!(e.decision, Decision::Allowed, "{action}");
                assert!(e.statements.is_empty() && e.policy_types.is_empty());
                assert!(e.reason.contains("sts:GetCallerIdentity needs none"));
                let indexed = IndexedPolicies::new(policies, &mut cache);
                assert_eq!(indexed.evaluate(&request(action)), e);
            }
        }
        // Other STS actions still need permissions.
        let e = evaluate(&sets[0], &request("sts:GetSessionToken"));
        assert_eq!(e.decision, Decision::ImplicitDeny);
        assert_eq!(needs_no_permissions("sts:GetCallerIdentityX"), None);
        // Every entry is a catalog action.
        assert_eq!(
            actions_without_permissions().iter().count(),
            WITHOUT_PERMISSIONS.len()
        );
    }
}
