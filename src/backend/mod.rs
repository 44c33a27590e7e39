//! Where account state comes from and where changes go: the [`Backend`] trait and its
//! implementations (AWS, in-memory fake, recorded state file).

pub mod audit_record;
pub mod audit_source;
pub mod aws;
pub mod fake;
pub mod memory_iam;
mod read_scope;
pub mod state_file;

pub use audit_source::AuditSource;
pub use aws::{AccessKey, AwsBackend, AwsOptions};
pub use read_scope::ReadScope;

use crate::diff::Change;
use crate::model::{
    AccountConfig, AccountIam, CredentialRules, IdentityCenter, Organization, OrganizationConfig,
    UserCredentials,
};

/// Items a page of every paged read asks for (`MaxItems`): IAM's largest page, so a read
/// costs a few calls however large the account
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
pub const READ_PAGE_ITEMS: usize = 1000;

/// Items a page IAM returns to a request that sets no `MaxItems`.
pub const IAM_DEFAULT_PAGE_ITEMS: usize = 100;

/// An IAM error, classified the way AWS classifies it so callers can retry or report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// The entity does not exist (possibly not yet visible: eventual consistency).
    #[error("no such entity: {0}")]
    NoSuchEntity(String),
    /// The entity exists already.
    #[error("entity already exists: {0}")]
    EntityAlreadyExists(String),
    /// Something still depends on the entity (attachments, members, versions, …).
    #[error("delete conflict: {0}")]
    DeleteConflict(String),
    /// An IAM quota would be exceeded.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// IAM rejected a policy document (includes "Invalid principal in policy").
    #[error("malformed policy document: {0}")]
    MalformedPolicy(String),
    /// IAM rejected a parameter.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// Throttled by the API.
    #[error("throttled: {0}")]
    Throttled(String),
    /// A 5xx, or a response that is not an AWS answer.
    #[error("service failure: {0}")]
    ServiceFailure(String),
    /// The endpoint could not be reached (connection refused, DNS, timeout); the text
    /// names the endpoint and what to check.
    #[error("{0}")]
    Unreachable(String),
    /// Another change to the same entity is in flight.
    #[error("concurrent modification: {0}")]
    ConcurrentModification(String),
    /// The entity is being changed by IAM and cannot be modified now.
    #[error("entity temporarily unmodifiable: {0}")]
    EntityTemporarilyUnmodifiable(String),
    /// The caller may not do this.
    #[error("access denied: {0}")]
    AccessDenied(String),
    /// Credentials reach another account than the manifest declares, or none.
    #[error("credentials: {0}")]
    Credentials(String),
    /// Anything else (I/O on a state file, an unsupported operation, …).
    #[error("{0}")]
    Other(String),
}

impl BackendError {
    /// True for errors that may pass if the same call is made again later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            BackendError::Throttled(_)
                | BackendError::ServiceFailure(_)
                | BackendError::Unreachable(_)
                | BackendError::ConcurrentModification(_)
                | BackendError::EntityTemporarilyUnmodifiable(_)
        )
    }

    /// True for errors that eventual consistency explains right after a create:
    /// a new principal is an "invalid principal", a new entity is "no such entity".
    pub fn may_be_propagation(&self) -> bool {
        match self {
            BackendError::NoSuchEntity(_) => true,
            BackendError::MalformedPolicy(m) => {
                m.to_ascii_lowercase().contains("invalid principal")
            }
            _ => false,
        }
    }
}

/// Who the credentials for an account belong to (sts:GetCallerIdentity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// Account the credentials act in.
    pub account_id: String,
    /// ARN of the caller (user, or assumed-role session).
    pub arn: String,
}

/// What an Identity Center read covers: the permission sets the manifests own and the
/// accounts whose assignments are compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityCenterScope {
    /// Permission sets declared in the manifests.
    pub permission_sets: std::collections::BTreeSet<String>,
    /// Read every permission set (`prune: true`), not only the declared ones.
    pub all_permission_sets: bool,
    /// The project's account ids, whose assignments are read.
    pub account_ids: Vec<String>,
    /// The groups and users the manifests' assignments name, looked up in the Identity
    /// Store so that a missing one is reported before anything is applied.
    pub principals: std::collections::BTreeSet<crate::model::Principal>,
}

impl IdentityCenterScope {
    /// True when the read includes the permission set `name`.
    pub fn covers(&self, name: &str) -> bool {
        self.all_permission_sets || self.permission_sets.contains(name)
    }
}

/// Reads accounts and executes changes. Implementations are synchronous: the AWS one
/// drives its own async runtime internally, so the core stays free of async.
pub trait Backend: Send + Sync {
    /// Reads the whole IAM state of an account.
    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError>;

    /// Reads the whole IAM state of an account, asking the details IAM returns one call
    /// per entity (policy and instance-profile tags) only for the entities `scope` wants;
    /// the others come back without tags. Backends that hold every entity whole (fake,
    /// state file) return them all.
    fn read_account_within(
        &self,
        account: &AccountConfig,
        scope: &ReadScope,
    ) -> Result<AccountIam, BackendError> {
        let _ = scope;
        self.read_account(account)
    }

    /// The console password, access keys and MFA devices of `users` (whose manifests
    /// declare these rules), by name; never a secret. Backends whose
    /// [`Backend::read_account`] already holds them (a recorded state) return nothing.
    fn read_credentials(
        &self,
        account: &AccountConfig,
        users: &std::collections::BTreeMap<String, CredentialRules>,
    ) -> Result<std::collections::BTreeMap<String, UserCredentials>, BackendError> {
        let _ = (account, users);
        Ok(std::collections::BTreeMap::new())
    }

    /// Executes one change.
    fn execute(&self, change: &Change) -> Result<(), BackendError>;

    /// Reads the Identity Center of `account` as far as `scope` asks; `None` when
    /// [`Backend::read_account`] already holds it (the fake and the state file do).
    fn read_identity_center(
        &self,
        account: &AccountConfig,
        scope: &IdentityCenterScope,
    ) -> Result<Option<IdentityCenter>, BackendError> {
        let _ = (account, scope);
        Ok(None)
    }

    /// Reads the organization's accounts, OU paths and states (and tags when
    /// `with_tags`) with the management account's credentials.
    fn read_organization(
        &self,
        config: &OrganizationConfig,
        with_tags: bool,
    ) -> Result<Organization, BackendError> {
        let _ = (config, with_tags);
        Err(BackendError::Other(
            "this backend knows no organization".into(),
        ))
    }

    /// Who iamform acts as in this account; `None` when the backend has no caller.
    fn caller_identity(
        &self,
        account: &AccountConfig,
    ) -> Result<Option<CallerIdentity>, BackendError> {
        let _ = account;
        Ok(None)
    }

    /// The accounts a recorded state holds, by id with their partitions; `None` for a
    /// backend that reads accounts live (it cannot list them).
    fn recorded_accounts(
        &self,
    ) -> Result<Option<Vec<(String, crate::arn::Partition)>>, BackendError> {
        Ok(None)
    }

    /// API calls made so far, by operation name (empty for backends that make none).
    fn api_calls(&self) -> std::collections::BTreeMap<String, u64> {
        std::collections::BTreeMap::new()
    }

    /// Persists whatever the backend buffers (a state file writes itself back).
    fn flush(&self) -> Result<(), BackendError> {
        Ok(())
    }
}
