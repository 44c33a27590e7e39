//! The live AWS backend: reads accounts with a handful of paged IAM calls and executes
//! changes, one IAM call (or a short fixed sequence) per change. The only module that
//! uses the AWS SDK and tokio; it drives its own runtime so the [`Backend`] trait and
//! the core stay synchronous.

mod account_session;
mod audit_reads;
mod authorization_details;
mod entity_tags;
mod execute;
mod identity_center_execute;
mod identity_center_read;
mod identity_center_wait;
mod organization;
mod pagination;
mod policy_arns;
mod read_account;
mod read_credentials;
mod read_providers;
mod read_retry;
mod sdk_error;
mod sdk_values;
mod sent_requests;
#[cfg(test)]
mod stub_iam;
#[cfg(test)]
mod stub_iam_tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use account_session::{AccountSession, Transport};
use sent_requests::RequestLog;
pub use sent_requests::SentRequest;

use crate::backend::{Backend, BackendError, CallerIdentity, ReadScope};
use crate::diff::{Action, Change};
use crate::model::{
    AccountConfig, AccountIam, CredentialRules, Organization, OrganizationConfig, UserCredentials,
};

/// Explicit base credentials, used instead of the default chain.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: String,
    /// Session token of temporary credentials.
    pub session_token: Option<String>,
}

impl std::fmt::Debug for AccessKey {
    /// Shows the key id only: secrets must not reach logs or panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessKey")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// How to reach AWS. Everything left `None` comes from the environment the way the AWS
/// CLI finds it (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL`, SSO, IMDS, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsOptions {
    /// Profile for base credentials (an account's own `profile` wins).
    pub profile: Option<String>,
    /// Region to sign in; IAM is global, so this only picks the STS endpoint.
    pub region: Option<String>,
    /// Endpoint for every service (a local IAM emulator); `AWS_ENDPOINT_URL` also works.
    pub endpoint_url: Option<String>,
    /// Base credentials instead of the default chain.
    pub credentials: Option<AccessKey>,
    /// Accounts that changes may target; accounts that are read are added as well.
    pub accounts: Vec<AccountConfig>,
}

/// The [`Backend`] that talks to AWS IAM.
pub struct AwsBackend {
    runtime: tokio::runtime::Runtime,
    options: AwsOptions,
    accounts: Mutex<HashMap<String, AccountConfig>>,
    sessions: tokio::sync::Mutex<HashMap<String, AccountSession>>,
    transport: Transport,
    requests: Arc<RequestLog>,
}

