//! The IAM contents of one account.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Group, IdentityCenter, InstanceProfile, ManagedPolicy, Role, User};
use crate::arn::Partition;

/// Everything iamform knows about one account's IAM, keyed by entity name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountIam {
    /// 12-digit account id.
    pub account_id: String,
    /// The account's partition; absent means `aws`, so files written before partitions
    /// existed (and their fingerprints) stay the same.
    #[serde(default, skip_serializing_if = "Partition::is_aws")]
    pub partition: Partition,
    /// Users by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub users: BTreeMap<String, User>,
    /// Groups by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Group>,
    /// Roles by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, Role>,
    /// Customer-managed policies by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, ManagedPolicy>,
    /// Instance profiles by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instance_profiles: BTreeMap<String, InstanceProfile>,
    /// Alias and password policy.
    #[serde(default, skip_serializing_if = "AccountSettings::is_empty")]
    pub settings: AccountSettings,
    /// OpenID Connect providers by ARN (read only; referenced by federated trust).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub oidc_providers: BTreeMap<String, OidcProvider>,
    /// SAML providers by ARN (read only; referenced by federated trust).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub saml_providers: BTreeMap<String, SamlProvider>,
    /// IAM Identity Center permission sets and assignments, in the account that holds
    /// the instance (desired: declared under `identity_center:`; actual: read there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_center: Option<IdentityCenter>,
}

impl AccountIam {
    /// An empty account.
    pub fn new(account_id: impl Into<String>) -> AccountIam {
        AccountIam {
            account_id: account_id.into(),
            ..AccountIam::default()
        }
    }

    /// An empty account in `partition`.
    pub fn in_partition(account_id: impl Into<String>, partition: Partition) -> AccountIam {
        AccountIam {
            account_id: account_id.into(),
            partition,
            ..AccountIam::default()
        }
    }

    /// How many users, groups, roles, policies and instance profiles it holds.
    pub fn entity_count(&self) -> usize {
        self.users.len()
            + self.groups.len()
            + self.roles.len()
            + self.policies.len()
            + self.instance_profiles.len()
    }
}

/// Account-wide settings. In desired state, `None` means "not managed".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// The account alias (at most one per account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The password policy for IAM users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicy>,
}

impl AccountSettings {
    /// True when neither alias nor password policy is set.
    pub fn is_empty(&self) -> bool {
        self.alias.is_none() && self.password_policy.is_none()
    }
}

/// IAM's account password policy, field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// 6–128.
    pub minimum_password_length: u32,
    /// Require at least one non-alphanumeric character.
    #[serde(default)]
    pub require_symbols: bool,
    /// Require at least one digit.
    #[serde(default)]
    pub require_numbers: bool,
    /// Require at least one upper-case letter.
    #[serde(default)]
    pub require_uppercase_characters: bool,
    /// Require at least one lower-case letter.
    #[serde(default)]
    pub require_lowercase_characters: bool,
    /// Let users change their own password.
    #[serde(default)]
    pub allow_users_to_change_password: bool,
    /// Days before a password expires (1–1095); none = never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_password_age: Option<u32>,
    /// How many previous passwords cannot be reused (1–24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_reuse_prevention: Option<u32>,
    /// Expired passwords need an administrator reset.
    #[serde(default)]
    pub hard_expiry: bool,
}

/// An OpenID Connect identity provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OidcProvider {
    /// Issuer URL without scheme, e.g. `token.actions.githubusercontent.com`.
    pub url: String,
    /// Audiences.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub client_ids: BTreeSet<String>,
    /// Server certificate thumbprints.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub thumbprints: BTreeSet<String>,
}

/// A SAML identity provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamlProvider {
    /// Provider name (the last part of its ARN).
    pub name: String,
}
