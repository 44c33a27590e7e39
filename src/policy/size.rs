//! IAM's policy size quotas and how IAM measures a document against them.
//!
//! IAM counts the characters of the JSON document it receives, not counting whitespace.
//! iamform sends compact JSON, so a document's size is the number of non-whitespace
//! characters of its compact serialization (whitespace inside strings is not counted
//! either: IAM's rule is stated for the whole document).

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

/// A document size quota of IAM.
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
    /// One AWS Organizations service control policy.
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
/// Characters in a service control policy (AWS Organizations quota).
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
}
