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

/// Runs `iamform policy simulate ARGS…` for a transcript snapshot (exit code and both
/// streams).
fn simulate_run(extra: &[&str]) -> offline_cli::Run {
    let mut args = vec!["policy", "simulate"];
    args.extend_from_slice(extra);
    offline_cli::iamform(offline_cli::crate_root(), &args)
}

/// Cross-account: the partner's identity policy and the bucket policy must both allow.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
#[test]
fn cross_account_needs_the_identity_and_the_resource_policy() {
    let (bucket, identity) = (sim("bucket-policy.json"), sim("boundary.json"));
    let request = [
        "--action",
        "s3:GetObject",
        "--resource",
        "arn:aws:s3:::acme-share/report.csv",
        "--resource-account",
        "111111111111",
        "--principal",
        "arn:aws:iam::222222222222:role/partner",
    ];
    let both = [
        &["--policy", &identity, "--resource-policy", &bucket][..],
        &request,
    ]
    .concat();
    crate::assert_run_snapshot!("simulate_cross_account_allowed", simulate_run(&both));
    let alone = [&["--resource-policy", &bucket][..], &request].concat();
    let run = simulate_run(&alone);
    assert_eq!(run.code, 2);
    crate::assert_run_snapshot!("simulate_cross_account_resource_only", run);
}

/// Same account, no identity policy: a grant to the session ARN decides alone; a grant to
/// the role ARN is limited by the session policy.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
#[test]
fn a_resource_policy_alone_decides_in_its_account() {
    let run = |action: &str| {
        simulate_run(&[
            "--resource-policy",
            &sim("bucket-session.json"),
            "--session-policy",
            &sim("session-read.json"),
            "--action",
            action,
            "--resource",
            "arn:aws:s3:::acme-artifacts/app.zip",
            "--principal",
            "arn:aws:sts::111111111111:assumed-role/builder/ci-run",
            "--format",
            "json",
        ])
    };
    crate::assert_run_snapshot!("simulate_session_arn_grant_json", run("s3:PutObject"));
    assert_eq!(
        run("s3:GetObject").code,
        0,
        "the session policy allows reads"
    );
}

/// Session policies intersect with the identity policies.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
#[test]
fn a_session_policy_caps_the_identity_policies() {
    let run = simulate_run(&[
        "--policy",
        &sim("admin.json"),
        "--session-policy",
        &sim("session-read.json"),
        "--action",
        "s3:PutObject",
        "--principal",
        "arn:aws:sts::111111111111:assumed-role/admin/alice",
    ]);
    assert_eq!(run.code, 2);
    crate::assert_run_snapshot!("simulate_session_policy_caps", run);
}

/// Every SCP level must allow; a Deny at any level wins.
/// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
#[test]
fn scp_levels_must_all_allow() {
    let (full, ou) = (sim("scp-full.json"), sim("scp-workloads-ou.json"));
    let run = |action: &str, levels: &[&str]| {
        let mut args = vec!["--policy", "tests/fixtures/lint/simulate/admin.json"];
        for level in levels {
            args.extend(["--scp", level]);
        }
        args.extend(["--action", action]);
        simulate_run(&args)
    };
    crate::assert_run_snapshot!("simulate_scp_allowed", run("s3:GetObject", &[&full, &ou]));
    crate::assert_run_snapshot!(
        "simulate_scp_level_lacks_allow",
        run("ec2:RunInstances", &[&full, &ou])
    );
    assert_eq!(run("s3:DeleteBucket", &[&full, &ou]).code, 2);
    let nothing = sim("scp-nothing-attached.json");
    let run = run("s3:GetObject", &[&full, &nothing]);
    assert!(run.stdout.starts_with("implicitDeny\n"), "{}", run.stdout);
}

/// RCPs only deny, on the resource's side.
/// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
#[test]
fn an_rcp_denies_outside_principals() {
    let run = |principal: &str| {
        simulate_run(&[
            "--policy",
            &sim("admin.json"),
            "--resource-policy",
            &sim("bucket-policy.json"),
            "--rcp",
            &sim("rcp-org-only.json"),
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::acme-share/report.csv",
            "--resource-account",
            "111111111111",
            "--principal",
            principal,
            "--format",
            "json",
        ])
    };
    assert_eq!(run("arn:aws:iam::222222222222:role/partner").code, 0);
    crate::assert_run_snapshot!(
        "simulate_rcp_denies_json",
        run("arn:aws:iam::333333333333:role/partner")
    );
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
    // A resource policy statement must name its principals; the account must be an id.
    let run = simulate_run(&[
        "--resource-policy",
        &sim("bucket-no-principal.json"),
        "--action",
        "s3:GetObject",
    ]);
    crate::assert_run_snapshot!("simulate_resource_policy_without_principal", run);
    let run = simulate_run(&["--action", "s3:GetObject", "--resource-account", "acme"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("12-digit"), "{}", run.stderr);
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
