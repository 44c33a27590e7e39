//! Names of entities independent of their contents.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kinds of things iamform manages.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// Customer-managed policy (ordered first: others attach it).
    Policy,
    /// IAM group.
    Group,
    /// IAM user.
    User,
    /// IAM role.
    Role,
    /// Instance profile.
    InstanceProfile,
    /// OpenID Connect identity provider; its name is the issuer URL without scheme.
    OidcProvider,
    /// SAML identity provider.
    SamlProvider,
    /// Account-wide settings (alias, password policy); the name is `account`.
    AccountSettings,
    /// An IAM Identity Center permission set (in the account holding the instance).
    PermissionSet,
}

impl EntityKind {
    /// Every kind, in their order.
    pub const ALL: [EntityKind; 9] = [
        EntityKind::Policy,
        EntityKind::Group,
        EntityKind::User,
        EntityKind::Role,
        EntityKind::InstanceProfile,
        EntityKind::OidcProvider,
        EntityKind::SamlProvider,
        EntityKind::AccountSettings,
        EntityKind::PermissionSet,
    ];

    /// The word that names the kind on the command line (`plan --target role/NAME`):
    /// the ARN's resource type (`instance-profile`), and `account-settings`, whose ARN
    /// word `account` would read as an account.
    pub fn keyword(self) -> &'static str {
        match self {
            EntityKind::AccountSettings => "account-settings",
            other => other.arn_type(),
        }
    }

    /// Lower-case singular word for messages: `user`, `instance profile`, …
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Policy => "policy",
            EntityKind::Group => "group",
            EntityKind::User => "user",
            EntityKind::Role => "role",
            EntityKind::InstanceProfile => "instance profile",
            EntityKind::OidcProvider => "OIDC provider",
            EntityKind::SamlProvider => "SAML provider",
            EntityKind::AccountSettings => "account settings",
            EntityKind::PermissionSet => "permission set",
        }
    }

    /// The resource type word inside an IAM ARN (`instance-profile`, …).
    pub fn arn_type(self) -> &'static str {
        match self {
            EntityKind::Policy => "policy",
            EntityKind::Group => "group",
            EntityKind::User => "user",
            EntityKind::Role => "role",
            EntityKind::InstanceProfile => "instance-profile",
            EntityKind::OidcProvider => "oidc-provider",
            EntityKind::SamlProvider => "saml-provider",
            EntityKind::AccountSettings => "account",
            EntityKind::PermissionSet => "permission-set",
        }
    }
}

/// A word that is no [`EntityKind::keyword`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind `{0}` (kinds: {kinds})", kinds = kind_list())]
pub struct UnknownKind(pub String);

fn kind_list() -> String {
    EntityKind::ALL.map(EntityKind::keyword).join(", ")
}

impl FromStr for EntityKind {
    type Err = UnknownKind;

    /// An [`EntityKind::keyword`]; case does not matter, and `_` reads as `-` (the
    /// manifest keys spell `instance_profiles`).
    fn from_str(word: &str) -> Result<EntityKind, UnknownKind> {
        let normal = word.to_ascii_lowercase().replace('_', "-");
        EntityKind::ALL
            .into_iter()
            .find(|kind| kind.keyword() == normal)
            .ok_or_else(|| UnknownKind(word.to_string()))
    }
}

/// One entity of one kind, by name, within an account.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct EntityRef {
    /// What it is.
    pub kind: EntityKind,
    /// Its IAM name (`account` for account settings).
    pub name: String,
}

impl EntityRef {
    /// Builds a reference.
    pub fn new(kind: EntityKind, name: impl Into<String>) -> EntityRef {
        EntityRef {
            kind,
            name: name.into(),
        }
    }
}

impl std::fmt::Display for EntityRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.noun(), self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_their_keyword_and_unknown_words_list_them() {
        for kind in EntityKind::ALL {
            assert_eq!(kind.keyword().parse::<EntityKind>(), Ok(kind));
        }
        assert_eq!("Instance_Profile".parse(), Ok(EntityKind::InstanceProfile));
        let err = "rol".parse::<EntityKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown kind `rol` (kinds: policy, group, user, role, instance-profile, oidc-provider, saml-provider, account-settings, permission-set)"
        );
    }
}
