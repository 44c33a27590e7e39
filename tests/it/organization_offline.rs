//! `examples/organization` offline: the organization recorded in its state file names
//! the accounts (`accounts`, `validate --state`, `plan --state`), and a state file
//! without one says how to record it.

use crate::assert_run_snapshot;
use crate::support::offline_cli::{iamform, temp_copy};

const EXAMPLE: &str = "examples/organization";

#[test]
fn accounts_lists_the_recorded_organization() {
    let (_tmp, dir) = temp_copy(EXAMPLE);
    let text = iamform(&dir, &["accounts", "--state", "state.json"]);
    assert_run_snapshot!("organization_accounts_text", text);
    let json = iamform(
        &dir,
        &["accounts", "--state", "state.json", "--format", "json"],
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 9);
    assert_eq!(accounts[0]["name"], "dev-1");
    assert_eq!(accounts[0]["ou"], "/Workloads/Dev");
    assert_eq!(accounts[0]["tags"]["env"], "dev");
    assert_eq!(accounts[0]["source"], "organization");
    let management = accounts.iter().find(|a| a["name"] == "management").unwrap();
    assert_eq!(management["source"], "declared");
    assert_eq!(accounts[8]["source"], "left_out");
    assert_eq!(accounts[8]["name"], serde_json::Value::Null);
}

#[test]
fn plan_and_validate_read_the_organization_from_the_state_file() {
    let (_tmp, dir) = temp_copy(EXAMPLE);
    let validate = iamform(&dir, &["validate", "--state", "state.json"]);
    assert_eq!(validate.code, 0, "{}", validate.stderr);
    let plan = iamform(&dir, &["plan", "--state", "state.json", "--format", "json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let plan: iamform::plan::Plan = serde_json::from_str(&plan.stdout).unwrap();
    let mut accounts: Vec<_> = plan
        .changes
        .iter()
        .map(|c| c.change.account.name.as_str())
        .collect();
    accounts.sort_unstable();
    accounts.dedup();
    // The baseline's selectors: OU /Workloads/*, tag env=prod, all but sandboxes.
    assert_eq!(
        accounts,
        [
            "dev-1",
            "dev-2",
            "identity",
            "log-archive",
            "prod-1",
            "prod-2"
        ]
    );
    // The auditors' link reaches break-glass in each prod account.
    let links: Vec<(&str, &str)> = plan
        .links
        .iter()
        .map(|l| (l.from_account.as_str(), l.to_account.as_str()))
        .collect();
    assert_eq!(links, [("identity", "prod-1"), ("identity", "prod-2")]);
    let text = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_run_snapshot!("organization_plan_text", text);
    // Without the organization only the declared accounts are known.
    let offline = iamform(&dir, &["validate"]);
    assert_run_snapshot!("organization_validate_without_state", offline);
}

#[test]
fn a_state_file_without_an_organization_says_how_to_record_one() {
    let (_tmp, dir) = temp_copy(EXAMPLE);
    std::fs::write(dir.join("empty.json"), "{\"format_version\": 1}\n").unwrap();
    let run = iamform(&dir, &["plan", "--state", "empty.json"]);
    assert_run_snapshot!("organization_state_without_organization", run);
}

/// A role in every workload account whose overrides give prod accounts other values, and
/// prod-2 (selected by both) the later one's.
const OVERRIDES: &str = r#"roles:
  "ops-{{account.name}}":
    accounts: {ou: ["/Workloads/*"]}
    path: /iamform/
    description: Operations
    max_session_duration: 1h
    trust: [{account: identity, require_mfa: true}]
    overrides:
      - accounts: {tags: {env: prod}}
        max_session_duration: 4h
        description: "Operations of production account {{account.id}}"
      - accounts: [prod-2]
        max_session_duration: 2h
"#;

#[test]
fn validate_explains_which_override_set_each_value() {
    let (_tmp, dir) = temp_copy(EXAMPLE);
    std::fs::write(dir.join("overrides.yaml"), OVERRIDES).unwrap();
    let args = ["validate", "--state", "state.json", "--explain-overrides"];
    let text = iamform(&dir, &args);
    assert_run_snapshot!("organization_explain_overrides_text", text);
    let json = iamform(&dir, &[&args[..], &["--format", "json"]].concat());
    assert_run_snapshot!("organization_explain_overrides_json", json);
    // Without the flag the output says nothing of overrides.
    let plain = iamform(
        &dir,
        &["validate", "--state", "state.json", "--format", "json"],
    );
    assert!(!plain.stdout.contains("\"overrides\""), "{}", plain.stdout);
    // Without overrides, the flag says so.
    std::fs::remove_file(dir.join("overrides.yaml")).unwrap();
    let none = iamform(&dir, &args);
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(
        none.stdout.starts_with("Overrides: none set a value.\n"),
        "{}",
        none.stdout
    );
}
