//! Every ordering rule, checked on the ordered output of real diffs.

use std::collections::BTreeMap;

use crate::diff::tests::fixtures::*;
use crate::diff::{Change, compute};
use crate::graph::{OrderError, OrderedChange, order_changes};
use crate::model::{AccountIam, Scope};

fn ordered(desired: AccountIam, actual: AccountIam, prune: bool) -> Vec<OrderedChange> {
    order_changes(diff_prod(desired, actual, prune).changes).expect("no cycle")
}

fn lines(plan: &[OrderedChange]) -> Vec<String> {
    plan.iter().map(|p| describe(&p.change)).collect()
}

/// Asserts `first` comes before `then` and `then` names `first` as a direct dependency.
#[track_caller]
fn before(plan: &[OrderedChange], first: &str, then: &str) {
    let find = |what: &str| {
        plan.iter()
            .position(|p| describe(&p.change) == what)
            .unwrap_or_else(|| panic!("no `{what}` in {:#?}", lines(plan)))
    };
    let (a, b) = (find(first), find(then));
    assert!(
        a < b,
        "`{first}` must come before `{then}`: {:#?}",
        lines(plan)
    );
    assert!(
        plan[b].depends_on.contains(&a),
        "`{then}` must depend on `{first}`"
    );
}

#[test]
fn creates_come_before_what_refers_to_them() {
    let mut desired = prod();
    desired.policies.insert("read".into(), policy("read"));
    desired.groups.insert("devs".into(), group("devs"));
    let mut u = user("alice");
    u.groups.insert("devs".into());
    u.permissions_boundary = Some(policy_arn("read"));
    desired.users.insert("alice".into(), u);
    let mut r = role("web");
    r.managed_policies.insert(policy_arn("read"));
    desired.roles.insert("web".into(), r);
    desired
        .instance_profiles
        .insert("web".into(), profile("web", &["web"]));
    let plan = ordered(desired, prod(), false);
    let attach = format!("role web: attach {}", policy_arn("read"));
    before(&plan, "policy read: create", &attach);
    before(&plan, "role web: create", &attach);
    before(&plan, "policy read: create", "user alice: create");
    before(&plan, "group devs: create", "user alice: add_to_group devs");
    before(&plan, "user alice: create", "user alice: add_to_group devs");
    before(
        &plan,
        "role web: create",
        "instance profile web: add_role web",
    );
    before(
        &plan,
        "instance profile web: create",
        "instance profile web: add_role web",
    );
    for (i, p) in plan.iter().enumerate() {
        assert!(p.depends_on.iter().all(|d| *d < i));
        assert!(
            p.depends_on.windows(2).all(|w| w[0] < w[1]),
            "ascending, no duplicates"
        );
    }
}

#[test]
fn teardown_comes_before_deletes() {
    let mut actual = prod();
    actual.policies.insert("old".into(), policy("old"));
    actual.groups.insert("old-devs".into(), group("old-devs"));
    let mut bob = user("bob");
    bob.groups.insert("old-devs".into());
    bob.managed_policies.insert(policy_arn("old"));
    bob.permissions_boundary = Some(policy_arn("old"));
    actual.users.insert("bob".into(), bob);
    actual.roles.insert("batch".into(), role("batch"));
    actual
        .instance_profiles
        .insert("batch".into(), profile("batch", &["batch"]));
    let plan = ordered(prod(), actual, true);
    let detach = format!("user bob: detach {}", policy_arn("old"));
    before(&plan, &detach, "policy old: delete");
    before(&plan, &detach, "user bob: delete");
    before(&plan, "user bob: delete", "policy old: delete");
    before(
        &plan,
        "user bob: remove_from_group old-devs",
        "group old-devs: delete",
    );
    before(
        &plan,
        "user bob: remove_from_group old-devs",
        "user bob: delete",
    );
    before(
        &plan,
        "instance profile batch: remove_role batch",
        "role batch: delete",
    );
    before(
        &plan,
        "instance profile batch: remove_role batch",
        "instance profile batch: delete",
    );
}

