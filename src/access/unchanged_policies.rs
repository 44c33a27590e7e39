//! Whether a principal's policies are the very same documents in two accounts, read
//! from the accounts as they are: most principals of a plan are unchanged, and telling
//! so from the JSON spares parsing each of their documents twice.

use std::collections::HashSet;

use super::principal_policies::{PrincipalRef, customer_policy};
use crate::model::AccountIam;

/// Two sides of one account, with the groups and customer-managed policies whose
/// documents differ found once: every member of a group and every principal a policy
/// is attached to asks about them.
pub(super) struct SameDocuments<'a> {
    before: &'a AccountIam,
    after: &'a AccountIam,
    /// Names of customer-managed policies on one side only, or with another path or
    /// document on each.
    changed_policies: HashSet<&'a str>,
    /// Names of groups on one side only, or whose documents differ.
    changed_groups: HashSet<&'a str>,
}

impl<'a> SameDocuments<'a> {
    /// Compares the two sides' groups and customer-managed policies.
    pub(super) fn new(before: &'a AccountIam, after: &'a AccountIam) -> SameDocuments<'a> {
        let changed_policies = before
            .policies
            .keys()
            .chain(after.policies.keys())
            .filter(|name| {
                let (b, a) = (before.policies.get(*name), after.policies.get(*name));
                !matches!((b, a), (Some(b), Some(a)) if b.path == a.path && b.document == a.document)
            })
            .map(String::as_str)
            .collect();
        let mut same = SameDocuments {
            before,
            after,
            changed_policies,
            changed_groups: HashSet::new(),
        };
        same.changed_groups = before
            .groups
            .keys()
            .chain(after.groups.keys())
            .filter(|name| !same.same_group(name))
            .map(String::as_str)
            .collect();
        same
    }

    /// True when `principal` has the same inline, attached, group and boundary documents
    /// on both sides (same names, same JSON), so its policies, as
    /// [`super::policies_for`] reads them, are equal on both sides. False whenever in
    /// doubt, including a principal missing from either side.
    pub(super) fn of(&self, principal: &PrincipalRef) -> bool {
        let (before, after) = (self.before, self.after);
        match principal {
            PrincipalRef::User(name) => {
                let (Some(b), Some(a)) = (before.users.get(name), after.users.get(name)) else {
                    return false;
                };
                b.inline_policies == a.inline_policies
                    && b.managed_policies == a.managed_policies
                    && b.permissions_boundary == a.permissions_boundary
                    && b.groups == a.groups
                    && b.groups
                        .iter()
                        .all(|g| !self.changed_groups.contains(g.as_str()))
                    && self.same_attached(b.managed_policies.iter().chain(&b.permissions_boundary))
            }
            PrincipalRef::Role(name) => {
                let (Some(b), Some(a)) = (before.roles.get(name), after.roles.get(name)) else {
                    return false;
                };
                b.inline_policies == a.inline_policies
                    && b.managed_policies == a.managed_policies
                    && b.permissions_boundary == a.permissions_boundary
                    && self.same_attached(b.managed_policies.iter().chain(&b.permissions_boundary))
            }
        }
    }

    /// The group's documents are the same on both sides, or it is on neither.
    fn same_group(&self, name: &str) -> bool {
        match (self.before.groups.get(name), self.after.groups.get(name)) {
            (None, None) => true,
            (Some(b), Some(a)) => {
                b.inline_policies == a.inline_policies
                    && b.managed_policies == a.managed_policies
                    && self.same_attached(&b.managed_policies)
            }
            _ => false,
        }
    }

    /// Each ARN names the same customer-managed document on both sides, or none on
    /// either (AWS-managed documents are the bundled ones on both).
    fn same_attached<'s>(&self, arns: impl IntoIterator<Item = &'s String>) -> bool {
        let (before, after) = (self.before, self.after);
        // The same account on both sides names a policy by the same ARN: an unchanged
        // policy is then the same document or none on either side.
        let same_account =
            before.account_id == after.account_id && before.partition == after.partition;
        arns.into_iter().all(|arn| {
            let name = arn.rsplit('/').next().unwrap_or(arn);
            if same_account && !self.changed_policies.contains(name) {
                return true;
            }
            customer_policy(before, arn) == customer_policy(after, arn)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::policies_for;
    use crate::model::{EntityMeta, Group, ManagedPolicy, PolicyDocument, User};
    use serde_json::json;

    fn same_documents(before: &AccountIam, after: &AccountIam, principal: &PrincipalRef) -> bool {
        SameDocuments::new(before, after).of(principal)
    }

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
        // A policy moved to another path is another ARN: the attached one is gone.
        let mut moved = base.clone();
        moved.policies.get_mut("p").unwrap().path = "/other/".into();
        assert!(!same_documents(&base, &moved, &user));
        assert_ne!(policies_for(&base, &user), policies_for(&moved, &user));
        // A group's policy changing is seen by every member, through the memo.
        let mut regrouped = base.clone();
        let group = regrouped.groups.get_mut("g").unwrap();
        group.managed_policies = ["arn:aws:iam::111111111111:policy/p".to_string()].into();
        let same = SameDocuments::new(&base, &regrouped);
        assert!(!same.of(&user));
        assert!(!same.of(&PrincipalRef::User("nobody".into())));
        assert!(!same_documents(
            &base,
            &base,
            &PrincipalRef::Role("u".into())
        ));
    }
}
