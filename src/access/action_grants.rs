//! What a set of policies allows, action by action over the catalog, and how two sets
//! differ. Conditions are read permissively: a conditional Allow counts as granting, a
//! conditional Deny as not denying, so the comparison shows what a principal *may* do.

use std::collections::{BTreeMap, BTreeSet};

use crate::policy::catalog::{AccessLevel, ActionInfo, Service, catalog};
use crate::policy::simulate::{Context, Decision, NamedPolicy, PolicyRole, Request, evaluate};
use crate::policy::{ActionList, Effect, PolicyVersion, ResourceList};

/// A summary bucket: one service, one access level, one resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GrantKey {
    /// Service prefix (`s3`).
    pub service: String,
    /// Access level of the actions.
    pub access: AccessLevel,
    /// The resource pattern (`arn:aws:s3:::logs/*`, `*`).
    pub resource: String,
}

/// Actions (by bucket) that `after` allows and `before` does not, and the reverse.
pub fn grants_between(
    before: &[NamedPolicy],
    after: &[NamedPolicy],
) -> (
    BTreeMap<GrantKey, BTreeSet<String>>,
    BTreeMap<GrantKey, BTreeSet<String>>,
) {
    let (before, after) = (permissive(before), permissive(after));
    let mut candidates: BTreeMap<(String, String, AccessLevel), BTreeSet<String>> = BTreeMap::new();
    for set in [&before, &after] {
        collect_candidates(set, &mut candidates);
    }
    let (mut granted, mut revoked): (
        BTreeMap<GrantKey, BTreeSet<String>>,
        BTreeMap<_, BTreeSet<String>>,
    ) = Default::default();
    for ((service, name, access), resources) in candidates {
        let action = format!("{service}:{name}");
        for resource in resources {
            let request = Request {
                action: action.clone(),
                resource: resource.clone(),
                principal: None,
                context: Context::new(),
            };
            let was = evaluate(&before, &request).decision == Decision::Allowed;
            let is = evaluate(&after, &request).decision == Decision::Allowed;
            if was == is {
                continue;
            }
            let key = GrantKey {
                service: service.clone(),
                access,
                resource,
            };
            let bucket = if is { &mut granted } else { &mut revoked };
            bucket.entry(key).or_default().insert(action.clone());
        }
    }
    (granted, revoked)
}

/// Drops conditional Denies, clears Allow conditions, and reads `${…}` literally (the
/// resource patterns themselves are the candidates, variables included).
fn permissive(policies: &[NamedPolicy]) -> Vec<NamedPolicy> {
    policies
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.policy.version = PolicyVersion::V2008_10_17;
            p.policy
                .statements
                .retain(|s| s.effect == Effect::Allow || s.condition.is_empty());
            for s in &mut p.policy.statements {
                s.condition = Default::default();
            }
            p
        })
        .collect()
}

/// Every catalog action an identity Allow statement covers, with that statement's
/// resource patterns as the resources to try.
fn collect_candidates(
    policies: &[NamedPolicy],
    out: &mut BTreeMap<(String, String, AccessLevel), BTreeSet<String>>,
) {
    let c = catalog();
    for named in policies.iter().filter(|p| p.role == PolicyRole::Identity) {
        for s in named
            .policy
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow)
        {
            let resources: Vec<String> = match &s.resource {
                Some(ResourceList::Resource(r)) => r.clone(),
                _ => vec!["*".to_string()],
            };
            // Only resources of a shape the action acts on: `s3:ListBucket` on
            // `bucket/*` grants nothing.
            let mut add = |svc: &Service, a: &ActionInfo| {
                let fitting = resources
                    .iter()
                    .filter(|r| svc.resource_fits(a, r))
                    .cloned();
                out.entry((svc.prefix.clone(), a.name.clone(), a.access))
                    .or_default()
                    .extend(fitting);
            };
            match &s.action {
                ActionList::Action(patterns) => {
                    for p in patterns {
                        for (svc, a) in c.matching_actions(p) {
                            add(svc, a);
                        }
                    }
                }
                ActionList::NotAction(patterns) => {
                    for (svc, a) in c.matching_actions("*") {
                        let full = format!("{}:{}", svc.prefix, a.name);
                        if !patterns
                            .iter()
                            .any(|p| crate::policy::glob_matches(p, &full, true))
                        {
                            add(svc, a);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn identity(doc: serde_json::Value) -> Vec<NamedPolicy> {
        vec![NamedPolicy {
            name: "p".into(),
            role: PolicyRole::Identity,
            policy: crate::policy::parse(&doc).unwrap(),
        }]
    }

    #[test]
    fn added_write_access_is_granted_and_narrowed_read_is_revoked() {
        let before = identity(
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}),
        );
        let after = identity(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/*"},
            {"Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::logs/*"}
        ]}));
        let (granted, revoked) = grants_between(&before, &after);
        let show = |m: &BTreeMap<GrantKey, BTreeSet<String>>| -> Vec<String> {
            m.iter()
                .map(|(k, v)| format!("{} {} {} {:?}", k.service, k.access, k.resource, v))
                .collect()
        };
        assert_eq!(
            show(&granted),
            [r#"s3 Write arn:aws:s3:::logs/* {"s3:DeleteObject", "s3:PutObject"}"#]
        );
        assert_eq!(show(&revoked), [r#"s3 Read * {"s3:GetObject"}"#]);
    }

    #[test]
    fn boundaries_and_unconditional_denies_limit_grants() {
        let before: Vec<NamedPolicy> = Vec::new();
        let mut after = identity(json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "ec2:DescribeInstances"], "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
        ]}));
        after.push(NamedPolicy { name: "b".into(), role: PolicyRole::Boundary, policy: crate::policy::parse(&json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})).unwrap() });
        let (granted, revoked) = grants_between(&before, &after);
        assert!(revoked.is_empty());
        let actions: BTreeSet<&String> = granted.values().flatten().collect();
        assert!(
            actions
                .iter()
                .all(|a| a.starts_with("s3:") && !a.starts_with("s3:Delete"))
        );
        assert!(actions.contains(&&"s3:GetObject".to_string()));
    }
}
