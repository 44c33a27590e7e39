//! A cross-account link: principals of one account may assume a role in another.

use super::EntityRef;

/// Prefix of the inline policy a link puts on each source principal.
pub const LINK_GRANT_PREFIX: &str = "iamform-link-";

/// The name of the grant policy for a link into `role` of account `to_account`.
pub fn link_grant_policy_name(to_account: &str, role: &str) -> String {
    format!("{LINK_GRANT_PREFIX}{to_account}-{role}")
}

/// One resolved `links:` entry: both halves are already in the desired IAM (a trust
/// statement in the target role, a grant on each source); this records which is which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The manifest's name for the link.
    pub name: String,
    /// Account name of the source principals.
    pub from_account: String,
    /// Source users, groups and roles (in `from_account`).
    pub sources: Vec<EntityRef>,
    /// Account name of the target role.
    pub to_account: String,
    /// The target role's name.
    pub role: String,
}

impl Link {
    /// Name of the inline policy each source gets ([`link_grant_policy_name`]).
    pub fn grant_policy_name(&self) -> String {
        link_grant_policy_name(&self.to_account, &self.role)
    }
}
