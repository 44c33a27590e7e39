//! Reading many accounts when some cannot be read, on the fake backend.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use iamform::apply::{self, ApplyOptions};
use iamform::backend::fake::{FakeBackend, FaultConfig};
use iamform::backend::memory_iam::MemoryIam;
use iamform::model::UtcTime;

use super::*;

fn multi_account() -> DesiredState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/multi-account");
    iamform::manifest::load(&dir, UtcTime { unix: 0 }).expect("the example is valid")
}

/// The fake holding the example's three accounts, empty; reads of `unreadable` fail.
fn fake(desired: &DesiredState, unreadable: &[&str]) -> FakeBackend {
    let mut iam = MemoryIam::with_seed(5);
    for account in desired.accounts.values() {
        iam.insert_account(AccountIam::new(account.config.id.clone()));
    }
    let denied = BackendError::AccessDenied(
        "not authorized to perform: sts:AssumeRole on OrganizationAccountAccessRole".into(),
    );
    FakeBackend::new(iam).with_faults(FaultConfig {
        unreadable: unreadable
            .iter()
            .map(|name| (desired.accounts[*name].config.id.clone(), denied.clone()))
            .collect(),
        ..FaultConfig::default()
    })
}

fn read(backend: &dyn Backend, desired: &DesiredState) -> AccountsRead {
    read_accounts(
        backend,
        &managed_reads(desired),
        &credential_users(desired),
        2,
    )
}

#[test]
fn a_failed_account_is_listed_and_the_others_are_read() {
    let desired = multi_account();
    let backend = fake(&desired, &["prod"]);
    let read = read(&backend, &desired);
    assert_eq!(read.iam.keys().collect::<Vec<_>>(), ["dev", "identity"]);
    let unread: Vec<(&str, &str)> = read
        .unread
        .iter()
        .map(|u| (u.account.name.as_str(), u.error.as_str()))
        .collect();
    assert_eq!(
        unread,
        [(
            "prod",
            "account prod (222222222222): reading IAM failed: access denied: not authorized \
             to perform: sts:AssumeRole on OrganizationAccountAccessRole"
        )]
    );
    let read = read.some().expect("two accounts were read");
    let whole = read.complete().unwrap_err();
    assert_eq!(
        whole.to_string(),
        "account prod (222222222222): reading IAM failed: access denied: not authorized to \
         perform: sts:AssumeRole on OrganizationAccountAccessRole"
    );
}

#[test]
fn when_no_account_can_be_read_there_is_nothing_to_plan() {
    let desired = multi_account();
    let backend = fake(&desired, &["dev", "identity", "prod"]);
    let error = read(&backend, &desired).some().unwrap_err().to_string();
    assert!(
        error.starts_with("3 accounts could not be read:\n  account dev (333333333333): "),
        "{error}"
    );
    assert_eq!(error.lines().count(), 4, "{error}");
}

#[test]
fn apply_changes_the_accounts_read_and_a_later_plan_finishes_the_rest() {
    let desired = multi_account();
    let backend = fake(&desired, &["prod"]);
    let read = read(&backend, &desired);
    let plan = iamform::plan::build_partial(&desired, &read.iam, &[], &read.unread).expect("plans");
    assert!(plan.is_incomplete() && !plan.held_back.is_empty());
    let options = ApplyOptions {
        accounts: desired
            .accounts
            .values()
            .map(|a| a.config.clone())
            .collect(),
        ..ApplyOptions::default()
    };
    let report = apply::execute(&plan, &backend, &options, &mut |_| {}).unwrap();
    assert!(report.is_success(), "{report:?}");
    let touched: BTreeSet<String> = backend
        .touched_entities()
        .into_iter()
        .map(|(account, _)| account)
        .collect();
    assert!(
        !touched.contains(&desired.accounts["prod"].config.id),
        "{touched:?}"
    );
    // Once prod can be read, the plan is exactly what was left: prod's changes and the
    // changes held back.
    backend.set_faults(FaultConfig::default());
    let read = read_accounts(&backend, &managed_reads(&desired), &BTreeMap::new(), 8);
    let rest = iamform::plan::build_partial(&desired, &read.iam, &[], &read.unread).unwrap();
    assert!(!rest.is_incomplete());
    let mut left: Vec<String> = rest
        .changes
        .iter()
        .map(|c| c.change.to_string())
        .filter(|c| !c.starts_with("[prod]"))
        .collect();
    left.sort();
    let mut held: Vec<String> = plan.held_back.iter().map(|h| h.change.clone()).collect();
    held.sort();
    assert_eq!(left, held);
    assert!(rest.changes.iter().any(|c| c.change.account.name == "prod"));
}
