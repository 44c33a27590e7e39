//! IAM's policy size quotas and how IAM measures a document against them
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>).
//!
//! IAM counts the characters of the JSON document it receives, not counting whitespace.
//! iamform sends compact JSON, so a document's size is the number of non-whitespace
//! characters of its compact serialization (whitespace inside strings is not counted
//! either: IAM's rule is stated for the whole document). AWS Organizations counts every
//! character of a service control policy, so an SCP is measured as compact JSON.

use std::fmt;

use serde_json::Value;

/// Characters IAM counts in `document`: its compact JSON without whitespace.
pub fn iam_char_count(document: &Value) -> usize {
    document
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// Characters AWS Organizations counts in an SCP sent as compact JSON: whitespace inside
/// strings counts, whitespace between elements is not sent.
pub fn compact_char_count(document: &Value) -> usize {
    document.to_string().chars().count()
}

/// A document size quota of IAM (or of AWS Organizations, for SCPs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeLimit {
    /// One customer managed policy (each version).
    ManagedPolicy,
    /// A role's trust (assume-role) policy, at the default quota.
    RoleTrustPolicy,
    /// All inline policies of one user together.
    UserInlinePolicies,
    /// All inline policies of one group together.
    GroupInlinePolicies,
    /// All inline policies of one role together.
    RoleInlinePolicies,
    /// One service control policy of AWS Organizations.
    ServiceControlPolicy,
}

/// Characters in one managed policy document.
pub const MANAGED_POLICY_MAX: usize = 6_144;
/// Characters in a role trust policy (the default quota; AWS can raise it to 4,096).
pub const ROLE_TRUST_POLICY_MAX: usize = 2_048;
/// Characters of all inline policies of a user.
pub const USER_INLINE_POLICIES_MAX: usize = 2_048;
/// Characters of all inline policies of a group.
pub const GROUP_INLINE_POLICIES_MAX: usize = 5_120;
/// Characters of all inline policies of a role.
pub const ROLE_INLINE_POLICIES_MAX: usize = 10_240;
/// Characters of one service control policy, whitespace included
/// (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html>).
pub const SERVICE_CONTROL_POLICY_MAX: usize = 5_120;

impl SizeLimit {
    /// The most characters IAM accepts under this quota.
    pub fn max_chars(self) -> usize {
        match self {
            SizeLimit::ManagedPolicy => MANAGED_POLICY_MAX,
            SizeLimit::RoleTrustPolicy => ROLE_TRUST_POLICY_MAX,
            SizeLimit::UserInlinePolicies => USER_INLINE_POLICIES_MAX,
            SizeLimit::GroupInlinePolicies => GROUP_INLINE_POLICIES_MAX,
            SizeLimit::RoleInlinePolicies => ROLE_INLINE_POLICIES_MAX,
            SizeLimit::ServiceControlPolicy => SERVICE_CONTROL_POLICY_MAX,
        }
    }

    /// The size of `document` as the quota's owner counts it.
    pub fn measure(self, document: &Value) -> usize {
        match self {
            SizeLimit::ServiceControlPolicy => compact_char_count(document),
            _ => iam_char_count(document),
        }
    }

    /// How the quota's owner counts whitespace, for messages.
    pub fn whitespace_rule(self) -> &'static str {
        match self {
            SizeLimit::ServiceControlPolicy => "whitespace inside strings is counted",
            _ => "whitespace is not counted",
        }
    }
}

impl fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SizeLimit::ManagedPolicy => "managed policy size",
            SizeLimit::RoleTrustPolicy => "role trust policy size",
            SizeLimit::UserInlinePolicies => "total size of a user's inline policies",
            SizeLimit::GroupInlinePolicies => "total size of a group's inline policies",
            SizeLimit::RoleInlinePolicies => "total size of a role's inline policies",
            SizeLimit::ServiceControlPolicy => "service control policy size",
        })
    }
}

/// A document (or set of inline documents) larger than an IAM quota allows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{limit} is {actual} characters, over IAM's limit of {max} (whitespace is not counted)", max = limit.max_chars())]
pub struct SizeError {
    /// The quota exceeded.
    pub limit: SizeLimit,
    /// The size IAM would count.
    pub actual: usize,
}

/// Checks that `documents` together fit `limit`: one document for a managed or trust
/// policy, all of an entity's inline policies for the aggregate quotas.
pub fn check_size<'a>(
    limit: SizeLimit,
    documents: impl IntoIterator<Item = &'a Value>,
) -> Result<usize, SizeError> {
    let actual = documents.into_iter().map(iam_char_count).sum();
    if actual > limit.max_chars() {
        Err(SizeError { limit, actual })
    } else {
        Ok(actual)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn counts_characters_without_whitespace() {
        let doc = json!({"Version": "2012-10-17", "Statement": []});
        // {"Statement":[],"Version":"2012-10-17"}
        assert_eq!(iam_char_count(&doc), 39);
        assert_eq!(iam_char_count(&json!({"a": "x y"})), 10);
        assert_eq!(
            iam_char_count(&json!({"a": "é"})),
            9,
            "characters, not bytes"
        );
    }

    #[test]
    fn checks_limits_and_names_them() {
        let big = json!({"a": "x".repeat(2_100)});
        assert_eq!(check_size(SizeLimit::ManagedPolicy, [&big]), Ok(2_108));
        let err = check_size(SizeLimit::RoleTrustPolicy, [&big]).unwrap_err();
        assert_eq!(
            err,
            SizeError {
                limit: SizeLimit::RoleTrustPolicy,
                actual: 2_108
            }
        );
        assert_eq!(
            err.to_string(),
            "role trust policy size is 2108 characters, over IAM's limit of 2048 (whitespace is not counted)"
        );
        let small = json!({"a": "x".repeat(1_000)});
        assert!(check_size(SizeLimit::UserInlinePolicies, [&small, &small, &small]).is_err());
        assert!(check_size(SizeLimit::GroupInlinePolicies, [&small, &small, &small]).is_ok());
        assert_eq!(SizeLimit::RoleInlinePolicies.max_chars(), 10_240);
    }

    #[test]
    fn scps_count_whitespace_inside_strings() {
        // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html:
        // "All characters in your SCP count against its maximum size".
        let doc = json!({"a": "x y"});
        assert_eq!(SizeLimit::ServiceControlPolicy.measure(&doc), 11);
        assert_eq!(SizeLimit::ManagedPolicy.measure(&doc), 10);
        assert_eq!(SizeLimit::ServiceControlPolicy.max_chars(), 5_120);
    }
}
