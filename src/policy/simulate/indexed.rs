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
}
