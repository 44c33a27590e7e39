//! `require_mfa: true` as `iamform can` sees it: without MFA a member can set up their
//! own MFA device and change their own password, and nothing else; with MFA the group's
//! policy denies nothing (and allows nothing beyond MFA self-service).
//!
//! The rules are AWS's "manage their own MFA device" example policy:
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html
//! and the tutorial it builds on:
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html

use crate::support::offline_cli;

const PROJECT: &str = "tests/fixtures/manifests/mfa_self_service";
const CAROL: &str = "arn:aws:iam::111111111111:user/people/carol";
const DAVE: &str = "arn:aws:iam::111111111111:user/dave";

/// `iamform can carol ACTION RESOURCE --context aws:MultiFactorAuthPresent=MFA`, or no
/// MFA key at all when `mfa` is `None` (long-term access keys send none).
fn can(action: &str, resource: &str, mfa: Option<bool>) -> (i32, String) {
    let context = mfa.map(|m| format!("aws:MultiFactorAuthPresent={m}"));
    let mut args = vec!["-C", PROJECT, "can", "carol", action, resource];
    if let Some(c) = &context {
        args.extend(["--context", c.as_str()]);
    }
    let run = offline_cli::iamform(offline_cli::crate_root(), &args);
    assert_eq!(run.stderr, "");
    (run.code, run.stdout)
}

fn decision(stdout: &str) -> &str {
    stdout.lines().next().unwrap_or_default()
}

#[test]
fn without_mfa_a_member_can_set_up_their_own_mfa_device() {
    let (code, stdout) = can("iam:EnableMFADevice", CAROL, Some(false));
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("enable_own_mfa_without_mfa", stdout);
    for (action, resource) in [
        (
            "iam:CreateVirtualMFADevice",
            "arn:aws:iam::111111111111:mfa/carol-phone",
        ),
        ("iam:ListVirtualMFADevices", "*"),
        ("iam:ResyncMFADevice", CAROL),
        ("iam:ListMFADevices", CAROL),
        ("iam:ChangePassword", CAROL),
        ("iam:GetAccountPasswordPolicy", "*"),
    ] {
        for mfa in [Some(false), None] {
            let (code, stdout) = can(action, resource, mfa);
            assert_eq!(
                (code, decision(&stdout)),
                (0, "allowed"),
                "{action} {mfa:?}"
            );
        }
    }
}

#[test]
fn without_mfa_a_member_can_do_nothing_else() {
    let (code, stdout) = can("s3:ListAllMyBuckets", "*", Some(false));
    assert_eq!(code, 2);
    insta::assert_snapshot!("list_buckets_without_mfa", stdout);
    // Long-term access keys carry no MFA key: BoolIfExists denies them too.
    let (_, stdout) = can("s3:ListAllMyBuckets", "*", None);
    assert_eq!(decision(&stdout), "explicitDeny");
    // Deactivating a device needs MFA, so a stolen password cannot remove it.
    let (_, stdout) = can("iam:DeactivateMFADevice", CAROL, Some(false));
    assert_eq!(decision(&stdout), "explicitDeny");
    // Another member's user is not theirs to manage.
    let (_, stdout) = can("iam:EnableMFADevice", DAVE, Some(false));
    assert_eq!(decision(&stdout), "implicitDeny");
}

#[test]
fn with_mfa_the_group_grants_only_mfa_self_service() {
    let (code, stdout) = can("iam:DeactivateMFADevice", CAROL, Some(true));
    assert_eq!((code, decision(&stdout)), (0, "allowed"), "{stdout}");
    // The group denies nothing with MFA, but allows nothing else either: other
    // permissions come from the member's other groups and policies.
    let (code, stdout) = can("s3:ListAllMyBuckets", "*", Some(true));
    assert_eq!(code, 2);
    insta::assert_snapshot!("list_buckets_with_mfa", stdout);
}
