//! A plan saved while an account could not be read, offline: `show` says it is
//! incomplete, `apply` applies only the accounts it read and exits 3, and the next plan
//! holds what was left (that account's changes and those held back).

use std::collections::BTreeMap;

use iamform::backend::Backend as _;
use iamform::backend::state_file::StateFileBackend;
use iamform::diff::AccountKey;
use iamform::model::UtcTime;
use iamform::plan::UnreadAccount;

use crate::support::offline_cli::{iamform, temp_copy};

#[test]
fn a_saved_incomplete_plan_applies_only_its_accounts_read() {
    let (_guard, dir) = temp_copy("examples/multi-account");
    let desired = iamform::manifest::load(&dir, UtcTime { unix: 0 }).expect("valid example");
    let state = StateFileBackend::open(dir.join("state.json")).expect("state file");
    let prod = &desired.accounts["prod"].config;
    let actual: BTreeMap<String, _> = desired
        .accounts
        .iter()
        .filter(|(name, _)| *name != "prod")
        .map(|(name, a)| (name.clone(), state.read_account(&a.config).unwrap()))
        .collect();
    drop(state);
    let unread = UnreadAccount {
        account: AccountKey {
            name: prod.name.clone(),
            id: prod.id.clone(),
            partition: prod.partition,
        },
        error: "account prod: access denied: not authorized to perform sts:AssumeRole".into(),
    };
    let plan = iamform::plan::build_partial(&desired, &actual, &[], &[unread]).unwrap();
    assert!(!plan.held_back.is_empty(), "{:?}", plan.held_back);
    std::fs::write(dir.join("plan.json"), iamform::render::json(&plan)).unwrap();

    let shown = iamform(&dir, &["show", "plan.json", "--format", "markdown"]);
    crate::assert_run_snapshot!("incomplete_show_markdown", shown);

    // One change at a time, so the progress lines come in plan order.
    let applied = iamform(
        &dir,
        &[
            "apply",
            "plan.json",
            "--state",
            "state.json",
            "--parallelism",
            "1",
        ],
    );
    crate::assert_run_snapshot!("incomplete_apply_offline", applied);
    assert_eq!(applied.code, 3);

    // What is left: prod's changes and the changes held back, nothing else.
    let rest = iamform(&dir, &["plan", "--state", "state.json", "--format", "json"]);
    assert_eq!(rest.code, 0, "{}", rest.stderr);
    let rest: iamform::plan::Plan = serde_json::from_str(&rest.stdout).unwrap();
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
}
