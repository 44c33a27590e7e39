//! Plans with unread accounts: nothing planned for them, and nothing planned that needs them.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::diff::tests::fixtures::{desired_accounts, role, trust};
use crate::model::{AccountIam, Scope, UtcTime};
use crate::plan::{Plan, build, build_partial};

fn unread(desired: &DesiredState, name: &str) -> UnreadAccount {
    let config = &desired.project.accounts[name];
    UnreadAccount {
        account: AccountKey {
            name: name.into(),
            id: config.id.clone(),
            partition: config.partition,
        },
        error: "access denied: not authorized to perform sts:AssumeRole".into(),
    }
}

fn multi_account() -> DesiredState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    crate::manifest::load(&dir, UtcTime { unix: 0 }).expect("the example is valid")
}

/// Every `depends_on` names an earlier change of the plan.
fn assert_ordered(plan: &Plan) {
    for (i, change) in plan.changes.iter().enumerate() {
        assert_eq!(change.id, i);
        assert!(change.depends_on.iter().all(|d| *d < i), "{change:?}");
    }
}

#[test]
fn an_unread_link_target_holds_back_the_grants_that_name_it() {
    let desired = multi_account();
    let prod = unread(&desired, "prod");
    let whole = build(&desired, &BTreeMap::new()).unwrap();
    let plan = build_partial(&desired, &BTreeMap::new(), &[], std::slice::from_ref(&prod)).unwrap();
    assert_eq!(plan.incomplete, [prod]);
    assert!(plan.is_incomplete());
    let covered: Vec<&str> = plan
        .accounts
        .iter()
        .map(|a| a.account.name.as_str())
        .collect();
    assert_eq!(covered, ["dev", "identity"]);
    assert!(plan.changes.iter().all(|c| c.change.account.name != "prod"));
    assert_ordered(&plan);
    let held: Vec<(&str, &str, &str)> = plan
        .held_back
        .iter()
        .map(|h| {
            (
                h.change.as_str(),
                h.unread_account.as_str(),
                h.because.as_str(),
            )
        })
        .collect();
    assert_eq!(
        held,
        [
            (
                "[identity] add inline policy iamform-link-prod-admin to group admins",
                "prod",
                "it is half of link admins-to-prod, whose other end is there"
            ),
            (
                "[identity] add inline policy iamform-link-prod-deployer to role ci",
                "prod",
                "it is half of link ci-to-prod, whose other end is there"
            ),
        ]
    );
    // Everything else of identity and dev is planned as in the whole plan.
    let prod_changes = whole
        .changes
        .iter()
        .filter(|c| c.change.account.name == "prod")
        .count();
    assert_eq!(
        plan.changes.len() + plan.held_back.len() + prod_changes,
        whole.changes.len()
    );
    // The access section shows no grant into prod.
    let shown = serde_json::to_string(&plan.access).unwrap();
    assert!(!shown.contains("222222222222:role/admin"), "{shown}");
}

#[test]
fn an_unread_source_account_holds_back_the_trust_into_it_and_what_needs_that() {
    let desired = multi_account();
    let identity = unread(&desired, "identity");
    let plan = build_partial(&desired, &BTreeMap::new(), &[], &[identity]).unwrap();
    assert!(
        plan.changes
            .iter()
            .all(|c| c.change.account.name != "identity")
    );
    assert_ordered(&plan);
    let held: Vec<&str> = plan.held_back.iter().map(|h| h.change.as_str()).collect();
    // The roles are created with their link trust, so creating them waits, and
    // attaching their policies needs them.
    for expected in [
        "[prod] create role admin",
        "[prod] create role deployer",
        "[dev] create role developer",
    ] {
        assert!(held.contains(&expected), "{held:?}");
    }
    assert!(
        plan.held_back.iter().any(|h| h
            .because
            .starts_with("it needs `[prod] create role admin` first")),
        "{:?}",
        plan.held_back
    );
    assert!(
        plan.held_back
            .iter()
            .all(|h| h.unread_account == "identity")
    );
}

#[test]
fn trust_naming_an_unread_principal_and_deleting_one_it_trusts_are_held_back() {
    let scope = Scope {
        paths: vec!["/".into()],
        prune: true,
    };
    let mut prod = AccountIam::new("111111111111");
    let mut admin = role("admin");
    admin.trust_policy = trust(&["arn:aws:iam::222222222222:role/ci"]);
    prod.roles.insert("admin".into(), admin);
    let mut own = role("own");
    own.trust_policy = trust(&["arn:aws:iam::222222222222:root"]);
    prod.roles.insert("own".into(), own);
    let mut identity = AccountIam::new("222222222222");
    let mut audit = role("audit");
    audit.trust_policy = trust(&["arn:aws:iam::111111111111:role/old"]);
    identity.roles.insert("audit".into(), audit);
    let desired = desired_accounts(
        vec![
            ("prod", "111111111111", prod),
            ("identity", "222222222222", identity),
        ],
        scope,
    );
    // prod holds `old`, which no manifest wants any more but identity's audit trusts.
    let mut actual_prod = AccountIam::new("111111111111");
    actual_prod.roles.insert("old".into(), role("old"));
    let actual = BTreeMap::from([("prod".to_string(), actual_prod)]);
    let plan = build_partial(&desired, &actual, &[], &[unread(&desired, "identity")]).unwrap();
    let held: Vec<(&str, &str)> = plan
        .held_back
        .iter()
        .map(|h| (h.change.as_str(), h.because.as_str()))
        .collect();
    assert_eq!(
        held,
        [
            (
                "[prod] create role admin",
                "its trust names arn:aws:iam::222222222222:role/ci"
            ),
            ("[prod] delete role old", "role audit there trusts it"),
        ]
    );
    // The account root always exists: trusting it needs nothing from identity.
    let planned: Vec<String> = plan.changes.iter().map(|c| c.change.to_string()).collect();
    assert_eq!(planned, ["[prod] create role own"]);
}

#[test]
fn nothing_unread_holds_nothing_back() {
    let desired = multi_account();
    let plan = build_partial(&desired, &BTreeMap::new(), &[], &[]).unwrap();
    assert_eq!(plan, build(&desired, &BTreeMap::new()).unwrap());
    assert!(!plan.is_incomplete() && plan.held_back.is_empty());
}