#[test]
fn a_replace_runs_between_teardown_and_rebuild() {
    let mut actual = prod();
    actual.policies.insert("read".into(), policy("read"));
    let mut r = role("web");
    r.managed_policies.insert(policy_arn("read"));
    r.permissions_boundary = Some(policy_arn("read"));
    actual.roles.insert("web".into(), r);
    actual
        .instance_profiles
        .insert("web".into(), profile("web", &["web"]));

    let mut desired = actual.clone();
    desired.roles.get_mut("web").unwrap().path = "/svc/".into();
    let plan = ordered(desired, actual.clone(), false);
    let read = policy_arn("read");
    let replace = "role web: replace path changes from / to /svc/";
    before(&plan, &format!("role web: detach {read}"), replace);
    before(&plan, "instance profile web: remove_role web", replace);
    before(&plan, replace, &format!("role web: attach {read}"));
    before(&plan, replace, "instance profile web: add_role web");

    let mut desired = actual.clone();
    desired.policies.get_mut("read").unwrap().description = Some("new".into());
    let plan = ordered(desired, actual, false);
    let replace = "policy read: replace description changes (IAM cannot update it)";
    before(&plan, &format!("role web: detach {read}"), replace);
    before(&plan, &format!("role web: delete_boundary {read}"), replace);
    before(&plan, replace, &format!("role web: attach {read}"));
    before(&plan, replace, &format!("role web: put_boundary {read}"));
}

#[test]
fn trusted_principals_are_created_first_across_accounts() {
    let identity = "222222222222";
    let mut ops = AccountIam::new(identity);
    ops.users.insert("deployer".into(), user("deployer"));
    let mut app = prod();
    let mut r = role("deploy");
    r.trust_policy = trust(&[&crate::arn::iam_entity(
        crate::arn::Partition::Aws,
        identity,
        "user",
        "/",
        "deployer",
    )]);
    app.roles.insert("deploy".into(), r);
    // `app` sorts before `ops`, so only the dependency can put the user first.
    let state = desired_accounts(
        vec![("app", PROD, app), ("ops", identity, ops)],
        Scope::default(),
    );
    let changes = compute(&state, &BTreeMap::new()).changes;
    let plan = order_changes(changes).unwrap();
    before(&plan, "user deployer: create", "role deploy: create");
}

#[test]
fn a_trust_update_lets_go_of_a_principal_before_it_is_deleted() {
    let gone = crate::arn::iam_entity(crate::arn::Partition::Aws, PROD, "user", "/", "old");
    let mut actual = prod();
    actual.users.insert("old".into(), user("old"));
    let mut r = role("deploy");
    r.trust_policy = trust(&[&gone]);
    actual.roles.insert("deploy".into(), r.clone());
    let mut desired = prod();
    r.trust_policy = ec2_trust();
    desired.roles.insert("deploy".into(), r);
    let plan = ordered(desired, actual, true);
    before(&plan, "role deploy: update_trust", "user old: delete");
}

#[test]
fn the_order_does_not_depend_on_the_input_order() {
    let mut desired = prod();
    desired.policies.insert("read".into(), policy("read"));
    for name in ["b", "a", "c"] {
        let mut u = user(name);
        u.managed_policies.insert(policy_arn("read"));
        desired.users.insert(name.into(), u);
    }
    let mut actual = prod();
    actual.users.insert("zed".into(), user("zed"));
    let changes = diff_prod(desired, actual, true).changes;
    let mut reversed: Vec<Change> = changes.clone();
    reversed.reverse();
    let a = order_changes(changes).unwrap();
    let b = order_changes(reversed).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        lines(&a),
        vec![
            "policy read: create".to_string(),
            "user a: create".into(),
            "user b: create".into(),
            "user c: create".into(),
            format!("user a: attach {}", policy_arn("read")),
            format!("user b: attach {}", policy_arn("read")),
            format!("user c: attach {}", policy_arn("read")),
            "user zed: delete".into(),
        ]
    );
}

#[test]
fn changes_that_need_each_other_are_an_error() {
    let mut desired = prod();
    for (name, other) in [("a", "b"), ("b", "a")] {
        let mut r = role(name);
        r.trust_policy = trust(&[&crate::arn::iam_entity(
            crate::arn::Partition::Aws,
            PROD,
            "role",
            "/",
            other,
        )]);
        desired.roles.insert(name.into(), r);
    }
    let err = order_changes(diff_prod(desired, prod(), false).changes).unwrap_err();
    assert_eq!(
        err,
        OrderError::Cycle(vec![
            "prod: role a: create".into(),
            "prod: role b: create".into()
        ])
    );
}
