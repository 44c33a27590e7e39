//! IAM Identity Center: permission sets and account assignments, desired or actual.
//! They live in the account that holds the Identity Center instance (the organization's
//! management account or its delegated administrator); assignments name other accounts.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PolicyDocument, Tags};

/// Identity Center's default session duration for a permission set.
pub const DEFAULT_PERMISSION_SET_SESSION: &str = "PT1H";

/// The permission sets and assignments of one Identity Center instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentityCenter {
    /// The instance ARN (actual state only; discovered with ListInstances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_arn: Option<String>,
    /// The Identity Store id (actual state only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_store_id: Option<String>,
    /// Delete permission sets no manifest declares (desired state only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prune: bool,
    /// Permission sets by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub permission_sets: BTreeMap<String, PermissionSet>,
    /// Account assignments.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub assignments: BTreeSet<Assignment>,
    /// Groups and users the manifests name that the Identity Store does not hold
    /// (actual state only; read for the names the manifests use).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub missing_principals: BTreeSet<Principal>,
}

/// A permission set: the role Identity Center provisions in each assigned account.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionSet {
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Session duration, ISO 8601 (`PT8H`); Identity Center's default is `PT1H`.
    pub session_duration: String,
    /// The URL users are sent to in the console after signing in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_state: Option<String>,
    /// ARNs of attached AWS-managed policies.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub aws_managed_policies: BTreeSet<String>,
    /// Customer-managed policies, referenced by name and path in each assigned account.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub customer_managed_policies: BTreeSet<CustomerPolicyRef>,
    /// The inline policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_policy: Option<PolicyDocument>,
    /// The permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<Boundary>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
}

/// A customer-managed policy as a permission set names it: by name and path, found in
/// each account the permission set is provisioned to.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct CustomerPolicyRef {
    /// Policy name.
    pub name: String,
    /// IAM path, `/` by default.
    pub path: String,
}

/// A permission set's permissions boundary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// An AWS-managed policy, by ARN.
    ManagedPolicyArn(String),
    /// A customer-managed policy in each assigned account.
    CustomerManaged(CustomerPolicyRef),
}

/// Who an assignment gives access to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalType {
    /// An Identity Store group.
    Group,
    /// An Identity Store user.
    User,
}

impl PrincipalType {
    /// The word Identity Center's API uses (`GROUP`, `USER`).
    pub fn api_word(self) -> &'static str {
        match self {
            PrincipalType::Group => "GROUP",
            PrincipalType::User => "USER",
        }
    }

    /// Lower-case word for messages.
    pub fn noun(self) -> &'static str {
        match self {
            PrincipalType::Group => "group",
            PrincipalType::User => "user",
        }
    }
}

/// An Identity Store group (by display name) or user (by user name).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Principal {
    /// Group or user.
    pub principal_type: PrincipalType,
    /// The group's display name or the user's user name.
    pub name: String,
}

/// One account assignment: a principal gets a permission set in an account.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The account, by 12-digit id.
    pub account_id: String,
    /// The permission set, by name.
    pub permission_set: String,
    /// Group or user.
    pub principal_type: PrincipalType,
    /// The group's display name or the user's user name in the Identity Store.
    pub principal: String,
}

impl Assignment {
    /// The group or user the assignment names.
    pub fn principal(&self) -> Principal {
        Principal {
            principal_type: self.principal_type,
            name: self.principal.clone(),
        }
    }
}

impl IdentityCenter {
    /// The accounts any assignment of `permission_set` names (where it is provisioned).
    pub fn assigned_accounts(&self, permission_set: &str) -> BTreeSet<&str> {
        self.assignments
            .iter()
            .filter(|a| a.permission_set == permission_set)
            .map(|a| a.account_id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigned_accounts_are_those_of_the_permission_set() {
        let assignment = |account: &str, set: &str| Assignment {
            account_id: account.into(),
            permission_set: set.into(),
            principal_type: PrincipalType::Group,
            principal: "admins".into(),
        };
        let ic = IdentityCenter {
            assignments: [
                assignment("111111111111", "Admin"),
                assignment("222222222222", "Admin"),
                assignment("333333333333", "ReadOnly"),
            ]
            .into(),
            ..IdentityCenter::default()
        };
        assert_eq!(
            ic.assigned_accounts("Admin")
                .into_iter()
                .collect::<Vec<_>>(),
            ["111111111111", "222222222222"]
        );
    }

    #[test]
    fn state_round_trips_through_json() {
        let mut ic = IdentityCenter::default();
        ic.permission_sets.insert(
            "Admin".into(),
            PermissionSet {
                session_duration: "PT8H".into(),
                inline_policy: Some(PolicyDocument(serde_json::json!({"Version": "2012-10-17"}))),
                permissions_boundary: Some(Boundary::CustomerManaged(CustomerPolicyRef {
                    name: "edge".into(),
                    path: "/".into(),
                })),
                ..PermissionSet::default()
            },
        );
        let text = serde_json::to_string(&ic).unwrap();
        assert_eq!(serde_json::from_str::<IdentityCenter>(&text).unwrap(), ic);
    }
}
