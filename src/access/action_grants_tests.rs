//! Tests of the indexed effective-access comparison, including a check against the
//! simulator on real AWS-managed policies.

use serde_json::json;

use std::collections::BTreeSet;

use super::*;
use crate::access::sign_in::{SIGN_INS, read_conditions};
use crate::policy::PolicyVersion;
use crate::policy::aws_managed::AwsManagedPolicies;
use crate::policy::simulate::{Context, Decision, Request, evaluate};

/// `service:Action on resource`, sorted.
fn flat(grants: &Grants) -> Vec<String> {
    let c = catalog();
    let mut out: Vec<String> = grants
        .iter()
        .flat_map(|(resource, set)| {
            set.iter().map(move |id| {
                let (s, a) = c.action_by_id(id);
                format!("{}:{} on {resource}", s.prefix, a.name)
            })
        })
        .collect();
    out.sort();
    out
}

/// The action names in `grants`, whatever the resource.
fn action_names(grants: &Grants) -> BTreeSet<String> {
    flat(grants)
        .into_iter()
        .map(|a| a.split(' ').next().unwrap().to_string())
        .collect()
}

fn identity(doc: serde_json::Value) -> Vec<NamedPolicy> {
    vec![NamedPolicy {
        name: "p".into(),
        role: PolicyRole::Identity,
        policy: crate::policy::parse(&doc).unwrap().into(),
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
    let AccessDelta {
        granted, revoked, ..
    } = grants_between(&before, &after);
    assert_eq!(
        flat(&granted),
        [
            "s3:DeleteObject on arn:aws:s3:::logs/*",
            "s3:PutObject on arn:aws:s3:::logs/*"
        ]
    );
    assert_eq!(flat(&revoked), ["s3:GetObject on *"]);
}

#[test]
fn boundaries_and_unconditional_denies_limit_grants() {
    let before: Vec<NamedPolicy> = Vec::new();
    let mut after = identity(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*", "ec2:DescribeInstances"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}
    ]}));
    after.push(NamedPolicy { name: "b".into(), role: PolicyRole::Boundary, policy: crate::policy::parse(&json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}})).unwrap().into() });
    let AccessDelta {
        granted, revoked, ..
    } = grants_between(&before, &after);
    assert!(revoked.is_empty());
    let actions = action_names(&granted);
    assert!(
        actions
            .iter()
            .all(|a| a.starts_with("s3:") && !a.starts_with("s3:Delete"))
    );
    assert!(actions.contains("s3:GetObject"));
}

fn named(name: &str, role: PolicyRole, doc: serde_json::Value) -> NamedPolicy {
    NamedPolicy {
        name: name.into(),
        role,
        policy: crate::policy::parse(&doc).unwrap().into(),
    }
}

fn aws_managed(name: &str, role: PolicyRole) -> NamedPolicy {
    let policy = AwsManagedPolicies::builtin().get(name).unwrap();
    NamedPolicy {
        name: name.into(),
        role,
        policy: policy.policy().unwrap(),
    }
}

/// The permissive reading written as simulator input: Denies with non-MFA conditions
/// dropped, non-MFA Allow conditions cleared (or, without `conditional_allows`, those
/// Allows dropped too), MFA tests kept for the request context to decide, variables
/// literal (2008-10-17).
fn permissive(policies: &[NamedPolicy], conditional_allows: bool) -> Vec<NamedPolicy> {
    policies
        .iter()
        .map(|p| {
            let mut policy = (*p.policy).clone();
            policy.version = PolicyVersion::V2008_10_17;
            policy.statements.retain(|s| {
                !read_conditions(&s.condition).other
                    || (conditional_allows && s.effect == Effect::Allow)
            });
            for s in &mut policy.statements {
                for keys in s.condition.0.values_mut() {
                    keys.retain(|k, _| k.eq_ignore_ascii_case("aws:MultiFactorAuthPresent"));
                }
                s.condition.0.retain(|_, keys| !keys.is_empty());
            }
            NamedPolicy {
                policy: policy.into(),
                ..p.clone()
            }
        })
        .collect()
}

/// What `index` allows on `resource`, through the statements covering it.
fn allowed_on(
    index: &AccessIndex<'_>,
    resource: &str,
    conditional_allows: bool,
    sign_in: usize,
) -> ActionSet {
    let covering: Vec<_> = index
        .statements
        .iter()
        .filter(|s| s.covers_resource(resource))
        .collect();
    index.allowed_by(&covering, conditional_allows, sign_in)
}

/// The index decides exactly as the simulator does, for every `step`-th catalog action
/// (and every action of `iam` and `s3`) on each resource, after each sign-in.
fn assert_index_agrees_with_simulator(policies: &[NamedPolicy], resources: &[&str], step: usize) {
    let cache = ActionSetCache::default();
    let index = AccessIndex::new(policies, &cache);
    for conditional_allows in [true, false] {
        let oracle = permissive(policies, conditional_allows);
        for (sign_in, mfa) in SIGN_INS.iter().enumerate() {
            let on: Vec<ActionSet> = resources
                .iter()
                .map(|r| allowed_on(&index, r, conditional_allows, sign_in))
                .collect();
            assert_same_decisions(&oracle, resources, &on, step, *mfa);
        }
    }
}

