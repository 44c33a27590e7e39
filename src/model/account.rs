//! The IAM contents of one account.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{EntityMeta, Group, IdentityCenter, InstanceProfile, ManagedPolicy, Role, Tags, User};
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
    /// OpenID Connect providers by name: the issuer URL as IAM names it in the
    /// provider's ARN (no scheme, no trailing slash, host in lower case).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub oidc_providers: BTreeMap<String, OidcProvider>,
    /// SAML providers by name.
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

    /// Keys identity providers by IAM name. Files written while providers were read-only
    /// keyed them by ARN: such a key becomes the provider's name, and its ARN.
    pub fn key_providers_by_name(&mut self) {
        let oidc = std::mem::take(&mut self.oidc_providers);
        for (key, mut provider) in oidc {
            if key.starts_with("arn:") {
                provider.url = oidc_provider_name(&provider.url);
                provider.meta.arn.get_or_insert(key);
            }
            self.oidc_providers.insert(provider.url.clone(), provider);
        }
        let saml = std::mem::take(&mut self.saml_providers);
        for (key, mut provider) in saml {
            if key.starts_with("arn:") {
                provider.meta.arn.get_or_insert(key);
            }
            self.saml_providers.insert(provider.name.clone(), provider);
        }
    }

    /// How many users, groups, roles, policies, instance profiles and identity providers
    /// it holds.
    pub fn entity_count(&self) -> usize {
        self.users.len()
            + self.groups.len()
            + self.roles.len()
            + self.policies.len()
            + self.instance_profiles.len()
            + self.oidc_providers.len()
            + self.saml_providers.len()
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
    /// Services whose service-linked role must exist (`elasticbeanstalk.amazonaws.com`);
    /// desired state only: an account's are its roles under `/aws-service-role/`.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub service_linked_roles: BTreeSet<String>,
    /// Delete the service-linked roles of services not listed (desired state only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prune_service_linked_roles: bool,
}

impl AccountSettings {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.alias.is_none()
            && self.password_policy.is_none()
            && self.service_linked_roles.is_empty()
            && !self.prune_service_linked_roles
    }
}

/// The service a service-linked role belongs to: the segment of its path
/// `/aws-service-role/SERVICE/`, as IAM creates it
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html).
pub fn service_of_linked_role(path: &str) -> Option<&str> {
    path.strip_prefix("/aws-service-role/")?
        .split('/')
        .next()
        .filter(|s| !s.is_empty())
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
    /// Issuer URL as IAM names the provider: without scheme or trailing slash, host in
    /// lower case (`token.actions.githubusercontent.com`); see [`oidc_provider_name`].
    pub url: String,
    /// Audiences (client ids).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub client_ids: BTreeSet<String>,
    /// Server certificate thumbprints (40 hex digits, upper case); IAM no longer needs
    /// them for most issuers, so empty means "not managed" in a manifest.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub thumbprints: BTreeSet<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// A SAML identity provider.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SamlProvider {
    /// Provider name (the last part of its ARN).
    pub name: String,
    /// The IdP's SAML metadata document (XML); `None` when it was not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// The name IAM gives the OIDC provider of issuer `url`: the URL without `https://`
/// (any case), without trailing slashes, with its host in lower case (host names are
/// case-insensitive; the path is not). IAM's provider ARN ends with this name
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
pub fn oidc_provider_name(url: &str) -> String {
    let trimmed = url.trim();
    let rest = match trimmed.get(..8) {
        Some(scheme) if scheme.eq_ignore_ascii_case("https://") => &trimmed[8..],
        _ => trimmed,
    };
    let rest = rest.trim_end_matches('/');
    match rest.split_once('/') {
        Some((host, path)) => format!("{}/{path}", host.to_ascii_lowercase()),
        None => rest.to_ascii_lowercase(),
    }
}
