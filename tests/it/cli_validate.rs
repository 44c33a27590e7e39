//! `iamform validate` on fixture directories: output snapshots and exit codes.

use assert_cmd::Command;

const FIXTURES: &str = "tests/fixtures/manifests";

/// Runs `iamform validate FIXTURE` from the crate root; returns exit code and stdout.
fn validate(fixture: &str) -> (i32, String) {
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", &format!("{FIXTURES}/{fixture}")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{fixture} panicked: {stderr}");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn good_manifests_pass() {
    let (code, out) = validate("good");
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("cli_validate_good", out);
}

#[test]
fn global_dir_flag_selects_the_directory() {
    let output = Command::cargo_bin("iamform")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-C", &format!("{FIXTURES}/good"), "validate"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("ok: 2 accounts"));
}

macro_rules! bad_fixture {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            let (code, out) = validate($dir);
            assert_eq!(code, 1, "{out}");
            assert!(out.contains("error"), "{out}");
            insta::assert_snapshot!(concat!("cli_validate_", $dir), out);
        }
    };
}

bad_fixture!(yaml_syntax_is_one_error_per_file, "bad_yaml_syntax");
bad_fixture!(unknown_keys_suggest_the_closest, "bad_unknown_keys");
bad_fixture!(wrong_types_are_located, "bad_wrong_types");
bad_fixture!(duplicates_point_at_both_definitions, "bad_duplicates");
bad_fixture!(dangling_references_suggest_names, "bad_references");
bad_fixture!(names_paths_tags_follow_iam_rules, "bad_names_and_tags");
bad_fixture!(iam_limits_are_enforced, "bad_limits");
bad_fixture!(role_trust_and_sessions_are_checked, "bad_roles");
bad_fixture!(project_config_is_checked, "bad_config");
// Partition names, and trust, links and policy ARNs that cross partitions:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
bad_fixture!(partitions_are_checked_and_never_crossed, "bad_partition");
bad_fixture!(policy_documents_are_checked, "bad_policy_documents");
bad_fixture!(many_problems_are_all_reported, "many_problems");

#[test]
fn missing_directory_is_an_error_without_location() {
    let (code, out) = validate("does-not-exist");
    assert_eq!(code, 1);
    insta::assert_snapshot!("cli_validate_missing_dir", out);
}

/// Roles that trust each other (and one that trusts itself) are valid, and `plan` agrees:
/// new ones are planned (created, then trusted), existing ones need no change.
#[test]
fn validate_and_plan_agree_on_roles_that_trust_each_other() {
    let dir = "tests/fixtures/workflows/trust_cycles";
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("iamform")
            .unwrap()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_REGION")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.code().unwrap_or(-1), stdout, stderr)
    };
    let (code, stdout, _) = run(&["validate", dir]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("cli_validate_trust_cycles", stdout);
    let new = format!("{dir}/state.json");
    let (code, _, stderr) = run(&["-C", dir, "plan", "--state", &new, "--detailed-exitcode"]);
    assert_eq!(code, 2, "new roles are planned: {stderr}");
    let existing = "tests/fixtures/states/mutual_trust.json";
    let (code, stdout, stderr) = run(&[
        "-C",
        dir,
        "plan",
        "--state",
        existing,
        "--detailed-exitcode",
    ]);
    assert_eq!(code, 0, "existing roles need no change: {stdout}{stderr}");
}

/// `validate --format json`: one JSON document on stdout (schemas/diagnostics.schema.json)
/// with every problem, its code, location and help; the exit code still says whether
/// there were errors.
#[test]
fn json_output_lists_every_diagnostic_with_codes_and_locations() {
    use crate::support::offline_cli::{crate_root, iamform};
    use iamform::render::diagnostics::DiagnosticsReport;

    let warnings = iamform(
        crate_root(),
        &[
            "validate",
            "--format",
            "json",
            "tests/fixtures/lint/manifests/located",
        ],
    );
    // Unknown actions and keys are warnings (IAM accepts them).
    assert_eq!(warnings.code, 0, "{}", warnings.stderr);
    let report: DiagnosticsReport =
        serde_json::from_str(&warnings.stdout).expect("validate --format json is one report");
    assert_eq!(report.errors, 0);
    assert!(report.warnings > 0);
    assert_eq!(report.errors + report.warnings, report.diagnostics.len());
    assert_eq!(
        report.aws_data,
        Some(iamform::policy::DataVersions::bundled())
    );
    let located = report
        .diagnostics
        .iter()
        .find(|d| d.code.as_deref() == Some("IAM011"))
        .expect("the unknown action is reported with its code");
    let at = located.location.as_ref().expect("located");
    assert!(at.file.ends_with("release.json"), "{at:?}");
    assert_eq!((at.line, at.column), (Some(7), Some(36)));
    crate::assert_run_snapshot!("validate_json_located", warnings);

    let good = iamform(
        crate_root(),
        &["validate", "--format", "json", &format!("{FIXTURES}/good")],
    );
    assert_eq!(good.code, 0, "{}", good.stdout);
    let report: DiagnosticsReport = serde_json::from_str(&good.stdout).expect("one report");
    assert_eq!(report.errors, 0);
}
