//! Targeted plans over small desired and actual states: parsing, the closure over
//! dependencies, accounts, unknown targets, and what the plan counts and shows.

use std::collections::BTreeMap;

use serde_json::json;

use super::*;
use crate::diff::tests::fixtures::*;
use crate::model::{PolicyDocument, Scope};
use crate::plan::{Plan, build, build_targeted};

fn targets(specs: &[&str]) -> Vec<Target> {
    specs.iter().map(|s| s.parse().unwrap()).collect()
}

/// `account: kind name: action subject`, sorted, for comparing change sets.
fn described(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.change.account.name, describe(&c.change)))
        .collect();
    out.sort();
    out
}

fn principals(plan: &Plan) -> Vec<&str> {
    plan.access.iter().map(|c| c.principal.as_str()).collect()
}

/// Checks ids run from 0 in order and every dependency is an earlier change.
fn assert_numbered(plan: &Plan) {
    for (i, change) in plan.changes.iter().enumerate() {
        assert_eq!(change.id, i);
        assert!(change.depends_on.iter().all(|d| *d < i), "{change:?}");
    }
}

/// prod: a new policy `read` attached to a new role `web` (with an inline policy) and
/// to a new group `devs` that the existing user bob joins; a new user alice; carol
/// unchanged.
fn scenario() -> (crate::model::DesiredState, BTreeMap<String, AccountIam>) {
    let mut desired = prod();
    desired.policies.insert("read".into(), policy("read"));
    let mut web = role("web");
    web.managed_policies.insert(policy_arn("read"));
    web.inline_policies
        .insert("logs".into(), doc("logs:PutLogEvents"));
    desired.roles.insert("web".into(), web);
    let mut alice = user("alice");
    alice.inline_policies.insert("ec2".into(), doc("ec2:*"));
    desired.users.insert("alice".into(), alice);
    let mut devs = group("devs");
    devs.managed_policies.insert(policy_arn("read"));
    desired.groups.insert("devs".into(), devs);
    let mut bob = user("bob");
    bob.groups.insert("devs".into());
    desired.users.insert("bob".into(), bob);
    desired.users.insert("carol".into(), user("carol"));

    let mut actual = prod();
    actual.users.insert("bob".into(), user("bob"));
    actual.users.insert("carol".into(), user("carol"));
    (
        desired_prod(desired, false),
        BTreeMap::from([("prod".to_string(), actual)]),
    )
}

#[test]
fn targets_parse_with_or_without_an_account() {
    let plain: Target = "role/deployer".parse().unwrap();
    assert_eq!(plain.account, None);
    assert_eq!(plain.entity, EntityRef::new(EntityKind::Role, "deployer"));
    let qualified: Target = "prod:instance-profile/web".parse().unwrap();
    assert_eq!(qualified.account.as_deref(), Some("prod"));
    assert_eq!(qualified.entity.kind, EntityKind::InstanceProfile);
    assert_eq!(qualified.to_string(), "prod:instance-profile/web");
    for malformed in [
        "deployer",
        "role/",
        ":role/x",
        "user/people/alice",
        "a:b:role/x",
    ] {
        assert_eq!(
            malformed.parse::<Target>(),
            Err(TargetError::Malformed),
            "{malformed}"
        );
    }
    let unknown = "rol/deployer".parse::<Target>().unwrap_err();
    assert_eq!(
        unknown.to_string(),
        "unknown kind `rol` (kinds: policy, group, user, role, instance-profile, oidc-provider, saml-provider, account-settings, permission-set)"
    );
}

