//! Actions that need no permissions (`sts:GetCallerIdentity`) as `policy simulate` and
//! `can` report them: allowed whatever the policies say, and the reason says so.
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html>:
//! "No permissions are required to perform this operation. If an administrator attaches
//! a policy to your identity that explicitly denies access to the sts:GetCallerIdentity
//! action, you can still perform this operation."

use crate::support::offline_cli;

fn iamform(args: &[&str]) -> offline_cli::Run {
    offline_cli::iamform(offline_cli::crate_root(), args)
}

#[test]
fn simulate_allows_get_caller_identity_against_an_explicit_deny() {
    let run = iamform(&[
        "policy",
        "simulate",
        "--policy",
        "tests/fixtures/lint/simulate/deny-all.json",
        "--action",
        "sts:GetCallerIdentity",
        "--resource",
        "*",
        "--principal",
        "arn:aws:iam::111111111111:user/alice",
    ]);
    crate::assert_run_snapshot!("simulate_get_caller_identity", run);
    // Any other action is denied by the same policy.
    let other = iamform(&[
        "policy",
        "simulate",
        "--policy",
        "tests/fixtures/lint/simulate/deny-all.json",
        "--action",
        "sts:GetSessionToken",
        "--resource",
        "*",
    ]);
    assert_eq!(other.code, 2);
    assert!(
        other.stdout.starts_with("explicitDeny\n"),
        "{}",
        other.stdout
    );
}

#[test]
fn can_allows_get_caller_identity_without_mfa() {
    // bob's group requires MFA, which denies nearly everything without it.
    for format in ["text", "json"] {
        let run = iamform(&[
            "-C",
            "examples/quickstart",
            "can",
            "bob",
            "sts:GetCallerIdentity",
            "*",
            "--context",
            "aws:MultiFactorAuthPresent=false",
            "--format",
            format,
        ]);
        crate::assert_run_snapshot!(format!("can_get_caller_identity_{format}"), run);
    }
}
