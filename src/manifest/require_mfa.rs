//! The inline policy a group gets with `require_mfa: true`.
//!
//! It is AWS's documented "deny everything except managing your own MFA device unless
//! signed in with MFA" statement (IAM User Guide, "Allows MFA-authenticated IAM users to
//! manage their own MFA device"). `BoolIfExists` matters: long-term access keys carry no
//! `aws:MultiFactorAuthPresent` at all, and `Bool` would let them through.

use serde_json::{Value, json};

/// Name of the inline policy `require_mfa: true` adds to a group.
pub const REQUIRE_MFA_POLICY_NAME: &str = "iamform-require-mfa";

/// The policy document: deny all but MFA self-management without MFA.
pub fn require_mfa_document() -> Value {
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

    #[test]
    fn denies_without_mfa_but_lets_users_set_it_up() {
        let doc = require_mfa_document();
        let s = &doc["Statement"][0];
        assert_eq!(s["Effect"], "Deny");
        assert_eq!(
            s["Condition"],
            json!({"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}})
        );
        let allowed: Vec<&str> = s["NotAction"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(allowed.contains(&"iam:EnableMFADevice"));
        assert!(allowed.contains(&"sts:GetSessionToken"));
        assert!(
            crate::manifest::policy_check::check_structure(
                &doc,
                &crate::diagnostic::Span::file_only(std::sync::Arc::new("t".into()))
            )
            .is_empty()
        );
    }
}
