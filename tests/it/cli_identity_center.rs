//! IAM Identity Center through the real binary, offline: a state file stands for the
//! accounts, so apply, plan and the plan's output are exercised without AWS.

use std::path::Path;

use crate::support::offline_cli::{Run, iamform, temp_copy};

fn plan(dir: &Path) -> Run {
    iamform(
        dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    )
}

fn edit(dir: &Path, from: &str, to: &str) {
    let path = dir.join("identity_center.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in the manifest");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn permission_sets_and_assignments_are_planned_applied_and_then_unchanged() {
    let (_guard, dir) = temp_copy("tests/fixtures/identity_center");
    let first = plan(&dir);
    assert_eq!(first.code, 2, "{}", first.stderr);
    crate::assert_run_snapshot!("identity_center_create_text", first);
    let markdown = iamform(
        &dir,
        &["plan", "--state", "state.json", "--format", "markdown"],
    );
    crate::assert_run_snapshot!("identity_center_create_markdown", markdown);

    let apply = iamform(&dir, &["apply", "--state", "state.json", "--auto-approve"]);
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    let state = std::fs::read_to_string(dir.join("state.json")).unwrap();
    assert!(state.contains("\"identity_center\""), "{state}");

    let again = plan(&dir);
    assert_eq!(again.code, 0, "{}\n{}", again.stdout, again.stderr);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);

    edit(&dir, "session_duration: 8h", "session_duration: PT10H");
    edit(&dir, "accounts: [prod]", "accounts: [prod, staging]");
    let changed = plan(&dir);
    assert_eq!(changed.code, 2, "{}", changed.stderr);
    crate::assert_run_snapshot!("identity_center_update_text", changed);
}

#[test]
fn unknown_permission_sets_accounts_and_bad_durations_are_located() {
    let (_guard, dir) = temp_copy("tests/fixtures/identity_center");
    edit(&dir, "session_duration: 8h", "session_duration: 13h");
    edit(&dir, "permission_set: ReadOnly", "permission_set: ReadOnli");
    edit(
        &dir,
        "accounts: [prod, staging]",
        "accounts: [prod, stagin]",
    );
    let run = iamform(&dir, &["validate"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    crate::assert_run_snapshot!("identity_center_errors", run);
}

const ORG_ASSIGNMENTS: &str = r#"account: management
identity_center:
  permission_sets:
    Admin: {aws_managed_policies: [AdministratorAccess]}
    ReadOnly: {aws_managed_policies: [ReadOnlyAccess]}
  assignments:
    - {permission_set: ReadOnly, group: auditors, accounts: {ou: ["/Workloads/*"], exclude: [dev-2]}}
    - {permission_set: Admin, group: platform, accounts: {tags: {env: prod}}}
    - {permission_set: Admin, user: alice, accounts: [identity, "sandbox-*"]}
"#;

/// `(permission set, principal, account name)` of each assignment the plan creates.
fn created_assignments(plan: &str) -> Vec<(String, String, String)> {
    let plan: serde_json::Value = serde_json::from_str(plan).unwrap();
    let mut out: Vec<(String, String, String)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["action"])
        .filter(|a| a["operation"] == "create_assignment")
        .map(|a| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            (
                text(&a["assignment"]["permission_set"]),
                text(&a["assignment"]["principal"]),
                text(&a["account_name"]),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn assignments_select_organization_accounts_like_entities() {
    let (_guard, dir) = temp_copy("examples/organization");
    std::fs::write(dir.join("identity_center.yaml"), ORG_ASSIGNMENTS).unwrap();
    let run = iamform(&dir, &["plan", "--state", "state.json", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = [
        ("Admin", "alice", "identity"),
        ("Admin", "alice", "sandbox-alice"),
        ("Admin", "platform", "prod-1"),
        ("Admin", "platform", "prod-2"),
        ("ReadOnly", "auditors", "dev-1"),
        ("ReadOnly", "auditors", "prod-1"),
        ("ReadOnly", "auditors", "prod-2"),
    ]
    .map(|(s, p, a)| (s.to_string(), p.to_string(), a.to_string()));
    assert_eq!(created_assignments(&run.stdout), expected);

    // A plain name the project does not know is an error at the name; globs may match
    // nothing.
    let typo = ORG_ASSIGNMENTS.replace("[identity, ", "[identiy, ");
    std::fs::write(dir.join("identity_center.yaml"), typo).unwrap();
    let run = iamform(&dir, &["validate", "--state", "state.json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    crate::assert_run_snapshot!("identity_center_selector_errors", run);
}

#[test]
fn a_targeted_plan_shows_the_access_of_the_targeted_permission_set_only() {
    let (_guard, dir) = temp_copy("tests/fixtures/identity_center");
    let run = iamform(
        &dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--target",
            "management:permission-set/ReadOnly",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let principals: Vec<&str> = plan["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["principal"].as_str().unwrap())
        .collect();
    assert_eq!(principals, ["user alice (permission set ReadOnly)"]);
    // The Admin assignments are counted as access left out.
    assert_eq!(
        plan["targeting"]["access_left_out"], 2,
        "{}",
        plan["targeting"]
    );
}