#[test]
fn a_target_keeps_its_changes_and_what_they_depend_on() {
    let (desired, actual) = scenario();
    let whole = build(&desired, &actual).unwrap();
    assert_eq!(whole.targeting, None);
    assert_eq!(whole.changes.len(), 9);

    let plan = build_targeted(&desired, &actual, &targets(&["role/web"])).unwrap();
    // The policy the role attaches is created first; alice, devs and bob stay out.
    assert_eq!(
        described(&plan),
        [
            "prod: policy read: create",
            "prod: role web: attach arn:aws:iam::111111111111:policy/read",
            "prod: role web: create",
            "prod: role web: put_inline logs",
        ]
    );
    assert_numbered(&plan);
    let attach = plan
        .changes
        .iter()
        .find(|c| matches!(c.change.action, crate::diff::Action::AttachPolicy { .. }))
        .unwrap();
    assert_eq!(attach.depends_on.len(), 2, "{attach:?}");
    assert_eq!(
        plan.targeting,
        Some(Targeting {
            targets: vec!["role/web".into()],
            left_out: 5,
            // alice and bob gain access in the whole plan; web's change is the same.
            access_left_out: 2,
        })
    );
    assert_eq!(
        (
            plan.summary.add,
            plan.summary.change,
            plan.summary.destroy,
            plan.summary.operations
        ),
        (2, 0, 0, 4)
    );
    assert_eq!(principals(&plan), ["role web"]);
    let whole_web = whole.access.iter().find(|c| c.principal == "role web");
    assert_eq!(Some(&plan.access[0]), whole_web);
}

#[test]
fn the_access_section_shows_what_the_kept_changes_do() {
    // bob joins devs, which must exist first; attaching `read` to devs is a change of
    // devs, not a dependency, so bob joins a bare group and gains nothing yet.
    let (desired, actual) = scenario();
    let plan = build_targeted(&desired, &actual, &targets(&["user/bob"])).unwrap();
    assert_eq!(
        described(&plan),
        [
            "prod: group devs: create",
            "prod: user bob: add_to_group devs"
        ]
    );
    assert!(plan.access.is_empty(), "{:?}", plan.access);
    assert!(!plan.broadens_access && !plan.narrows_access);
    let targeting = plan.targeting.unwrap();
    assert_eq!((targeting.left_out, targeting.access_left_out), (7, 3));
    assert_eq!((plan.summary.add, plan.summary.change), (1, 1));

    // With devs targeted too, bob's access is the whole plan's.
    let both = build_targeted(&desired, &actual, &targets(&["user/bob", "group/devs"])).unwrap();
    assert_eq!(principals(&both), ["user bob"]);
    let whole = build(&desired, &actual).unwrap();
    assert!(whole.access.contains(&both.access[0]));
    assert!(both.broadens_access);
}

#[test]
fn a_target_without_changes_plans_nothing_and_counts_the_rest() {
    let (desired, actual) = scenario();
    let carol = targets(&["user/carol"]);
    assert_eq!(check_targets(&carol, &desired, &actual), Ok(()));
    let plan = build_targeted(&desired, &actual, &carol).unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.summary, crate::plan::Summary::default());
    assert!(plan.access.is_empty() && plan.links.is_empty());
    let targeting = plan.targeting.unwrap();
    assert_eq!((targeting.left_out, targeting.access_left_out), (9, 3));
}

#[test]
fn unknown_targets_are_refused_with_close_names() {
    let (desired, actual) = scenario();
    let check = |spec: &str| {
        check_targets(&targets(&[spec]), &desired, &actual)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        check("role/webb"),
        "--target role/webb: neither the manifests nor the account read (prod) hold it; \
         did you mean role/web?"
    );
    assert_eq!(
        check("prod:role/alice"),
        "--target prod:role/alice: neither the manifests nor the account read (prod) hold \
         it; did you mean prod:user/alice?"
    );
    assert_eq!(
        check("role/zzz"),
        "--target role/zzz: neither the manifests nor the account read (prod) hold it"
    );
    assert_eq!(
        check("dev:role/web"),
        "--target dev:role/web: no account dev in iamform.yaml (accounts: prod)"
    );
    // Settings exist in every account.
    assert_eq!(
        check_targets(&targets(&["account-settings/account"]), &desired, &actual),
        Ok(())
    );
}

#[test]
fn a_declared_account_left_out_by_account_flags_is_named() {
    let (mut desired, actual) = scenario();
    let mut dev = desired.project.accounts["prod"].clone();
    dev.name = "dev".into();
    desired.project.accounts.insert("dev".into(), dev);
    let err = check_targets(&targets(&["dev:role/web"]), &desired, &actual).unwrap_err();
    assert_eq!(
        err.to_string(),
        "--target dev:role/web: account dev is not in this plan, which covers prod; add \
         --account dev"
    );
}

