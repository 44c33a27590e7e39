//! Links with `accounts:` ends, offline (`tests/fixtures/organization_links`): the
//! organization recorded in the state file decides the pairs, an apply to the state file
//! converges, and an account that joins the selected OU gets both halves of its links on
//! the next plan.

use serde_json::{Value, json};

use crate::assert_run_snapshot;
use crate::support::offline_cli::{iamform, temp_copy};

const FIXTURE: &str = "tests/fixtures/organization_links";

/// `(name, from account, to account)` of each link of a JSON plan.
fn links(plan: &str) -> Vec<(String, String, String)> {
    let plan: Value = serde_json::from_str(plan).unwrap();
    plan["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let field = |k: &str| l[k].as_str().unwrap().to_string();
            (field("name"), field("from_account"), field("to_account"))
        })
        .collect()
}

fn link(name: &str, from: &str, to: &str) -> (String, String, String) {
    (name.to_string(), from.to_string(), to.to_string())
}

#[test]
fn a_link_with_a_selector_joins_every_matched_account_and_follows_new_ones() {
    let (_tmp, dir) = temp_copy(FIXTURE);
    let text = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_run_snapshot!("organization_links_plan_text", text);
    let json = iamform(&dir, &["plan", "--state", "state.json", "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert_eq!(
        links(&json.stdout),
        [
            link("oncall-break-glass", "identity", "prod-1"),
            link("oncall-break-glass", "identity", "prod-2"),
            link("deployer-workloads", "identity", "dev-1"),
            link("deployer-workloads", "identity", "prod-1"),
            link("deployer-workloads", "identity", "prod-2"),
        ]
    );

    let apply = iamform(&dir, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    let again = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("No changes."), "{}", again.stdout);

    // Prod 3 joins /Workloads/Prod with env=prod: both links reach it, and only it.
    let path = dir.join("state.json");
    let mut state: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    state["organization"]["accounts"]
        .as_array_mut()
        .unwrap()
        .push(
            json!({"id": "300000000005", "name": "Prod 3", "ou": "/Workloads/Prod",
                     "status": "ACTIVE", "tags": {"env": "prod"}}),
        );
    std::fs::write(&path, state.to_string()).unwrap();
    let grown = iamform(&dir, &["plan", "--state", "state.json", "--format", "json"]);
    assert_eq!(grown.code, 0, "{}", grown.stderr);
    assert_eq!(
        links(&grown.stdout),
        [
            link("oncall-break-glass", "identity", "prod-3"),
            link("deployer-workloads", "identity", "prod-3"),
        ]
    );
    let text = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_run_snapshot!("organization_links_plan_new_account", text);
}

#[test]
fn bad_link_selectors_are_located_errors() {
    let (_tmp, dir) = temp_copy(FIXTURE);
    std::fs::write(
        dir.join("links.yaml"),
        "links:\n  both:\n    from: {account: identity, accounts: all, groups: [oncall]}\n    to: {accounts: {tags: {env: prod}}, role: break-glass}\n  nothing:\n    from: {account: identity, roles: [deployer]}\n    to: {accounts: {exclude: [dev-1]}, role: deploy}\n  relative-ou:\n    from: {account: identity, roles: [deployer]}\n    to: {accounts: {ou: [Workloads]}, role: deploy}\n  variable:\n    from: {account: identity, roles: [deployer]}\n    to: {accounts: [prod-*], role: \"{{account.nmae}}\"}\n",
    )
    .unwrap();
    let run = iamform(&dir, &["validate", "--state", "state.json"]);
    assert_run_snapshot!("organization_links_bad_selectors", run);
}
