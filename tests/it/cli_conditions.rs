//! Condition semantics through the real binary: `policy simulate` answers with its exit
//! code (0 allowed, 2 denied) and the decision on the first line; `policy lint` reports
//! unknown global keys and unreadable typed values. The rules themselves are pinned, with
//! their AWS documentation, in `src/policy/simulate/condition_eval/`.

use serde_json::{Value, json};

use crate::support::offline_cli;

/// Simulates `s3:GetObject` on one object against an Allow statement with `condition`
/// in a `version` document, with `--context` entries; returns the exit code and the
/// first line of the output.
fn simulate(version: &str, condition: Value, context: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let policy = json!({"Version": version, "Statement": {"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme/*", "Condition": condition}});
    let file = dir.path().join("policy.json");
    std::fs::write(&file, policy.to_string()).expect("the policy is written");
    let mut args = vec![
        "policy",
        "simulate",
        "--policy",
        file.to_str().expect("a UTF-8 path"),
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme/k",
    ];
    for entry in context {
        args.extend(["--context", entry]);
    }
    let run = offline_cli::iamform(offline_cli::crate_root(), &args);
    let first = run.stdout.lines().next().unwrap_or_default().to_string();
    (run.code, first)
}

fn allowed(version: &str, condition: Value, context: &[&str]) -> bool {
    match simulate(version, condition, context) {
        (0, first) if first == "allowed" => true,
        (2, first) if first == "implicitDeny" => false,
        other => panic!("unexpected answer {other:?}"),
    }
}

#[test]
fn negated_operators_fail_on_unreadable_values_and_hold_for_missing_keys() {
    let not_office = json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
    assert!(allowed(
        "2012-10-17",
        not_office.clone(),
        &["aws:SourceIp=192.0.2.1"]
    ));
    assert!(!allowed(
        "2012-10-17",
        not_office.clone(),
        &["aws:SourceIp=10.1.1.1"]
    ));
    assert!(!allowed(
        "2012-10-17",
        not_office.clone(),
        &["aws:SourceIp=not-an-ip"]
    ));
    assert!(allowed("2012-10-17", not_office, &[]));
    let not_ten = json!({"NumericNotEquals": {"s3:max-keys": "10"}});
    assert!(!allowed("2012-10-17", not_ten, &["s3:max-keys=ten"]));
}

#[test]
fn variable_values_are_literal_and_need_version_2012() {
    let home = json!({"StringLike": {"s3:prefix": "${aws:username}/*"}});
    let bob = "aws:username=Bob*";
    assert!(!allowed(
        "2012-10-17",
        home.clone(),
        &[bob, "s3:prefix=Bobby/notes"]
    ));
    assert!(allowed(
        "2012-10-17",
        home.clone(),
        &[bob, "s3:prefix=Bob*/notes"]
    ));
    assert!(!allowed(
        "2008-10-17",
        home.clone(),
        &[bob, "s3:prefix=Bob*/notes"]
    ));
    assert!(allowed(
        "2008-10-17",
        home,
        &[bob, "s3:prefix=${aws:username}/notes"]
    ));
}

#[test]
fn set_operators_over_an_empty_set_and_dates_in_both_forms() {
    let all = json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}});
    let any = json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["team"]}});
    assert!(allowed("2012-10-17", all.clone(), &["aws:TagKeys="]));
    assert!(!allowed("2012-10-17", any.clone(), &["aws:TagKeys="]));
    assert!(!allowed(
        "2012-10-17",
        all,
        &["aws:TagKeys=team", "aws:TagKeys=env"]
    ));
    assert!(allowed(
        "2012-10-17",
        any,
        &["aws:TagKeys=team", "aws:TagKeys=env"]
    ));
    let after = json!({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}});
    assert!(allowed(
        "2012-10-17",
        after.clone(),
        &["aws:CurrentTime=1700000000"]
    ));
    assert!(!allowed(
        "2012-10-17",
        after,
        &["aws:CurrentTime=2019-12-31T23:59:59Z"]
    ));
}

#[test]
fn lint_reports_unknown_global_keys_and_unreadable_values() {
    let run = offline_cli::iamform(
        offline_cli::crate_root(),
        &["policy", "lint", "tests/fixtures/lint/conditions.json"],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "warnings only");
    insta::assert_snapshot!("lint_conditions", run.stdout);
}
