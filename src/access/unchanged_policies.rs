//! Whether a principal's policies are the very same documents in two accounts, read
//! from the accounts as they are: most principals of a plan are unchanged, and telling
//! so from the JSON spares parsing each of their documents twice.

use super::principal_policies::{PrincipalRef, customer_policy};
use crate::model::AccountIam;

/// True when `principal` has the same inline, attached, group and boundary documents in
/// `before` and `after` (same names, same JSON), so its policies, as
/// [`super::policies_for`] reads them, are equal on both sides. False whenever in doubt,
/// including a principal missing from either side.
pub(super) fn same_documents(
    before: &AccountIam,
    after: &AccountIam,
    principal: &PrincipalRef,
) -> bool {
    match principal {
        PrincipalRef::User(name) => {
            let (Some(b), Some(a)) = (before.users.get(name), after.users.get(name)) else {
                return false;
            };
            b.inline_policies == a.inline_policies
                && b.managed_policies == a.managed_policies
                && b.permissions_boundary == a.permissions_boundary
                && b.groups == a.groups
                && b.groups.iter().all(|g| same_group(before, after, g))
                && same_attached(
                    before,
                    after,
                    b.managed_policies.iter().chain(&b.permissions_boundary),
                )
        }
        PrincipalRef::Role(name) => {
            let (Some(b), Some(a)) = (before.roles.get(name), after.roles.get(name)) else {
                return false;
            };
            b.inline_policies == a.inline_policies
                && b.managed_policies == a.managed_policies
                && b.permissions_boundary == a.permissions_boundary
                && same_attached(
                    before,
                    after,
                    b.managed_policies.iter().chain(&b.permissions_boundary),
                )
        }
    }
}

/// The group's documents are the same on both sides, or it is on neither.
fn same_group(before: &AccountIam, after: &AccountIam, name: &str) -> bool {
    match (before.groups.get(name), after.groups.get(name)) {
        (None, None) => true,
        (Some(b), Some(a)) => {
            b.inline_policies == a.inline_policies
                && b.managed_policies == a.managed_policies
                && same_attached(before, after, &b.managed_policies)
        }
        _ => false,
    }
}

/// Each ARN names the same customer-managed document on both sides, or none on
/// either (AWS-managed documents are the bundled ones on both).
fn same_attached<'a>(
    before: &AccountIam,
    after: &AccountIam,
    arns: impl IntoIterator<Item = &'a String>,
) -> bool {
    arns.into_iter()
        .all(|arn| customer_policy(before, arn) == customer_policy(after, arn))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::policies_for;
    use crate::model::{EntityMeta, Group, ManagedPolicy, PolicyDocument, User};
    use serde_json::json;

    fn doc(action: &str) -> PolicyDocument {
        PolicyDocument(json!({"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}))
    }

    fn account(group_action: &str, policy_action: &str) -> AccountIam {
        let mut iam = AccountIam::new("111111111111");
        iam.policies.insert(
            "p".into(),
            ManagedPolicy {
                name: "p".into(),
                path: "/".into(),
                description: None,
                document: doc(policy_action),
                tags: Default::default(),
                versions: Vec::new(),
                meta: EntityMeta::default(),
            },
        );
        iam.groups.insert(
            "g".into(),
            Group {
                name: "g".into(),
                path: "/".into(),
                managed_policies: Default::default(),
                inline_policies: [("own".to_string(), doc(group_action))].into(),
                meta: EntityMeta::default(),
            },
        );
        iam.users.insert(
            "u".into(),
            User {
                name: "u".into(),
                path: "/".into(),
                tags: Default::default(),
                permissions_boundary: None,
                managed_policies: ["arn:aws:iam::111111111111:policy/p".to_string()].into(),
                inline_policies: Default::default(),
                groups: ["g".to_string()].into(),
                credential_rules: Default::default(),
                credential_state: None,
                meta: EntityMeta::default(),
            },
        );
        iam
    }

    #[test]
    fn a_change_in_a_group_or_an_attached_policy_is_seen() {
        let user = PrincipalRef::User("u".into());
        let base = account("s3:GetObject", "sqs:SendMessage");
        let mut tagged = base.clone();
        tagged.users.get_mut("u").unwrap().tags = [("a".into(), "b".into())].into();
        assert!(same_documents(&base, &tagged, &user));
        assert_eq!(policies_for(&base, &user), policies_for(&tagged, &user));
        for changed in [
            account("s3:PutObject", "sqs:SendMessage"),
            account("s3:GetObject", "sqs:ReceiveMessage"),
        ] {
            assert!(!same_documents(&base, &changed, &user));
            assert_ne!(policies_for(&base, &user), policies_for(&changed, &user));
        }
        assert!(!same_documents(
            &base,
            &AccountIam::new("111111111111"),
            &user
        ));
        assert!(!same_documents(
            &base,
            &base,
            &PrincipalRef::Role("u".into())
        ));
    }
}
