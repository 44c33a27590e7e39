//! Many requests against one policy set: each statement's actions are resolved to an
//! [`ActionSet`](crate::policy::catalog::ActionSet) once, so the action test per statement is a bit test instead of matching
//! every pattern (AWS-managed policies such as ReadOnlyAccess have over a thousand).
//! The decision is [`super::evaluate`]'s; only the action test is indexed.

use super::{Evaluation, NamedPolicy, Request, evaluate, evaluate_with};
use crate::policy::catalog::{ActionSetCache, StatementSets, catalog};

/// A policy set prepared for repeated evaluation.
pub struct IndexedPolicies<'a> {
    policies: &'a [NamedPolicy],
    actions: Vec<StatementSets>,
}

impl<'a> IndexedPolicies<'a> {
    /// Resolves every statement's actions, reusing (and filling) `cache`.
    pub fn new(policies: &'a [NamedPolicy], cache: &mut ActionSetCache) -> IndexedPolicies<'a> {
        let actions = policies
            .iter()
            .map(|p| cache.for_policy(&p.policy))
            .collect();
        IndexedPolicies { policies, actions }
    }

    /// The same answer as [`evaluate`]. Actions outside the catalog (new or misspelt
    /// ones) are matched pattern by pattern, as the plain evaluation does.
    pub fn evaluate(&self, request: &Request) -> Evaluation {
        match catalog().action(&request.action) {
            Some((_, action)) => evaluate_with(self.policies, request, |p, s, _| {
                self.actions[p][s].contains(action.id)
            }),
            None => evaluate(self.policies, request),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use std::sync::Arc;

    use super::*;
    use crate::policy::simulate::{Context, PolicyRole};

    #[test]
    fn indexed_answers_match_plain_evaluation() {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:Get*", "nosuch:Thing"], "Resource": "*"},
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:aws:s3:::logs/*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/secret"}
        ]});
        let policies = vec![NamedPolicy {
            name: "p".into(),
            role: PolicyRole::Identity,
            policy: crate::policy::parse(&doc).unwrap().into(),
        }];
        let mut cache = ActionSetCache::default();
        let indexed = IndexedPolicies::new(&policies, &mut cache);
        let mut mfa = Context::new();
        mfa.insert("aws:MultiFactorAuthPresent", "true");
        for action in [
            "s3:GetObject",
            "S3:getbucketpolicy",
            "s3:PutObject",
            "iam:CreateUser",
            "nosuch:Thing",
            "nosuch:Other",
        ] {
            for resource in ["*", "arn:aws:s3:::logs/a", "arn:aws:s3:::logs/secret"] {
                for context in [Context::new(), mfa.clone()] {
                    let request = Request::new(action, resource, None, context);
                    assert_eq!(
                        indexed.evaluate(&request),
                        evaluate(&policies, &request),
                        "{action} {resource}"
                    );
                }
            }
        }
    }

    #[test]
    fn indexed_answers_match_with_every_policy_type() {
        let doc = |v: serde_json::Value| -> Arc<crate::policy::Policy> {
            crate::policy::parse(&v).unwrap().into()
        };
        let policy = |name: &str, role, v| NamedPolicy {
            name: name.into(),
            role,
            policy: doc(v),
        };
        let policies = vec![
            policy(
                "scp",
                PolicyRole::Scp(0),
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*", "kms:*"], "Resource": "*"}}),
            ),
            policy(
                "rcp",
                PolicyRole::Rcp(0),
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}}),
            ),
            policy(
                "bucket",
                PolicyRole::Resource,
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/r"}, "Action": "s3:Get*", "Resource": "*"}}),
            ),
            policy(
                "id",
                PolicyRole::Identity,
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:List*", "kms:*"], "Resource": "*"}}),
            ),
            policy(
                "pb",
                PolicyRole::Boundary,
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
            ),
            policy(
                "sp",
                PolicyRole::Session,
                json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "s3:ListBucket", "Resource": "*"}}),
            ),
        ];
        let mut cache = ActionSetCache::default();
        let indexed = IndexedPolicies::new(&policies, &mut cache);
        for action in [
            "s3:GetObject",
            "s3:ListBucket",
            "s3:ListAllMyBuckets",
            "kms:Decrypt",
            "kms:Encrypt",
            "ec2:RunInstances",
        ] {
            for principal in [
                "arn:aws:sts::111111111111:assumed-role/r/s",
                "arn:aws:iam::222222222222:user/u",
            ] {
                let request = Request::new(action, "*", Some(principal), Context::new())
                    .with_resource_account("111111111111");
                assert_eq!(
                    indexed.evaluate(&request),
                    evaluate(&policies, &request),
                    "{action} {principal}"
                );
            }
        }
    }
}
