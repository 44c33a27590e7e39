//! The resolved project: accounts, scope and the desired IAM of each account.

use std::collections::BTreeMap;

use super::{
    AccountIam, DocumentLocations, DocumentRef, EntityRef, Expiries, Link, OrgAccount,
    OrganizationConfig, Scope, Tags,
};
use crate::arn::Partition;
use crate::diagnostic::Span;

/// One account as `iamform.yaml` declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountConfig {
    /// The manifest's name for it (`prod`, `identity`, …).
    pub name: String,
    /// 12-digit account id.
    pub id: String,
    /// The partition the account lives in (`aws` unless declared): every ARN iamform
    /// builds for the account starts `arn:PARTITION:`.
    pub partition: Partition,
    /// Role to assume into the account (a name, or a full role ARN).
    pub assume_role: Option<String>,
    /// Named AWS profile to read credentials from.
    pub profile: Option<String>,
}

impl AccountConfig {
    /// The role ARN to assume, if any: a bare name becomes a role in this account.
    pub fn assume_role_arn(&self) -> Option<String> {
        self.assume_role.as_ref().map(|r| {
            if r.starts_with("arn:") {
                r.clone()
            } else {
                crate::arn::iam_entity(self.partition, &self.id, "role", "/", r)
            }
        })
    }
}

/// Project-wide settings from `iamform.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// Accounts by manifest name.
    pub accounts: BTreeMap<String, AccountConfig>,
    /// What iamform owns.
    pub scope: Scope,
    /// Tags added to every taggable entity (an entity's own tags win).
    pub default_tags: Tags,
    /// The organization the accounts were discovered in, when `iamform.yaml` has
    /// `organization:` and it was read.
    pub organization: Option<ProjectOrganization>,
    /// True when `iamform.yaml` has `organization:` but it was not read (`validate`
    /// without `--state`, or the read failed): accounts may be missing.
    pub organization_unread: bool,
}

/// The organization behind a project's accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectOrganization {
    /// How it is read and its accounts reached.
    pub config: OrganizationConfig,
    /// Where each governed account sits, by manifest account name (explicit accounts
    /// whose id is a member are here too).
    pub members: BTreeMap<String, OrgAccount>,
    /// Names of the accounts the organization added (not declared in `accounts:`).
    pub discovered: std::collections::BTreeSet<String>,
    /// Accounts left out because they are not active (suspended, closed, …).
    pub left_out: Vec<OrgAccount>,
}

/// What the manifests want in one account.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredAccount {
    /// Account config (name, id, credentials).
    pub config: AccountConfig,
    /// Desired IAM contents; [`crate::model::EntityMeta`] stays empty.
    pub iam: AccountIam,
    /// Where each entity is defined, for located errors in later stages.
    pub origins: BTreeMap<EntityRef, Span>,
    /// Where the nodes of each policy document written in the manifests are, for lint
    /// findings at the statement; generated documents (trust shorthand, links) are absent.
    pub document_locations: BTreeMap<DocumentRef, DocumentLocations>,
    /// Policies of this account that manifests attach (or set as boundary) by ARN but
    /// do not define: only the account can say whether they exist, so the plan checks
    /// them against what it read.
    pub external_policies: Vec<PolicyReference>,
    /// Identity Store groups and users the `identity_center` assignments name, and where:
    /// only the Identity Store can say whether they exist, so the plan checks them.
    pub identity_principals: Vec<PrincipalReference>,
}

/// A group or user an Identity Center assignment names, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PrincipalReference {
    /// The group or user.
    pub principal: super::Principal,
    /// Where its name is written.
    pub span: Span,
}

/// A managed policy a manifest names by ARN, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyReference {
    /// The policy's ARN.
    pub arn: String,
    /// The user, group or role it is attached to (or bounds).
    pub holder: EntityRef,
    /// Where the reference is written.
    pub span: Span,
}

/// The whole desired state, ready for the graph and the diff.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredState {
    /// Project settings.
    pub project: Project,
    /// Desired IAM by account name; every declared account appears, possibly empty.
    pub accounts: BTreeMap<String, DesiredAccount>,
    /// Cross-account links; their halves are already part of `accounts`.
    pub links: Vec<Link>,
    /// The `expires:` entries and the clock they were decided at: expired ones are
    /// already left out of `accounts` and `links`.
    pub expiries: Expiries,
}
