//! The multi-account example offline: one plan over three accounts with links, broken
//! trust, `--account` notes, and apply to a copy of the recorded state then a clean plan.

use assert_cmd::Command;

const EXAMPLE: &str = "examples/multi-account";

/// Runs iamform from the crate root; returns exit code, stdout and stderr.
fn iamform(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        stderr,
    )
}

fn plan(format: &str, extra: &[&str]) -> (i32, String, String) {
    let state = format!("{EXAMPLE}/state.json");
    let mut args = vec!["-C", EXAMPLE, "plan", "--state", &state, "--format", format];
    args.extend_from_slice(extra);
    iamform(&args)
}

#[test]
fn the_recorded_state_plans_links_and_reports_broken_trust() {
    let (code, text, _) = plan("text", &[]);
    assert_eq!(code, 0, "{text}");
    insta::assert_snapshot!("multi_account_plan_text", text);
    let (_, markdown, _) = plan("markdown", &[]);
    insta::assert_snapshot!("multi_account_plan_markdown", markdown);
    let (_, json, _) = plan("json", &[]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!("multi_account_plan_links_json", value["links"]);
}

#[test]
fn limiting_accounts_notes_trust_that_crosses_into_a_skipped_one() {
    let (code, text, notes) = plan("text", &["--account", "prod"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("Account identity"), "{text}");
    insta::assert_snapshot!("multi_account_skipped_notes", notes);
}

#[test]
fn apply_then_plan_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    std::fs::copy(format!("{EXAMPLE}/state.json"), &state).unwrap();
    let state = state.to_str().unwrap();
    let (code, out, err) = iamform(&["-C", EXAMPLE, "apply", "--state", state, "--auto-approve"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = iamform(&["-C", EXAMPLE, "plan", "--state", state]);
    assert_eq!(code, 0);
    assert!(out.contains("No changes."), "{out}");
    assert!(!out.contains("broken trust"), "{out}");
}