impl std::fmt::Debug for AwsBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsBackend")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl AwsBackend {
    /// A backend with its own multi-thread runtime. Credentials are resolved lazily,
    /// per account, on first use.
    pub fn new(options: AwsOptions) -> Result<AwsBackend, BackendError> {
        AwsBackend::with_http_client(
            options,
            sent_requests::default_http_client(),
            read_retry::read_retry(),
        )
    }

    /// A backend whose requests go through `http` (wrapped to record them), reads retried
    /// with `read_retry`.
    fn with_http_client(
        options: AwsOptions,
        http: aws_sdk_iam::config::SharedHttpClient,
        read_retry: aws_sdk_iam::config::retry::RetryConfig,
    ) -> Result<AwsBackend, BackendError> {
        let requests = Arc::new(RequestLog::default());
        let transport = Transport {
            http: sent_requests::recording(http, requests.clone()),
            read_retry,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("iamform-aws")
            .enable_all()
            .build()
            .map_err(|e| BackendError::Other(format!("cannot start the AWS runtime: {e}")))?;
        let accounts = options
            .accounts
            .iter()
            .map(|a| (a.id.clone(), a.clone()))
            .collect();
        Ok(AwsBackend {
            runtime,
            options,
            accounts: Mutex::new(accounts),
            sessions: tokio::sync::Mutex::new(HashMap::new()),
            transport,
            requests,
        })
    }

    /// Requests sent so far, by operation name: every request the server saw, each
    /// retry attempt and the credential providers' own (sts:AssumeRole) included.
    pub fn api_calls(&self) -> BTreeMap<String, u64> {
        self.requests.counts()
    }

    /// Every request sent so far, in order: what `-v` counts, and what tests check
    /// (`MaxItems` on listings, retry attempts).
    pub fn sent_requests(&self) -> Vec<SentRequest> {
        self.requests.requests()
    }

    /// Fails with [`BackendError::Credentials`] unless the account's credentials act in
    /// the account id the manifests declare.
    pub fn verify_account(&self, account: &AccountConfig) -> Result<CallerIdentity, BackendError> {
        let identity = self.runtime.block_on(async {
            let session = self.session(account).await?;
            caller(&session).await
        })?;
        if identity.account_id != account.id {
            return Err(BackendError::Credentials(format!(
                "account {} is declared as {} but its credentials ({}) act in account {}; \
                 check the account's profile or assume_role",
                account.name, account.id, identity.arn, identity.account_id
            )));
        }
        Ok(identity)
    }

    /// The cached session of `account`, connecting on first use.
    async fn session(&self, account: &AccountConfig) -> Result<AccountSession, BackendError> {
        self.accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(account.id.clone(), account.clone());
        let mut sessions = self.sessions.lock().await;
        if let Some(s) = sessions.get(&account.id) {
            return Ok(s.clone());
        }
        let session = AccountSession::connect(&self.options, account, &self.transport).await?;
        sessions.insert(account.id.clone(), session.clone());
        Ok(session)
    }

    /// The session of the account a change lands in; the account must have been read,
    /// verified or given in [`AwsOptions::accounts`], so no change reaches an account
    /// with credentials nobody declared.
    async fn session_for_id(&self, id: &str, name: &str) -> Result<AccountSession, BackendError> {
        let config = self
            .accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
            .ok_or_else(|| {
                BackendError::Credentials(format!(
                    "account {name} ({id}) is unknown to the AWS backend: read it first"
                ))
            })?;
        self.session(&config).await
    }

    async fn execute_async(&self, change: &Change) -> Result<(), BackendError> {
        let session = self
            .session_for_id(&change.account.id, &change.account.name)
            .await?;
        let s = &session;
        let target = &change.target;
        match &change.action {
            Action::Create { entity } => execute::entity::create(s, entity).await,
            Action::Update { fields } => execute::update::update(s, target, fields).await,
            Action::Replace { before, after, .. } => {
                execute::entity::delete(s, before).await?;
                execute::entity::create(s, after).await
            }
            Action::Delete { entity } => execute::entity::delete(s, entity).await,
            Action::AttachPolicy { policy_arn } => {
                execute::relations::attachment(s, target, policy_arn, true).await
            }
            Action::DetachPolicy { policy_arn } => {
                execute::relations::attachment(s, target, policy_arn, false).await
            }
            Action::PutInlinePolicy {
                policy_name, after, ..
            } => execute::relations::put_inline(s, target, policy_name, after).await,
            Action::DeleteInlinePolicy { policy_name, .. } => {
                execute::relations::delete_inline(s, target, policy_name).await
            }
            Action::AddUserToGroup { group } => {
                execute::relations::membership(s, target, group, true).await
            }
            Action::RemoveUserFromGroup { group } => {
                execute::relations::membership(s, target, group, false).await
            }
            Action::UpdateTrustPolicy { after, .. } => {
                execute::relations::trust_policy(s, target, after).await
            }
            Action::UpdatePolicyDocument { after, .. } => {
                execute::relations::policy_document(s, target, after).await
            }
            Action::PutPermissionsBoundary { after, .. } => {
                execute::relations::permissions_boundary(s, target, Some(after)).await
            }
            Action::DeletePermissionsBoundary { .. } => {
                execute::relations::permissions_boundary(s, target, None).await
            }
            Action::AddRoleToInstanceProfile { role } => {
                execute::relations::instance_profile_role(s, target, role, true).await
            }
            Action::RemoveRoleFromInstanceProfile { role } => {
                execute::relations::instance_profile_role(s, target, role, false).await
            }
            Action::SetAccountAlias { after, .. } => {
                execute::account_settings::set_alias(s, after).await
            }
            Action::SetPasswordPolicy { after, .. } => {
                execute::account_settings::set_password_policy(s, after).await
            }
            Action::IdentityCenter(ic) => {
                identity_center_execute::execute(s, &target.name, ic).await
            }
            Action::CreateServiceLinkedRole { service } => {
                execute::account_settings::create_service_linked_role(s, service).await
            }
            Action::DeleteServiceLinkedRole { role, .. } => {
                execute::account_settings::delete_service_linked_role(s, role).await
            }
            Action::DeleteLoginProfile => {
                execute::credentials::delete_login_profile(s, target).await
            }
            Action::DeleteAccessKey { key_id, .. } => {
                execute::credentials::delete_access_key(s, target, key_id).await
            }
        }
    }
}

