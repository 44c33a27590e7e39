//! IAM entities. Desired entities (from manifests) leave [`EntityMeta`] empty; actual
//! entities (from AWS or a state file) fill it in. The diff ignores `meta`.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    CredentialRules, EntityKind, EntityRef, OidcProvider, PolicyDocument, SamlProvider, Tags,
    UserCredentials,
};

/// AWS's default for a role's maximum session duration, in seconds.
pub const DEFAULT_MAX_SESSION_DURATION: u32 = 3600;

fn root_path() -> String {
    "/".to_string()
}

fn is_root_path(p: &String) -> bool {
    p == "/"
}

fn default_session() -> u32 {
    DEFAULT_MAX_SESSION_DURATION
}

/// What IAM assigned to an entity; empty for desired entities.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityMeta {
    /// IAM unique id (AIDA…, AGPA…, AROA…, ANPA…, AIPA…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Full ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

impl EntityMeta {
    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.arn.is_none() && self.created.is_none()
    }
}

/// An IAM user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// User name (unique per account, case-insensitively).
    pub name: String,
    /// IAM path, `/` by default.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    pub path: String,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// ARN of the permissions boundary policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// ARNs of attached managed policies.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub managed_policies: BTreeSet<String>,
    /// Inline policies by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline_policies: BTreeMap<String, PolicyDocument>,
    /// Names of groups (same account) the user belongs to.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub groups: BTreeSet<String>,
    /// What the manifest declares about the user's credentials (desired state only).
    #[serde(default, skip_serializing_if = "CredentialRules::is_empty")]
    pub credential_rules: CredentialRules,
    /// The user's password, access keys and MFA devices as read, never a secret (actual
    /// state only; `None` when not read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_state: Option<UserCredentials>,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// An IAM group. Members are recorded on [`User::groups`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Group name.
    pub name: String,
    /// IAM path.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    pub path: String,
    /// ARNs of attached managed policies.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub managed_policies: BTreeSet<String>,
    /// Inline policies by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline_policies: BTreeMap<String, PolicyDocument>,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// An IAM role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name.
    pub name: String,
    /// IAM path; changing it replaces the role.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    pub path: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Maximum session duration in seconds (3600–43200).
    #[serde(default = "default_session")]
    pub max_session_duration: u32,
    /// The trust (assume-role) policy.
    pub trust_policy: PolicyDocument,
    /// ARN of the permissions boundary policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    /// ARNs of attached managed policies.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub managed_policies: BTreeSet<String>,
    /// Inline policies by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub inline_policies: BTreeMap<String, PolicyDocument>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// One stored version of a managed policy (actual state only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyVersionMeta {
    /// `v1`, `v2`, …
    pub version_id: String,
    /// True for the version in force.
    pub is_default: bool,
    /// Creation time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
}

/// A customer-managed policy. Its [`ManagedPolicy::document`] is the default version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagedPolicy {
    /// Policy name.
    pub name: String,
    /// IAM path; changing it replaces the policy.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    pub path: String,
    /// Description; IAM cannot change it after creation, so a change replaces the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The default version's document.
    pub document: PolicyDocument,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// All stored versions, oldest first (actual state only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<PolicyVersionMeta>,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// An instance profile (holds at most one role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceProfile {
    /// Instance profile name.
    pub name: String,
    /// IAM path; changing it replaces the profile.
    #[serde(default = "root_path", skip_serializing_if = "is_root_path")]
    pub path: String,
    /// Names of the roles in it (same account).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub roles: BTreeSet<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
    /// Assigned by IAM.
    #[serde(default, skip_serializing_if = "EntityMeta::is_empty")]
    pub meta: EntityMeta,
}

/// Any entity, for changes that create, replace or delete one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entity {
    /// A user.
    User(User),
    /// A group.
    Group(Group),
    /// A role.
    Role(Role),
    /// A customer-managed policy.
    Policy(ManagedPolicy),
    /// An instance profile.
    InstanceProfile(InstanceProfile),
    /// An OpenID Connect identity provider.
    OidcProvider(OidcProvider),
    /// A SAML identity provider.
    SamlProvider(SamlProvider),
}

impl Entity {
    /// Kind and name.
    pub fn entity_ref(&self) -> EntityRef {
        let (kind, name) = match self {
            Entity::User(e) => (EntityKind::User, &e.name),
            Entity::Group(e) => (EntityKind::Group, &e.name),
            Entity::Role(e) => (EntityKind::Role, &e.name),
            Entity::Policy(e) => (EntityKind::Policy, &e.name),
            Entity::InstanceProfile(e) => (EntityKind::InstanceProfile, &e.name),
            Entity::OidcProvider(e) => (EntityKind::OidcProvider, &e.url),
            Entity::SamlProvider(e) => (EntityKind::SamlProvider, &e.name),
        };
        EntityRef::new(kind, name.clone())
    }

    /// IAM path (`/` for identity providers, which have none).
    pub fn path(&self) -> &str {
        match self {
            Entity::OidcProvider(_) | Entity::SamlProvider(_) => "/",
            Entity::User(e) => &e.path,
            Entity::Group(e) => &e.path,
            Entity::Role(e) => &e.path,
            Entity::Policy(e) => &e.path,
            Entity::InstanceProfile(e) => &e.path,
        }
    }
}
