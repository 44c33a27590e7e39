//! `iamform apply` through the real binary on temporary copies of the examples and their
//! recorded state: apply then plan, saved plans and their refusals, confirmation, and
//! what is never touched.

use std::path::Path;

use crate::support::offline_cli::{iamform, temp_copy};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// Fingerprints change whenever the fingerprinted form does; snapshots show a stand-in.
fn without_fingerprints(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        let (head, tail) = rest.split_at(at + "sha256:".len());
        out.push_str(head);
        let hex = tail.chars().take_while(char::is_ascii_hexdigit).count();
        out.push_str("[fingerprint]");
        rest = &tail[hex..];
    }
    out.push_str(rest);
    out
}

const APPLY: [&str; 6] = [
    "apply",
    "--state",
    "state.json",
    "--auto-approve",
    "--parallelism",
    "1",
];

#[test]
fn apply_then_plan_reports_no_changes() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert_eq!(apply.stderr, "");
    // The reviewed plan comes first, then one line per change, then the summary.
    let progress = apply
        .stdout
        .split_once("Plan: 2 to add, 4 to change, 0 to destroy (8 operations).\n")
        .expect("apply shows the plan first")
        .1;
    assert_eq!(progress.lines().filter(|l| l.contains("] ok ")).count(), 8);
    assert!(progress.ends_with("Apply complete: 8 done, 0 failed, 0 skipped.\n"));
    insta::assert_snapshot!("quickstart_progress", progress);
    let plan = iamform(&dir, &["plan", "--state", "state.json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        plan.stdout
            .ends_with("No changes. Your accounts match the manifests.\n"),
        "{}",
        plan.stdout
    );
    let again = iamform(&dir, &APPLY);
    assert_eq!(again.code, 0);
    insta::assert_snapshot!("quickstart_second_apply", again.stdout);
}

#[test]
fn saved_plan_applies_exactly_and_leaves_nothing_to_do() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let plan = iamform(&dir, &["plan", "--state", "state.json", "--out", "p.json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    // A saved plan needs no --auto-approve: it was reviewed when it was saved.
    let apply = iamform(
        &dir,
        &[
            "apply",
            "--state",
            "state.json",
            "--parallelism",
            "1",
            "p.json",
        ],
    );
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    insta::assert_snapshot!("saved_plan_progress", apply.stdout);
    let after = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(after.code, 0, "{}", after.stdout);
}

#[test]
fn saved_plan_is_refused_after_the_state_changed() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let plan = iamform(&dir, &["plan", "--state", "state.json", "--out", "p.json"]);
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    // Someone changes the account between plan and apply: bob gets a new tag.
    let state_path = dir.join("state.json");
    let mut state: serde_json::Value = serde_json::from_slice(&read(&state_path)).unwrap();
    state["accounts"]["111111111111"]["users"]["bob"]["tags"]["oncall"] = "yes".into();
    std::fs::write(&state_path, serde_json::to_string_pretty(&state).unwrap()).unwrap();
    let before = read(&state_path);
    let apply = iamform(&dir, &["apply", "--state", "state.json", "p.json"]);
    assert_eq!(apply.code, 1);
    assert_eq!(apply.stdout, "");
    assert_eq!(
        read(&state_path),
        before,
        "the state file must be untouched"
    );
    insta::assert_snapshot!("stale_plan", without_fingerprints(&apply.stderr));
}

