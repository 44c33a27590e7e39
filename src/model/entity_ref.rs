//! Names of entities independent of their contents.

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
    /// Account-wide settings (alias, password policy); the name is `account`.
    AccountSettings,
}

impl EntityKind {
    /// Lower-case singular word for messages: `user`, `instance profile`, …
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Policy => "policy",
            EntityKind::Group => "group",
            EntityKind::User => "user",
            EntityKind::Role => "role",
            EntityKind::InstanceProfile => "instance profile",
            EntityKind::AccountSettings => "account settings",
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
            EntityKind::AccountSettings => "account",
        }
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
