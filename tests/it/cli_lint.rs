//! `iamform policy lint` (text, JSON, SARIF) and lint inside `validate` and `plan`,
//! run as the real binary; outputs are snapshots.

use crate::support::offline_cli;

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
        (1, ""),
        "a resource without a partition is an error"
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
    ]);
    assert_eq!(code, 1);
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
    assert_eq!(code, 1);
    let mut parsed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(parsed["version"], "2.1.0");
    let run = &mut parsed["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 24);
    // Information is a SARIF note.
    let info = rules.iter().find(|r| r["id"] == "IAM016").unwrap();
    assert_eq!(info["defaultConfiguration"]["level"], "note");
    // The version and rule table are covered above; the snapshot keeps the results.
    insta::assert_json_snapshot!("lint_sarif_results", run["results"]);
}

#[test]
fn unreadable_file_exits_one() {
    let (code, stdout, _) = iamform(&["policy", "lint", &fixture("missing.json")]);
    assert_eq!(code, 1);
    // One located error like any other finding, then the count.
    assert!(stdout.contains("error: cannot read file"), "{stdout}");
    assert!(stdout.contains("missing.json\n"), "{stdout}");
    assert!(
        stdout.ends_with("1 file: 1 error(s), 0 warning(s)\n"),
        "{stdout}"
    );
}

#[test]
fn validate_shows_security_warnings_and_stays_ok() {
    let (code, stdout, _) = iamform(&["validate", &fixture("manifests/warnings")]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("validate_lint_warnings", stdout);
}

/// What IAM rejects stops validate; an unknown action is only a warning.
#[test]
fn validate_fails_on_lint_errors() {
    let (code, stdout, _) = iamform(&["validate", &fixture("manifests/errors")]);
    assert_eq!(code, 1);
    assert!(stdout.contains("warning[IAM011]"), "{stdout}");
    insta::assert_snapshot!("validate_lint_errors", stdout);
}

#[test]
fn plan_stops_on_lint_errors() {
    let dir = fixture("manifests/errors");
    let (code, stdout, stderr) =
        iamform(&["-C", &dir, "plan", "--state", "/nonexistent/state.json"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("error[IAM003]"), "{stderr}");
}

/// IAM accepts actions the bundled catalog does not know (a typo, or an action newer
/// than the catalog), so an imported account with one can still be planned: the plan
/// shows the warning, naming the catalog's date, and the data versions.
#[test]
fn unknown_actions_do_not_block_plan() {
    let dir = fixture("manifests/typo");
    let (code, stdout, _) = iamform(&["validate", &dir]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("warning[IAM011]"), "{stdout}");
    assert!(stdout.contains("did you mean `s3:GetObject`?"), "{stdout}");
    let (code, stdout, stderr) =
        iamform(&["-C", &dir, "plan", "--state", &format!("{dir}/state.json")]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("plan_with_unknown_action", stdout);
}

#[test]
fn account_takes_a_name_from_iamform_yaml_or_an_id() {
    let trust = fixture("trust.json");
    let lint = |account: &str| {
        iamform(&[
            "-C",
            "examples/quickstart",
            "policy",
            "lint",
            "--kind",
            "trust",
            "--account",
            account,
            &trust,
        ])
    };
    let by_id = lint("111111111111");
    assert_eq!(
        lint("main"),
        by_id,
        "the quickstart names 111111111111 `main`"
    );
    // Cross-account trust without ExternalId is flagged only when the account is not ours.
    let ours = lint("999999999999");
    assert_ne!(ours.1, by_id.1);
    let unknown = lint("mian");
    assert_eq!(unknown.0, 1);
    assert!(
        unknown
            .2
            .contains("--account mian: neither a 12-digit account id nor an account of"),
        "{}",
        unknown.2
    );
    assert!(unknown.2.contains("(accounts: main)"), "{}", unknown.2);
}

/// A YAML policy file is read with the manifests' located parser, so its findings point
/// at the line and column of the node, like a JSON file's.
#[test]
fn yaml_findings_are_located_at_their_node() {
    let (code, stdout, _) = iamform(&["policy", "lint", &fixture("problems.yaml")]);
    assert_eq!(code, 0, "unknown actions are warnings: {stdout}");
    assert!(
        stdout.contains("--> tests/fixtures/lint/problems.yaml:6:9\n"),
        "{stdout}"
    );
    insta::assert_snapshot!("lint_yaml_located", stdout);
}

/// `--kind auto` recognises resource-based policies (a principal and a resource): AWS's
/// own CloudTrail bucket policy, a queue policy for a topic and the default KMS key
/// policy lint clean. Read as identity policies they were errors (IAM002).
/// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
/// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
#[test]
fn resource_policies_lint_clean_with_kind_auto() {
    let files = ["bucket-policy.json", "queue-policy.json", "key-policy.json"]
        .map(|f| fixture(&format!("kinds/{f}")));
    let mut args = vec!["policy", "lint", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let (code, stdout, stderr) = iamform(&args);
    assert_eq!((code, stderr.as_str()), (0, ""), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{stdout}");
    let kinds: Vec<&str> = report["policy_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["resource", "resource", "resource"]);
    let (code, stdout, _) = iamform(&["policy", "lint", "--kind", "identity", &files[0]]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[IAM002]"), "{stdout}");
}

/// An SCP or a boundary caps permissions: `Allow *` on `*` is AWS's default SCP
/// (FullAWSAccess), not an administrator grant.
/// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
#[test]
fn scps_and_boundaries_are_caps_not_grants() {
    let scp = fixture("kinds/full-aws-access-scp.json");
    for kind in ["scp", "boundary"] {
        let (code, stdout, _) = iamform(&["policy", "lint", "--kind", kind, &scp]);
        assert_eq!(
            (code, stdout.as_str()),
            (0, "ok: 1 file, no findings\n"),
            "{kind}"
        );
    }
    let (_, stdout, _) = iamform(&["policy", "lint", &scp]);
    assert!(stdout.contains("warning[IAM100]"), "{stdout}");
}

/// A managed policy used only as a permissions boundary (the quickstart's
/// developer-boundary) is linted as one in the manifests.
#[test]
fn validate_lints_a_boundary_as_a_boundary() {
    let (code, stdout, _) = iamform(&["validate", "examples/quickstart"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(!stdout.contains("developer-boundary"), "{stdout}");
}
