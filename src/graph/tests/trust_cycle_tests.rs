//! Roles that trust each other or themselves: existing ones need nothing special, new
//! ones are created with an interim trust and get their real trust once all exist.
//! IAM refuses a trust naming a principal that does not exist yet:
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles>.

use std::collections::BTreeMap;

use serde_json::json;

use crate::diff::tests::fixtures::*;
use crate::diff::{Action, Change};
use crate::graph::{OrderedChange, order_changes, split_trust_cycles};
use crate::model::{AccountIam, Entity, PolicyDocument, Role, Scope};

const ID_B: &str = "222222222222";

fn role_arn(account: &str, name: &str) -> String {
    crate::arn::iam_entity(crate::arn::Partition::Aws, account, "role", "/", name)
}

fn role_trusting(name: &str, trusted: &[String]) -> Role {
    let arns: Vec<&str> = trusted.iter().map(String::as_str).collect();
    let mut r = role(name);
    r.trust_policy = trust(&arns);
    r
}

/// a ↔ b, self → self, fine → a (no cycle), all in `prod`.
fn cyclic_roles() -> AccountIam {
    let mut iam = prod();
    let arn = |n: &str| role_arn(PROD, n);
    for r in [
        role_trusting("a", &[arn("b")]),
        role_trusting("b", &[arn("a")]),
        role_trusting("self", &[arn("self")]),
        role_trusting("fine", &[arn("a")]),
    ] {
        iam.roles.insert(r.name.clone(), r);
    }
    iam
}

fn plan_of(desired: AccountIam, actual: AccountIam) -> (Vec<OrderedChange>, Vec<String>) {
    let split = split_trust_cycles(diff_prod(desired, actual, false).changes);
    (order_changes(split.changes).expect("ordered"), split.notes)
}

fn lines(plan: &[OrderedChange]) -> Vec<String> {
    plan.iter().map(|p| describe(&p.change)).collect()
}

/// The position of the change described as `what`, and the change.
fn find<'p>(plan: &'p [OrderedChange], what: &str) -> (usize, &'p OrderedChange) {
    plan.iter()
        .enumerate()
        .find(|(_, p)| describe(&p.change) == what)
        .unwrap_or_else(|| panic!("no `{what}` in {:#?}", lines(plan)))
}

fn created_trust(change: &Change) -> &PolicyDocument {
    match &change.action {
        Action::Create { entity } => match entity.as_ref() {
            Entity::Role(r) => &r.trust_policy,
            other => panic!("not a role: {other:?}"),
        },
        other => panic!("not a create: {other:?}"),
    }
}

const PLACEHOLDER: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#;

#[test]
fn new_roles_in_a_cycle_are_created_first_and_trusted_after() {
    let desired = cyclic_roles();
    let (plan, notes) = plan_of(desired.clone(), prod());
    assert_eq!(
        lines(&plan),
        [
            "role a: create",
            "role b: create",
            "role fine: create",
            "role self: create",
            "role a: update_trust",
            "role b: update_trust",
            "role self: update_trust",
        ]
    );
    let placeholder: serde_json::Value = serde_json::from_str(PLACEHOLDER).unwrap();
    for name in ["a", "b", "self"] {
        let (create_at, create) = find(&plan, &format!("role {name}: create"));
        assert_eq!(created_trust(&create.change).0, placeholder, "{name}");
        let (_, update) = find(&plan, &format!("role {name}: update_trust"));
        let Action::UpdateTrustPolicy { before, after } = &update.change.action else {
            unreachable!()
        };
        assert_eq!(before.0, placeholder);
        // The reviewer sees the final trust: exactly the manifest's.
        assert_eq!(after, &desired.roles[name].trust_policy);
        assert!(update.depends_on.contains(&create_at));
    }
    // a's trust names b: it is set only once b exists; `fine` (no cycle) waits for a.
    let (_, a_update) = find(&plan, "role a: update_trust");
    assert!(
        a_update
            .depends_on
            .contains(&find(&plan, "role b: create").0)
    );
    let (_, fine) = find(&plan, "role fine: create");
    assert_eq!(
        created_trust(&fine.change),
        &desired.roles["fine"].trust_policy
    );
    assert!(fine.depends_on.contains(&find(&plan, "role a: create").0));
    assert_eq!(
        notes,
        [
            "prod: role a, prod: role b trust each other and IAM refuses a trust naming a role \
             that does not exist yet, so each is created with a trust that leaves the others \
             out, then its trust policy is set once all exist",
            "prod: role self trusts itself and IAM refuses a trust naming a role that does not \
             exist yet, so it is created with a trust that leaves itself out, then its trust \
             policy is set once all exist",
        ]
    );
}

#[test]
fn existing_roles_may_trust_each_other_and_themselves() {
    let iam = cyclic_roles();
    let (plan, notes) = plan_of(iam.clone(), iam.clone());
    assert!(plan.is_empty(), "{:#?}", lines(&plan));
    assert!(notes.is_empty());
    // One existing role and one new one: the new one is created with its full trust
    // (its principal exists), then the existing one's trust is updated.
    let mut actual = prod();
    actual.roles.insert("a".into(), role("a"));
    let (plan, notes) = plan_of(iam, actual);
    assert!(notes.iter().all(|n| !n.contains("role a")), "{notes:?}");
    let (b_at, b) = find(&plan, "role b: create");
    assert_eq!(
        created_trust(&b.change),
        &trust(&[&role_arn(PROD, "a")]),
        "b trusts a, which exists"
    );
    assert!(
        find(&plan, "role a: update_trust")
            .1
            .depends_on
            .contains(&b_at)
    );
}

#[test]
fn statements_of_other_principals_stay_in_the_interim_trust() {
    let mut iam = prod();
    let mut a = role("a");
    a.trust_policy = PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": [role_arn(PROD, "a"), "arn:aws:iam::111111111111:root"]},
             "Action": "sts:AssumeRole"}
        ]
    }));
    iam.roles.insert("a".into(), a);
    let (plan, _) = plan_of(iam, prod());
    assert_eq!(
        created_trust(&find(&plan, "role a: create").1.change).0,
        json!({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                 "Action": "sts:AssumeRole"}
            ]
        })
    );
}

#[test]
fn a_cycle_across_accounts_is_split_in_both() {
    let mut prod_iam = prod();
    prod_iam
        .roles
        .insert("a".into(), role_trusting("a", &[role_arn(ID_B, "b")]));
    let mut other = AccountIam::new(ID_B);
    other
        .roles
        .insert("b".into(), role_trusting("b", &[role_arn(PROD, "a")]));
    let desired = desired_accounts(
        vec![("prod", PROD, prod_iam), ("other", ID_B, other)],
        Scope::default(),
    );
    let diff = crate::diff::compute(&desired, &BTreeMap::new());
    let split = split_trust_cycles(diff.changes);
    assert_eq!(split.notes.len(), 1);
    assert!(split.notes[0].starts_with("other: role b, prod: role a trust each other"));
    let plan = order_changes(split.changes).unwrap();
    let updates = plan
        .iter()
        .filter(|p| matches!(p.change.action, Action::UpdateTrustPolicy { .. }))
        .count();
    assert_eq!(updates, 2);
}
