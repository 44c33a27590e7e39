//! `iamform policy simulate` and `iamform can`, run as the real binary; outputs are
//! snapshots.

use crate::support::offline_cli;

const SIM: &str = "tests/fixtures/lint/simulate";

/// Runs `iamform ARGS…` from the crate root, so paths in output are relative.
fn iamform(args: &[&str]) -> (i32, String, String) {
    let run = offline_cli::iamform(offline_cli::crate_root(), args);
    (run.code, run.stdout, run.stderr)
}

fn simulate(extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["policy", "simulate"];
    args.extend_from_slice(extra);
    iamform(&args)
}

fn sim(name: &str) -> String {
    format!("{SIM}/{name}")
}

#[test]
fn allowed_with_a_policy_variable() {
    let (code, stdout, stderr) = simulate(&[
        "--policy",
        &sim("s3-read.json"),
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme-home/alice/notes.txt",
        "--principal",
        "arn:aws:iam::111111111111:user/alice",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("simulate_allowed", stdout);
}

#[test]
fn implicit_deny_for_another_users_home() {
    let (code, stdout, _) = simulate(&[
        "--policy",
        &sim("s3-read.json"),
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme-home/bob/notes.txt",
        "--principal",
        "arn:aws:iam::111111111111:user/alice",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("simulate_implicit_deny", stdout);
}

#[test]
fn explicit_deny_wins_over_admin() {
    let (code, stdout, _) = simulate(&[
        "--policy",
        &sim("admin.json"),
        "--policy",
        &sim("deny-delete.json"),
        "--action",
        "s3:DeleteObject",
        "--resource",
        "arn:aws:s3:::acme-home/alice/x",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("simulate_explicit_deny", stdout);
}

#[test]
fn boundary_caps_identity_policies() {
    let (code, stdout, _) = simulate(&[
        "--policy",
        &sim("admin.json"),
        "--boundary",
        &sim("boundary.json"),
        "--action",
        "iam:CreateUser",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("simulate_boundary_json", stdout);
}

#[test]
fn context_decides_conditions() {
    let args = |ip: &str| {
        let ip = format!("aws:SourceIp={ip}");
        simulate(&[
            "--policy",
            &sim("s3-read.json"),
            "--action",
            "s3:ListBucket",
            "--resource",
            "arn:aws:s3:::acme-home",
            "--context",
            &ip,
        ])
        .0
    };
    assert_eq!(args("203.0.113.9"), 0);
    assert_eq!(args("198.51.100.1"), 2);
}

#[test]
fn resource_policy_grants_to_the_named_principal() {
    let run = |principal: &str| {
        simulate(&[
            "--policy",
            &sim("boundary.json"),
            "--resource-policy",
            &sim("bucket-policy.json"),
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::acme-share/report.csv",
            "--principal",
            principal,
        ])
    };
    let (code, stdout, _) = run("arn:aws:iam::222222222222:role/partner");
    assert_eq!(code, 0);
    insta::assert_snapshot!("simulate_resource_policy", stdout);
}

#[test]
fn bad_input_exits_one() {
    let (code, _, stderr) = simulate(&[
        "--policy",
        "tests/fixtures/lint/grammar.json",
        "--action",
        "s3:GetObject",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not an Effect"), "{stderr}");
    let (code, _, stderr) = simulate(&[
        "--policy",
        &sim("admin.json"),
        "--action",
        "s3:GetObject",
        "--context",
        "novalue",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("KEY=VALUE"), "{stderr}");
}

#[test]
fn can_answers_from_the_manifests() {
    let dir = "examples/quickstart";
    let (code, stdout, stderr) = iamform(&[
        "-C",
        dir,
        "can",
        "ci-bot",
        "s3:PutObject",
        "arn:aws:s3:::acme-artifacts/builds/app.zip",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!("can_allowed", stdout);
    let (code, stdout, _) = iamform(&[
        "-C",
        dir,
        "can",
        "role/deployer",
        "s3:DeleteObject",
        "arn:aws:s3:::acme-artifacts/x",
    ]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("can_denied", stdout);
    // bob's group requires MFA: denied without it, allowed (inside his boundary) with it.
    let object = "arn:aws:s3:::acme-artifacts/x";
    let (code, stdout, _) = iamform(&["-C", dir, "can", "bob", "s3:GetObject", object]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("can_mfa_deny", stdout);
    let (code, stdout, _) = iamform(&[
        "-C",
        dir,
        "can",
        "bob",
        "s3:GetObject",
        object,
        "--context",
        "aws:MultiFactorAuthPresent=true",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("can_with_mfa_json", stdout);
}

#[test]
fn can_evaluates_aws_managed_policies_from_the_bundled_data() {
    let dir = "examples/quickstart";
    // alice's admins group attaches AdministratorAccess; with MFA it decides.
    let (code, stdout, _) = iamform(&[
        "-C",
        dir,
        "can",
        "alice",
        "iam:CreateUser",
        "arn:aws:iam::111111111111:user/x",
        "--context",
        "aws:MultiFactorAuthPresent=true",
    ]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("can_aws_managed_admin", stdout);
    // bob's developers group attaches ReadOnlyAccess, but his boundary leaves out EC2
    // writes: ReadOnlyAccess never allowed them anyway, so nothing allows it.
    let (code, stdout, _) = iamform(&[
        "-C",
        dir,
        "can",
        "bob",
        "ec2:TerminateInstances",
        "*",
        "--context",
        "aws:MultiFactorAuthPresent=true",
    ]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.starts_with("implicitDeny\n"), "{stdout}");
    assert!(!stdout.contains("not evaluated"), "{stdout}");
}

#[test]
fn can_rejects_unknown_principals() {
    let (code, _, stderr) = iamform(&[
        "-C",
        "examples/quickstart",
        "can",
        "mallory",
        "s3:GetObject",
        "*",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: no user or role named `mallory` in the manifests\n"
    );
}
