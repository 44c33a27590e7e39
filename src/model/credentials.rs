//! A user's sign-in credentials as declarations (desired) and as facts (actual). Never
//! a secret: a password or a secret access key is never read, stored or shown; access
//! key ids are identifiers, not secrets.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What `access_keys:` allows a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessKeyRule {
    /// No access key: apply deletes every key the user has.
    None,
    /// At most one key: plan warns when the user has two (nothing is deleted).
    MaxOne,
}

impl AccessKeyRule {
    /// The manifest word.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKeyRule::None => "none",
            AccessKeyRule::MaxOne => "max_one",
        }
    }
}

/// What a manifest declares about a user's credentials (desired state only; `None` or
/// `false` means not managed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialRules {
    /// `false`: a console password is removed; `true`: plan notes when there is none
    /// (iamform never creates one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub console_access: Option<bool>,
    /// Which access keys the user may have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_keys: Option<AccessKeyRule>,
    /// Plan warns when the user can sign in to the console without an MFA device.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mfa_required_for_console: bool,
}

impl CredentialRules {
    /// True when the manifest declares nothing about credentials.
    pub fn is_empty(&self) -> bool {
        self == &CredentialRules::default()
    }
}

/// A user's credentials as read from the account (actual state only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCredentials {
    /// The user has a console password (a login profile).
    #[serde(default)]
    pub login_profile: bool,
    /// The user's access keys, by id (at most two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeyInfo>,
    /// How many MFA devices the user has.
    #[serde(default)]
    pub mfa_devices: u32,
}

/// One access key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessKeyInfo {
    /// The access key id (`AKIA…`); an identifier, not a secret.
    pub id: String,
    /// `Active` or `Inactive`.
    pub status: String,
    /// Creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}