fn assert_same_decisions(
    oracle: &[NamedPolicy],
    resources: &[&str],
    on: &[ActionSet],
    step: usize,
    mfa: Option<&str>,
) {
    let c = catalog();
    let mut allowed = 0;
    let mut context = Context::new();
    if let Some(mfa) = mfa {
        context.insert("aws:MultiFactorAuthPresent", mfa);
    }
    for service in c.services() {
        let step = if matches!(service.prefix.as_str(), "iam" | "s3") {
            1
        } else {
            step
        };
        for action in service.actions.iter().step_by(step) {
            let full = format!("{}:{}", service.prefix, action.name);
            for (resource, on) in resources.iter().zip(on) {
                let request = Request::new(&full, resource, None, context.clone());
                let expected = evaluate(oracle, &request).decision == Decision::Allowed;
                assert_eq!(
                    on.contains(action.id),
                    expected,
                    "{full} on {resource} ({mfa:?})"
                );
                allowed += usize::from(expected);
            }
        }
    }
    assert!(allowed > 0, "the check saw no allowed request");
}

#[test]
fn index_agrees_with_the_simulator_on_handwritten_policies() {
    let policies = vec![
        named(
            "p",
            PolicyRole::Identity,
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*", "ec2:Describe*"], "Resource": "*"},
                {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "arn:aws:s3:::logs/*"},
                {"Effect": "Allow", "Action": "kms:*", "NotResource": "arn:aws:kms:*:*:key/secret"},
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs/private/*"},
                {"Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}},
                {"Effect": "Deny", "NotAction": ["iam:ChangePassword", "sts:GetSessionToken"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
                {"Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}
            ]}),
        ),
        named(
            "b",
            PolicyRole::Boundary,
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["s3:*", "kms:*", "sts:*"], "Resource": "*"},
                {"Effect": "Deny", "Action": "kms:Delete*", "Resource": "*"}
            ]}),
        ),
    ];
    let resources = [
        "*",
        "arn:aws:s3:::logs/a",
        "arn:aws:s3:::logs/private/x",
        "arn:aws:kms:us-east-1:111111111111:key/secret",
        "arn:aws:kms:us-east-1:111111111111:key/other",
    ];
    assert_index_agrees_with_simulator(&policies, &resources, 1);
}

#[test]
fn index_agrees_with_the_simulator_on_aws_managed_policies() {
    let policies = vec![
        aws_managed("ReadOnlyAccess", PolicyRole::Identity),
        aws_managed("AmazonS3FullAccess", PolicyRole::Identity),
        aws_managed("PowerUserAccess", PolicyRole::Boundary),
    ];
    // The simulator matches ReadOnlyAccess's thousand patterns per request: sample.
    assert_index_agrees_with_simulator(&policies, &["*", "arn:aws:s3:::logs/a"], 37);
}

#[test]
fn attaching_an_aws_managed_policy_is_evaluated_over_the_whole_catalog() {
    let read_only = vec![aws_managed("ReadOnlyAccess", PolicyRole::Identity)];
    let admin = vec![aws_managed("AdministratorAccess", PolicyRole::Identity)];
    let AccessDelta {
        granted, revoked, ..
    } = grants_between(&read_only, &admin);
    assert!(revoked.is_empty());
    let actions = action_names(&granted);
    assert!(actions.contains("iam:CreateUser"));
    assert!(!actions.contains("s3:GetObject"));
    assert!(actions.len() > 10_000, "{} actions", actions.len());
}

#[test]
fn only_actions_of_changed_statements_are_compared_and_a_new_deny_still_revokes() {
    let read_only = aws_managed("ReadOnlyAccess", PolicyRole::Identity);
    let inline = |action: &str| {
        named(
            "inline",
            PolicyRole::Identity,
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": action, "Resource": "arn:aws:s3:::b/*"}}),
        )
    };
    let before = vec![read_only.clone(), inline("s3:PutObject")];
    let after = vec![read_only.clone(), inline("s3:DeleteObject")];
    let AccessDelta {
        granted, revoked, ..
    } = grants_between(&before, &after);
    assert_eq!(flat(&granted), ["s3:DeleteObject on arn:aws:s3:::b/*"]);
    assert_eq!(flat(&revoked), ["s3:PutObject on arn:aws:s3:::b/*"]);

    // A Deny shares no statement with ReadOnlyAccess, yet revokes what it covers there.
    let deny = named(
        "deny",
        PolicyRole::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:GetObject*", "Resource": "*"}}),
    );
    let AccessDelta {
        granted, revoked, ..
    } = grants_between(&before, &[before.clone(), vec![deny]].concat());
    assert!(granted.is_empty());
    let revoked = flat(&revoked);
    assert!(
        revoked.contains(&"s3:GetObject on *".to_string()),
        "{revoked:?}"
    );
    assert!(
        revoked.iter().all(|r| r.starts_with("s3:GetObject")),
        "{revoked:?}"
    );

    // A boundary that appears changes how every statement counts.
    let boundary = named(
        "b",
        PolicyRole::Boundary,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
    );
    let AccessDelta { revoked, .. } =
        grants_between(&before, &[before.clone(), vec![boundary]].concat());
    let revoked = flat(&revoked);
    assert!(
        revoked.iter().any(|r| r.starts_with("ec2:Describe")),
        "{revoked:?}"
    );
    assert!(!revoked.iter().any(|r| r.starts_with("s3:")), "{revoked:?}");
}

#[test]
fn access_only_under_conditions_is_told_apart() {
    let allow = |condition: Option<serde_json::Value>| {
        let mut statement = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
        if let Some(condition) = condition {
            statement["Condition"] = condition;
        }
        identity(json!({"Version": "2012-10-17", "Statement": [statement]}))
    };
    let region = json!({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}});
    let (none, firm, conditional) = (Vec::new(), allow(None), allow(Some(region)));
    let show = |d: &AccessDelta| {
        [
            &d.granted,
            &d.granted_with_mfa,
            &d.granted_if_conditions,
            &d.revoked,
            &d.revoked_unless_mfa,
            &d.revoked_unless_conditions,
        ]
        .map(|g| flat(g).join(","))
    };
    let get = || "s3:GetObject on *".to_string();
    let at = |i: usize| {
        let mut out: [String; 6] = Default::default();
        out[i] = get();
        out
    };
    assert_eq!(show(&grants_between(&none, &conditional)), at(2));
    assert_eq!(show(&grants_between(&conditional, &firm)), at(0));
    assert_eq!(show(&grants_between(&firm, &conditional)), at(5));
    assert_eq!(show(&grants_between(&conditional, &none)), at(3));
}

// An Allow under `Bool aws:MultiFactorAuthPresent true`, and an unconditional Allow
// under the `BoolIfExists … false` Deny of AWS's self-managed-MFA tutorial (what
// `require_mfa` writes), both read "only with MFA"; the Deny's NotAction stays usable.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html
#[test]
fn mfa_conditions_read_as_only_with_mfa() {
    let show = |d: &AccessDelta| {
        [
            &d.granted,
            &d.granted_with_mfa,
            &d.granted_if_conditions,
            &d.revoked,
            &d.revoked_unless_mfa,
            &d.revoked_unless_conditions,
        ]
        .map(|g| flat(g).join(","))
    };
    let allow = |action: &str| json!({"Effect": "Allow", "Action": action, "Resource": "*"});
    let with_mfa = identity(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}
    ]}));
    let get = "s3:GetObject on *".to_string();
    let e = String::new;
    assert_eq!(
        show(&grants_between(&[], &with_mfa)),
        [e(), get.clone(), e(), e(), e(), e()]
    );
    let firm = identity(
        json!({"Version": "2012-10-17", "Statement": [allow("s3:GetObject"), allow("iam:ChangePassword")]}),
    );
    let mut required = firm.clone();
    // `require_mfa` may also allow self-service statements: assert on what is at stake.
    required.push(named(
        "require-mfa",
        PolicyRole::Identity,
        crate::manifest::require_mfa_document(),
    ));
    let added = grants_between(&firm, &required);
    assert_eq!(flat(&added.revoked_unless_mfa), std::slice::from_ref(&get));
    assert!(added.revoked.is_empty() && added.revoked_unless_conditions.is_empty());
    let removed = grants_between(&required, &firm);
    assert_eq!(flat(&removed.granted), std::slice::from_ref(&get));
    let fresh = grants_between(&[], &required);
    // Deactivating one's own MFA device is allowed by the self-service statements but is
    // not among the actions the deny exempts, so it too needs MFA (as in AWS's tutorial).
    let with_mfa = flat(&fresh.granted_with_mfa);
    assert!(with_mfa.contains(&get), "{with_mfa:?}");
    assert!(
        with_mfa
            .iter()
            .any(|g| g.starts_with("iam:DeactivateMFADevice on arn:aws:iam::*:user/")),
        "{with_mfa:?}"
    );
    assert!(!flat(&fresh.granted).contains(&get));
    assert!(flat(&fresh.granted).contains(&"iam:ChangePassword on *".to_string()));
}

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: no
// permissions are needed and a Deny does not stop it, so no policy change grants or
// revokes it.
#[test]
fn get_caller_identity_never_changes() {
    let nothing = identity(
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}),
    );
    let sts = identity(
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:*", "Resource": "*"}}),
    );
    let deny = identity(
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}),
    );
    let granted = action_names(&grants_between(&nothing, &sts).granted);
    assert!(granted.contains("sts:GetSessionToken"));
    assert!(!granted.contains("sts:GetCallerIdentity"));
    let revoked = action_names(&grants_between(&sts, &deny).revoked);
    assert!(revoked.contains("sts:GetSessionToken"));
    assert!(!revoked.contains("sts:GetCallerIdentity"));
}