async fn caller(session: &AccountSession) -> Result<CallerIdentity, BackendError> {
    let out = session
        .read(
            "GetCallerIdentity",
            session.sts.get_caller_identity().send(),
        )
        .await?;
    Ok(CallerIdentity {
        account_id: out.account().unwrap_or_default().to_string(),
        arn: out.arn().unwrap_or_default().to_string(),
    })
}

impl Backend for AwsBackend {
    fn api_calls(&self) -> BTreeMap<String, u64> {
        self.requests.counts()
    }

    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        self.read_account_within(account, &ReadScope::everything())
    }

    fn read_account_within(
        &self,
        account: &AccountConfig,
        scope: &ReadScope,
    ) -> Result<AccountIam, BackendError> {
        self.runtime.block_on(async {
            let session = self.session(account).await?;
            let iam = read_account::read_account(&session, scope).await?;
            for (name, policy) in &iam.policies {
                if let Some(arn) = &policy.meta.arn {
                    session.policy_arns.remember(name, arn);
                }
            }
            Ok(iam)
        })
    }

    fn read_credentials(
        &self,
        account: &AccountConfig,
        users: &BTreeMap<String, CredentialRules>,
    ) -> Result<BTreeMap<String, UserCredentials>, BackendError> {
        self.runtime.block_on(async {
            let session = self.session(account).await?;
            read_credentials::read_credentials(&session, users).await
        })
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        self.runtime.block_on(self.execute_async(change))
    }

    fn read_identity_center(
        &self,
        account: &AccountConfig,
        scope: &crate::backend::IdentityCenterScope,
    ) -> Result<Option<crate::model::IdentityCenter>, BackendError> {
        self.runtime.block_on(async {
            let session = self.session(account).await?;
            identity_center_read::read_identity_center(&session, scope)
                .await
                .map(Some)
        })
    }

    fn read_organization(
        &self,
        config: &OrganizationConfig,
        with_tags: bool,
    ) -> Result<Organization, BackendError> {
        // The management account: the base credentials (or the organization's profile),
        // never an assumed role. It has no declared id to check or cache a session by.
        let management = AccountConfig {
            name: "organization".into(),
            id: String::new(),
            partition: config.partition,
            assume_role: None,
            profile: config.profile.clone(),
        };
        self.runtime.block_on(async {
            let session =
                AccountSession::connect(&self.options, &management, &self.transport).await?;
            organization::read_organization(&session, with_tags).await
        })
    }

    fn caller_identity(
        &self,
        account: &AccountConfig,
    ) -> Result<Option<CallerIdentity>, BackendError> {
        self.runtime.block_on(async {
            let session = self.session(account).await?;
            caller(&session).await.map(Some)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let options = AwsOptions {
            credentials: Some(AccessKey {
                access_key_id: "AKIAEXAMPLE".into(),
                secret_access_key: "very-secret".into(),
                session_token: Some("token-secret".into()),
            }),
            ..AwsOptions::default()
        };
        let backend = AwsBackend::new(options).unwrap();
        let shown = format!("{backend:?}");
        assert!(shown.contains("AKIAEXAMPLE"), "{shown}");
        assert!(
            !shown.contains("very-secret") && !shown.contains("token-secret"),
            "{shown}"
        );
        assert!(backend.api_calls().is_empty());
    }

    #[test]
    fn changes_need_a_declared_account() {
        let backend = AwsBackend::new(AwsOptions::default()).unwrap();
        let change = Change {
            account: crate::diff::AccountKey {
                partition: Default::default(),
                name: "prod".into(),
                id: "111111111111".into(),
            },
            target: crate::model::EntityRef::new(crate::model::EntityKind::Group, "g"),
            action: Action::DetachPolicy {
                policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            },
        };
        let err = backend.execute(&change).unwrap_err();
        assert!(matches!(err, BackendError::Credentials(m) if m.contains("prod (111111111111)")));
        assert!(backend.api_calls().is_empty());
    }
}
