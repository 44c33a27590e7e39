//! Users' credential declarations through the real binary, offline, on a recorded state
//! that holds console passwords and access keys (ids and dates only: a state file never
//! holds a secret).

use std::path::Path;

use crate::support::offline_cli::{Run, iamform, temp_copy};

fn plan(dir: &Path, format: &str) -> Run {
    iamform(
        dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--detailed-exitcode",
            "--format",
            format,
        ],
    )
}

#[test]
fn plan_removes_forbidden_credentials_and_notes_the_rest() {
    let (_guard, dir) = temp_copy("tests/fixtures/credentials");
    let text = plan(&dir, "text");
    assert_eq!(text.code, 2, "{}", text.stderr);
    crate::assert_run_snapshot!("credentials_plan_text", text);
    let markdown = plan(&dir, "markdown");
    crate::assert_run_snapshot!("credentials_plan_markdown", markdown);
    let json = plan(&dir, "json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    insta::assert_json_snapshot!("credentials_plan_json_changes", value["changes"]);
    insta::assert_json_snapshot!("credentials_plan_json_warnings", value["warnings"]);
    assert_eq!(value["narrows_access"], true);
    assert_eq!(value["broadens_access"], false);
}

#[test]
fn apply_removes_them_and_the_next_plan_has_no_changes() {
    let (_guard, dir) = temp_copy("tests/fixtures/credentials");
    // One change at a time, so the progress lines come in plan order.
    let apply = iamform(
        &dir,
        &[
            "apply",
            "--state",
            "state.json",
            "--auto-approve",
            "--parallelism",
            "1",
        ],
    );
    assert_eq!(apply.code, 0, "{}\n{}", apply.stdout, apply.stderr);
    crate::assert_run_snapshot!("credentials_apply", apply);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("state.json")).unwrap()).unwrap();
    let users = &state["accounts"]["111111111111"]["users"];
    assert_eq!(
        users["build-bot"]["credential_state"],
        serde_json::json!({"login_profile": false, "mfa_devices": 0})
    );
    // What the manifest does not declare is left as it was.
    assert_eq!(users["dave"]["credential_state"]["login_profile"], true);
    let again = plan(&dir, "text");
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert!(again.stdout.contains("No changes"), "{}", again.stdout);
    // What iamform will not fix itself is still said.
    assert!(again.stdout.contains("2 access keys"), "{}", again.stdout);
}

#[test]
fn an_unknown_access_keys_rule_is_a_located_error() {
    let (_guard, dir) = temp_copy("tests/fixtures/credentials");
    let users = dir.join("users.yaml");
    let text = std::fs::read_to_string(&users)
        .unwrap()
        .replace("access_keys: none", "access_keys: nonee")
        .replace("console_access: false", "console_access: no thanks")
        .replace(
            "  dave: {}",
            "  dave:\n    console_access: false\n    mfa_required_for_console: true",
        );
    std::fs::write(&users, text).unwrap();
    let run = iamform(&dir, &["validate"]);
    assert_eq!(run.code, 1);
    crate::assert_run_snapshot!("credentials_bad_rules", run);
}
