//! Whole plans from desired and actual state.

use std::collections::BTreeMap;

use crate::diff::tests::fixtures::*;
use crate::model::AccountIam;
use crate::plan::{Plan, build, fingerprint};

/// Desired: a policy attached to a new user and a role whose path moves; actual: the
/// role at its old path and a leftover user.
fn scenario() -> (crate::model::DesiredState, BTreeMap<String, AccountIam>) {
    let mut desired = prod();
    desired.settings.alias = Some("acme-prod".into());
    desired.policies.insert("read".into(), policy("read"));
    let mut alice = user("alice");
    alice.managed_policies.insert(policy_arn("read"));
    alice.tags.insert("team".into(), "platform".into());
    desired.users.insert("alice".into(), alice);
    let mut web = role("web");
    web.path = "/svc/".into();
    web.inline_policies
        .insert("logs".into(), doc("logs:PutLogEvents"));
    desired.roles.insert("web".into(), web);

    let mut actual = prod();
    let mut old_web = role("web");
    old_web
        .inline_policies
        .insert("logs".into(), doc("logs:PutLogEvents"));
    old_web.meta.arn = Some(crate::arn::iam_entity(
        crate::arn::Partition::Aws,
        PROD,
        "role",
        "/",
        "web",
    ));
    actual.roles.insert("web".into(), old_web);
    let mut bob = user("bob");
    bob.inline_policies.insert("old".into(), doc("ec2:*"));
    actual.users.insert("bob".into(), bob);
    (
        desired_prod(desired, true),
        BTreeMap::from([("prod".to_string(), actual)]),
    )
}

#[test]
fn the_plan_counts_orders_and_fingerprints() {
    let (desired, actual) = scenario();
    let plan = build(&desired, &actual).unwrap();
    // Entities, as Terraform counts them: adds the policy, the user and the replaced role
    // web; changes the account settings (alias); destroys bob and the old web. Attaching
    // and inline edits are operations on those entities, not entities of their own.
    assert_eq!(
        (plan.summary.add, plan.summary.change, plan.summary.destroy),
        (3, 1, 2)
    );
    assert_eq!(plan.summary.operations, plan.changes.len());
    assert_eq!(plan.accounts.len(), 1);
    assert_eq!(plan.accounts[0].fingerprint, fingerprint(&actual["prod"]));
    assert!(plan.ignored.is_empty() && plan.warnings.is_empty());
    insta::assert_json_snapshot!(plan);
}

#[test]
fn a_plan_round_trips_through_json() {
    let (desired, actual) = scenario();
    let plan = build(&desired, &actual).unwrap();
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let back: Plan = serde_json::from_str(&text).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn an_unread_account_plans_against_an_empty_one() {
    let (desired, _) = scenario();
    let plan = build(&desired, &BTreeMap::new()).unwrap();
    assert_eq!(
        plan.accounts[0].fingerprint,
        fingerprint(&AccountIam::new(PROD))
    );
    assert!(
        plan.changes
            .iter()
            .all(|c| c.change.action.class() != crate::diff::ChangeClass::Destroy)
    );
}

#[test]
fn equal_states_plan_nothing() {
    let (desired, _) = scenario();
    let actual = BTreeMap::from([("prod".to_string(), desired.accounts["prod"].iam.clone())]);
    let plan = build(&desired, &actual).unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.summary, crate::plan::Summary::default());
}

#[test]
fn a_new_role_that_trusts_itself_is_created_then_trusted() {
    let mut iam = prod();
    let mut r = role("loop");
    r.trust_policy = trust(&[&crate::arn::iam_entity(
        crate::arn::Partition::Aws,
        PROD,
        "role",
        "/",
        "loop",
    )]);
    iam.roles.insert("loop".into(), r);
    let plan = build(&desired_prod(iam, false), &BTreeMap::new()).unwrap();
    // IAM refuses a trust policy naming a role that does not exist yet.
    let actions: Vec<&str> = plan
        .changes
        .iter()
        .map(|c| match &c.change.action {
            crate::diff::Action::Create { .. } => "create",
            crate::diff::Action::UpdateTrustPolicy { .. } => "trust",
            _ => "other",
        })
        .collect();
    assert_eq!(actions, ["create", "trust"]);
    assert_eq!(plan.changes[1].depends_on, [plan.changes[0].id]);
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    assert!(plan.warnings[0].contains("role loop trusts itself"));
    assert!(plan.broadens_access);
}

#[test]
fn a_loosened_trust_marks_the_plan_broadening_and_a_tightened_one_narrowing() {
    let with_mfa = |mfa: bool| {
        let mut iam = prod();
        let mut admin = role("admin");
        let mut statement = serde_json::json!({"Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"});
        if mfa {
            statement["Condition"] =
                serde_json::json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
        }
        admin.trust_policy = crate::model::PolicyDocument(
            serde_json::json!({"Version": "2012-10-17", "Statement": [statement]}),
        );
        iam.roles.insert("admin".into(), admin);
        iam
    };
    let loosened = build(
        &desired_prod(with_mfa(false), false),
        &BTreeMap::from([("prod".to_string(), with_mfa(true))]),
    )
    .unwrap();
    assert!(loosened.broadens_access && !loosened.narrows_access);
    let change = &loosened.access[0];
    assert_eq!(change.principal, "role admin");
    assert_eq!(change.assumers[0].before, [["with MFA"]]);
    assert_eq!(change.assumers[0].after, [Vec::<String>::new()]);
    let tightened = build(
        &desired_prod(with_mfa(true), false),
        &BTreeMap::from([("prod".to_string(), with_mfa(false))]),
    )
    .unwrap();
    assert!(!tightened.broadens_access && tightened.narrows_access);
}
