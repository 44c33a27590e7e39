//! Entities only in the account: pruned when in scope with pruning on, ignored otherwise.

use super::fixtures::*;
use crate::model::{AccountIam, Ownership};

/// An account holding things no manifest defines.
fn leftovers() -> AccountIam {
    let mut iam = prod();
    iam.policies.insert("old".into(), policy("old"));
    let mut g = group("old-devs");
    g.managed_policies.insert(policy_arn("old"));
    g.inline_policies.insert("g".into(), doc("ec2:*"));
    iam.groups.insert("old-devs".into(), g);
    let mut bob = user("bob");
    bob.groups.insert("old-devs".into());
    bob.managed_policies.insert(policy_arn("old"));
    bob.inline_policies.insert("b".into(), doc("s3:*"));
    iam.users.insert("bob".into(), bob);
    let mut r = role("batch");
    r.managed_policies.insert(policy_arn("old"));
    iam.roles.insert("batch".into(), r);
    iam.instance_profiles
        .insert("batch".into(), profile("batch", &["batch"]));
    iam
}

#[test]
fn without_prune_everything_unknown_is_ignored() {
    let result = diff_prod(prod(), leftovers(), false);
    assert!(result.changes.is_empty());
    let ignored: Vec<String> = result
        .ignored
        .iter()
        .map(|i| i.target.to_string())
        .collect();
    assert_eq!(
        ignored,
        vec![
            "policy old",
            "group old-devs",
            "user bob",
            "role batch",
            "instance profile batch"
        ]
    );
    assert!(
        result
            .ignored
            .iter()
            .all(|i| i.ownership == Ownership::Unmanaged)
    );
}

#[test]
fn prune_tears_down_then_deletes_each_kind() {
    let result = diff_prod(prod(), leftovers(), true);
    let old = policy_arn("old");
    assert_eq!(
        described(&result),
        vec![
            "policy old: delete".to_string(),
            format!("group old-devs: detach {old}"),
            "group old-devs: delete_inline g".into(),
            "group old-devs: delete".into(),
            "user bob: remove_from_group old-devs".into(),
            format!("user bob: detach {old}"),
            "user bob: delete_inline b".into(),
            "user bob: delete".into(),
            format!("role batch: detach {old}"),
            "role batch: delete".into(),
            "instance profile batch: remove_role batch".into(),
            "instance profile batch: delete".into(),
        ]
    );
    assert!(result.ignored.is_empty() && result.warnings.is_empty());
}

#[test]
fn a_pruned_group_loses_members_that_stay() {
    let mut desired = prod();
    desired.users.insert("bob".into(), {
        let mut bob = user("bob");
        bob.managed_policies.insert(policy_arn("old"));
        bob.inline_policies.insert("b".into(), doc("s3:*"));
        bob
    });
    let mut actual = leftovers();
    actual.roles.clear();
    actual.instance_profiles.clear();
    actual.policies.clear();
    let result = diff_prod(desired, actual, true);
    assert_eq!(
        described(&result),
        vec![
            "user bob: remove_from_group old-devs".to_string(),
            format!("group old-devs: detach {}", policy_arn("old")),
            "group old-devs: delete_inline g".into(),
            "group old-devs: delete".into(),
        ]
    );
}

#[test]
fn a_policy_held_by_an_unowned_principal_is_not_deleted() {
    let scope_paths = crate::model::Scope {
        paths: vec!["/iamform/".into()],
        prune: true,
    };
    let mut actual = prod();
    let mut p = policy("old");
    p.path = "/iamform/".into();
    let arn = crate::arn::iam_entity(
        crate::arn::Partition::Aws,
        PROD,
        "policy",
        "/iamform/",
        "old",
    );
    actual.policies.insert("old".into(), p);
    let mut outsider = user("outsider");
    outsider.managed_policies.insert(arn.clone());
    actual.users.insert("outsider".into(), outsider);
    let state = desired_accounts(vec![("prod", PROD, prod())], scope_paths);
    let result = crate::diff::compute(
        &state,
        &std::collections::BTreeMap::from([("prod".to_string(), actual)]),
    );
    assert!(result.changes.is_empty(), "{:?}", described(&result));
    assert_eq!(
        result.warnings,
        vec![
            "prod: policy old is not deleted: user outsider (not managed by iamform) uses it; \
             detach it there, or add that principal to a manifest"
        ]
    );
    assert_eq!(result.ignored.len(), 1, "the outsider user is ignored");
}

#[test]
fn a_role_in_an_unowned_profile_is_not_deleted() {
    let mut actual = prod();
    actual.roles.insert("batch".into(), role("batch"));
    let mut p = profile("legacy", &["batch"]);
    p.path = "/aws-reserved/".into();
    actual.instance_profiles.insert("legacy".into(), p);
    let result = diff_prod(prod(), actual, true);
    assert!(result.changes.is_empty(), "{:?}", described(&result));
    assert_eq!(result.warnings.len(), 1);
    assert!(result.warnings[0].starts_with("prod: role batch is not deleted"));
    assert_eq!(result.ignored[0].ownership, Ownership::Reserved);
}

#[test]
fn reserved_roles_are_ignored_even_with_prune() {
    let mut actual = prod();
    let mut sso = role("AWSReservedSSO_Admin_0123");
    sso.path = "/aws-reserved/sso.amazonaws.com/".into();
    actual.roles.insert(sso.name.clone(), sso);
    let result = diff_prod(prod(), actual, true);
    assert!(result.changes.is_empty());
    assert_eq!(result.ignored[0].ownership, Ownership::Reserved);
    assert!(result.warnings.is_empty());
}

/// Service-linked roles: created when listed and missing, deleted only with the opt-in
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
#[test]
fn service_linked_roles_are_created_and_deleted_only_when_asked() {
    let slr = |service: &str, name: &str| {
        let mut r = role(name);
        r.path = format!("/aws-service-role/{service}/");
        r
    };
    let mut actual = prod();
    for r in [
        slr("support.amazonaws.com", "AWSServiceRoleForSupport"),
        slr(
            "elasticbeanstalk.amazonaws.com",
            "AWSServiceRoleForElasticBeanstalk",
        ),
    ] {
        actual.roles.insert(r.name.clone(), r);
    }
    let mut desired = prod();
    desired.settings.service_linked_roles = [
        "elasticbeanstalk.amazonaws.com".to_string(),
        "autoscaling.amazonaws.com".to_string(),
    ]
    .into();
    // Pruning entities does not prune service-linked roles.
    let result = diff_prod(desired.clone(), actual.clone(), true);
    assert_eq!(
        described(&result),
        ["account settings account: create_slr autoscaling.amazonaws.com"]
    );
    desired.settings.prune_service_linked_roles = true;
    let result = diff_prod(desired, actual, false);
    assert_eq!(
        described(&result),
        [
            "account settings account: create_slr autoscaling.amazonaws.com",
            "account settings account: delete_slr AWSServiceRoleForSupport"
        ]
    );
}