#[test]
fn an_account_qualified_target_keeps_that_account_only() {
    let two = || {
        let mut prod_iam = prod();
        prod_iam.roles.insert("web".into(), role("web"));
        let mut dev_iam = AccountIam::new("222222222222");
        dev_iam.roles.insert("web".into(), role("web"));
        desired_accounts(
            vec![("prod", PROD, prod_iam), ("dev", "222222222222", dev_iam)],
            Scope::default(),
        )
    };
    let desired = two();
    let actual = BTreeMap::new();
    let dev = build_targeted(&desired, &actual, &targets(&["dev:role/web"])).unwrap();
    assert_eq!(described(&dev), ["dev: role web: create"]);
    assert_eq!(dev.targeting.as_ref().unwrap().left_out, 1);
    assert_eq!(principals(&dev), ["role web"]);
    assert_eq!(dev.access[0].account, "dev");
    let every = build_targeted(&desired, &actual, &targets(&["role/web"])).unwrap();
    assert_eq!(
        described(&every),
        ["dev: role web: create", "prod: role web: create"]
    );
    assert_eq!(every.targeting.unwrap().left_out, 0);
}

#[test]
fn deleting_a_targeted_entity_no_manifest_defines_keeps_its_tear_down() {
    let mut desired = prod();
    desired.groups.insert("legacy".into(), group("legacy"));
    desired.users.insert("keep".into(), user("keep"));
    let mut actual = desired.clone();
    let mut old = user("old");
    old.groups.insert("legacy".into());
    old.inline_policies.insert("x".into(), doc("s3:*"));
    actual.users.insert("old".into(), old);
    actual.users.insert("stale".into(), user("stale"));
    let desired = desired_prod(desired, true);
    let actual = BTreeMap::from([("prod".to_string(), actual)]);
    let old = targets(&["user/old"]);
    assert_eq!(check_targets(&old, &desired, &actual), Ok(()));
    let plan = build_targeted(&desired, &actual, &old).unwrap();
    assert_eq!(
        described(&plan),
        [
            "prod: user old: delete",
            "prod: user old: delete_inline x",
            "prod: user old: remove_from_group legacy",
        ]
    );
    assert_numbered(&plan);
    assert_eq!((plan.summary.destroy, plan.summary.operations), (1, 3));
    // stale's delete is left out.
    assert_eq!(plan.targeting.unwrap().left_out, 1);
}

#[test]
fn a_link_grant_brings_the_role_it_names_in_the_other_account() {
    let mut prod_iam = prod();
    let mut deployer = role("deployer");
    deployer
        .managed_policies
        .insert("arn:aws:iam::aws:policy/ReadOnlyAccess".into());
    prod_iam.roles.insert("deployer".into(), deployer);
    let mut identity = AccountIam::new("222222222222");
    identity.roles.insert("ci".into(), role("ci"));
    let actual = BTreeMap::from([("identity".to_string(), identity.clone())]);
    let grant = PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Resource": "arn:aws:iam::111111111111:role/deployer"}]
    }));
    identity
        .roles
        .get_mut("ci")
        .unwrap()
        .inline_policies
        .insert("iamform-link-prod-deployer".into(), grant);
    let desired = desired_accounts(
        vec![
            ("prod", PROD, prod_iam),
            ("identity", "222222222222", identity),
        ],
        Scope::default(),
    );
    let plan = build_targeted(&desired, &actual, &targets(&["identity:role/ci"])).unwrap();
    assert_eq!(
        described(&plan),
        [
            "identity: role ci: put_inline iamform-link-prod-deployer",
            "prod: role deployer: create",
        ]
    );
    assert_numbered(&plan);
    assert_eq!(plan.changes[1].depends_on, [0]);
    // Attaching ReadOnlyAccess to the role is not needed by the grant.
    assert_eq!(plan.targeting.unwrap().left_out, 1);
}

#[test]
fn a_targeted_plan_round_trips_and_older_plans_load_without_targeting() {
    let (desired, actual) = scenario();
    let plan = build_targeted(&desired, &actual, &targets(&["role/web"])).unwrap();
    let mut value = serde_json::to_value(&plan).unwrap();
    assert_eq!(value["targeting"]["targets"], json!(["role/web"]));
    let back: Plan = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(back, plan);
    value.as_object_mut().unwrap().remove("targeting");
    let older: Plan = serde_json::from_value(value).unwrap();
    assert_eq!(older.targeting, None);
}