#[test]
fn saved_plan_is_refused_for_other_accounts() {
    let (_guard, dir) = temp_copy("examples/cross-account");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/workflows/cross-account-state.json"),
        dir.join("state.json"),
    )
    .unwrap();
    let plan = iamform(
        &dir,
        &[
            "plan",
            "--state",
            "state.json",
            "--account",
            "prod",
            "--out",
            "p.json",
        ],
    );
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    let before = read(&dir.join("state.json"));
    // Without --account the apply selects both accounts, but the plan read only prod.
    let all = iamform(&dir, &["apply", "--state", "state.json", "p.json"]);
    assert_eq!(all.code, 1);
    assert_eq!(read(&dir.join("state.json")), before);
    insta::assert_snapshot!("plan_for_other_accounts", all.stderr);
    let other = iamform(
        &dir,
        &[
            "apply",
            "--state",
            "state.json",
            "--account",
            "identity",
            "p.json",
        ],
    );
    assert_eq!(other.code, 1);
    assert!(
        other.stderr.contains("the plan covers account prod"),
        "{}",
        other.stderr
    );
    assert_eq!(read(&dir.join("state.json")), before);
    let prod = iamform(
        &dir,
        &[
            "apply",
            "--state",
            "state.json",
            "--account",
            "prod",
            "p.json",
        ],
    );
    assert_eq!(prod.code, 0, "{}", prod.stderr);
    // Only prod converged; identity still needs dave in the group.
    let rest = iamform(&dir, &["plan", "--state", "state.json"]);
    assert!(rest.stdout.contains("Account identity"), "{}", rest.stdout);
    assert!(
        rest.stdout
            .contains("Account prod (333333333333): no changes."),
        "{}",
        rest.stdout
    );
}

#[test]
fn a_file_that_is_not_a_plan_is_a_located_error() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    std::fs::write(
        dir.join("p.json"),
        "{\n  \"format_version\": 1,\n  \"accounts\": 3\n}\n",
    )
    .unwrap();
    let before = read(&dir.join("state.json"));
    let run = iamform(&dir, &["apply", "--state", "state.json", "p.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(read(&dir.join("state.json")), before);
    insta::assert_snapshot!("not_a_plan", run.stderr);
}

#[test]
fn without_a_terminal_apply_needs_auto_approve() {
    let (_guard, dir) = temp_copy("examples/quickstart");
    let before = read(&dir.join("state.json"));
    let run = iamform(&dir, &["apply", "--state", "state.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(read(&dir.join("state.json")), before);
    insta::assert_snapshot!("needs_auto_approve", run.stderr);
}

#[test]
fn invalid_manifests_apply_nothing() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/broken");
    let before = read(&dir.join("state.json"));
    let run = iamform(&dir, &APPLY);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(read(&dir.join("state.json")), before);
    insta::assert_snapshot!("invalid_manifests", run.stderr);
}

#[test]
fn a_reserved_role_in_a_manifest_is_never_changed() {
    let (_guard, dir) = temp_copy("tests/fixtures/workflows/reserved");
    let role = |dir: &Path| {
        let state: serde_json::Value =
            serde_json::from_slice(&read(&dir.join("state.json"))).unwrap();
        state["accounts"]["111111111111"]["roles"]["AWSServiceRoleForSupport"].clone()
    };
    let before = role(&dir);
    let apply = iamform(&dir, &APPLY);
    assert_eq!(apply.code, 0, "{}", apply.stderr);
    assert!(
        apply.stdout.contains(
            "Warning: main: a manifest defines role AWSServiceRoleForSupport, which AWS reserves; iamform never changes it"
        ),
        "{}",
        apply.stdout
    );
    assert!(!apply.stdout.contains("role AWSServiceRoleForSupport\n"));
    assert!(apply.stderr.contains("1 warning(s)"), "{}", apply.stderr);
    assert_eq!(role(&dir), before, "the reserved role is untouched");
    let progress = apply
        .stdout
        .split_once("Plan: 2 to add, 0 to change, 0 to destroy (3 operations).\n")
        .unwrap()
        .1;
    insta::assert_snapshot!("reserved_progress", progress);
    let plan = iamform(
        &dir,
        &["plan", "--state", "state.json", "--detailed-exitcode"],
    );
    assert_eq!(plan.code, 0, "{}", plan.stdout);
    insta::assert_snapshot!("reserved_then_plan", plan.stdout);
}
