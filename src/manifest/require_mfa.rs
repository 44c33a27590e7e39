//! The inline policy a group gets with `require_mfa: true`: AWS's documented policy that
//! lets members set up their own MFA device and change their own password, and denies
//! everything else until they sign in with MFA.
//!
//! It follows the IAM User Guide's "AWS: Allows MFA-authenticated IAM users to manage
//! their own MFA device on the Security credentials page"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html>)
//! with the password statements of the tutorial "Enable your users to configure their own
//! credentials and MFA settings"
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_users-self-manage-mfa-and-creds.html>).
//! A Deny alone allows nothing, so without the Allow statements members could not enable
//! the MFA device the Deny waits for.
//!
//! One deliberate difference: the member's own user is matched under any IAM path, not
//! only `/` (see `own_user`).
//!
//! `BoolIfExists` matters in the Deny: long-term access keys carry no
//! `aws:MultiFactorAuthPresent` at all, and `Bool` would let them through.

use serde_json::{Value, json};

/// Name of the inline policy `require_mfa: true` adds to a group.
pub const REQUIRE_MFA_POLICY_NAME: &str = "iamform-require-mfa";

/// Actions a member may use without MFA: exactly those the Allow statements without a
/// condition grant, plus `sts:GetSessionToken`, which turns an MFA code into an
/// MFA session for the CLI and API (it needs no Allow).
const WITHOUT_MFA: [&str; 10] = [
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetAccountPasswordPolicy",
    "iam:GetMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
];

/// The policy document: members may manage their own MFA device and password; all else
/// is denied without MFA.
pub fn require_mfa_document() -> Value {
    // AWS's example names `user/${aws:username}`, which only matches users at path `/`;
    // the second pattern matches the member's own user under any path (`user/people/
    // alice`). User names are unique in an account whatever the path, and `/` cannot be
    // part of one, so it matches no one else.
    let own_user = json!([
        "arn:aws:iam::*:user/${aws:username}",
        "arn:aws:iam::*:user/*/${aws:username}"
    ]);
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                // Neither action supports a resource ARN.
                "Sid": "AllowViewAccountInfo",
                "Effect": "Allow",
                "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
                "Resource": "*"
            },
            {
                "Sid": "AllowManageOwnPasswords",
                "Effect": "Allow",
                "Action": ["iam:ChangePassword", "iam:GetUser"],
                "Resource": own_user
            },
            {
                // The device is named before it is tied to a user: EnableMFADevice, on
                // the member's own user only, is what binds it.
                "Sid": "AllowManageOwnVirtualMFADevice",
                "Effect": "Allow",
                "Action": "iam:CreateVirtualMFADevice",
                "Resource": "arn:aws:iam::*:mfa/*"
            },
            {
                "Sid": "AllowManageOwnUserMFA",
                "Effect": "Allow",
                "Action": [
                    "iam:EnableMFADevice",
                    "iam:GetMFADevice",
                    "iam:ListMFADevices",
                    "iam:ResyncMFADevice"
                ],
                "Resource": own_user
            },
            {
                "Sid": "AllowDeactivateOwnMFAOnlyWithMFA",
                "Effect": "Allow",
                "Action": "iam:DeactivateMFADevice",
                "Resource": own_user,
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
            },
            {
                "Sid": "DenyAllExceptListedIfNoMFA",
                "Effect": "Deny",
                "NotAction": WITHOUT_MFA,
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
            }
        ]
    })
}

/// The document `require_mfa: true` generated before it held the Allow statements
///: recognized by import so such groups still become `require_mfa: true`
/// (and then plan the upgrade to [`require_mfa_document`]).
pub fn legacy_require_mfa_document() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyAllExceptListedIfNoMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:ChangePassword",
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:GetMFADevice",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken"
            ],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn strings(v: &Value) -> BTreeSet<String> {
        match v {
            Value::String(s) => [s.clone()].into(),
            Value::Array(items) => items.iter().flat_map(strings).collect(),
            _ => BTreeSet::new(),
        }
    }

    /// The Deny spares exactly what the unconditional Allows grant (plus
    /// sts:GetSessionToken), as in the AWS example policy:
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html
    #[test]
    fn the_deny_spares_exactly_what_is_allowed_without_mfa() {
        let doc = require_mfa_document();
        let statements = doc["Statement"].as_array().unwrap();
        let mut allowed_without_mfa: BTreeSet<String> = statements
            .iter()
            .filter(|s| s["Effect"] == "Allow" && s.get("Condition").is_none())
            .flat_map(|s| strings(&s["Action"]))
            .collect();
        allowed_without_mfa.insert("sts:GetSessionToken".into());
        let deny = statements.last().unwrap();
        assert_eq!(deny["Effect"], "Deny");
        assert_eq!(strings(&deny["NotAction"]), allowed_without_mfa);
        assert_eq!(
            deny["Condition"],
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})
        );
        assert!(!allowed_without_mfa.contains("iam:DeactivateMFADevice"));
    }

    #[test]
    fn both_documents_are_well_formed() {
        for doc in [require_mfa_document(), legacy_require_mfa_document()] {
            assert!(
                crate::manifest::policy_check::check_structure(
                    &doc,
                    &crate::diagnostic::Span::file_only(std::sync::Arc::new("t".into()))
                )
                .is_empty()
            );
        }
    }
}
