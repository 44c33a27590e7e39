//! Credentials and clients for one account: the default chain, the account's profile,
//! or `sts:AssumeRole` from the base credentials into the account's role.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_sdk_iam::config::http::HttpResponse;
use aws_sdk_iam::config::retry::RetryPartition;
use aws_sdk_iam::config::{Credentials, Region, SharedCredentialsProvider, SharedHttpClient};
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};

use super::AwsOptions;
use super::policy_arns::PolicyArns;
use super::read_retry::{NoRetryWhenUnreachable, after_retries};
use super::sdk_error::{CallTarget, from_sdk_error, no_credentials_text};
use crate::arn::Partition;
use crate::backend::BackendError;
use crate::model::AccountConfig;

/// The region of IAM's global endpoint in each partition, used when none is configured:
/// a region of another partition would send the calls to the wrong cloud.
fn fallback_region(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "us-east-1",
        Partition::AwsCn => "cn-north-1",
        Partition::AwsUsGov => "us-gov-west-1",
        Partition::AwsIso => "us-iso-east-1",
        Partition::AwsIsoB => "us-isob-east-1",
        Partition::AwsIsoE => "eu-isoe-west-1",
        Partition::AwsIsoF => "us-isof-south-1",
        Partition::AwsEusc => "eusc-de-east-1",
    }
}

/// How requests leave the backend: one HTTP client for every account (it records each
/// request) and the retry configuration of reads.
#[derive(Debug, Clone)]
pub(crate) struct Transport {
    /// The HTTP client of every SDK client and credential provider.
    pub(crate) http: SharedHttpClient,
    /// Retries of read calls (writes are retried by the apply executor).
    pub(crate) read_retry: aws_sdk_iam::config::retry::RetryConfig,
}

/// The IAM and STS clients of one account.
#[derive(Debug, Clone)]
pub(crate) struct AccountSession {
    /// 12-digit id the manifests declare for this account.
    pub(crate) account_id: String,
    /// The partition the manifests declare for it.
    pub(crate) partition: Partition,
    /// IAM client for changes: no SDK retries, the apply executor retries what is safe.
    pub(crate) iam: aws_sdk_iam::Client,
    /// IAM client for reads: the SDK retries them (adaptive mode, bounded).
    pub(crate) reads: aws_sdk_iam::Client,
    /// STS client with the same credentials (for GetCallerIdentity), retried as reads.
    pub(crate) sts: aws_sdk_sts::Client,
    /// IAM Identity Center (read retries: its reads and writes are few).
    pub(crate) sso: aws_sdk_ssoadmin::Client,
    /// The Identity Store, for group and user names.
    pub(crate) identity_store: aws_sdk_identitystore::Client,
    /// Organizations client with the same credentials (reads only), retried as reads.
    pub(crate) organizations: aws_sdk_organizations::Client,
    /// ARNs of the account's customer-managed policies, by name.
    pub(crate) policy_arns: Arc<PolicyArns>,
    target: CallTarget,
}

impl AccountSession {
    /// Builds the clients for `account` from `options`.
    pub(crate) async fn connect(
        options: &AwsOptions,
        account: &AccountConfig,
        transport: &Transport,
    ) -> Result<AccountSession, BackendError> {
        let base = base_config(options, account, transport.http.clone()).await;
        let config = match account.assume_role_arn() {
            None => base,
            Some(role_arn) => {
                let provider = AssumeRoleProvider::builder(role_arn)
                    .session_name(session_name())
                    .configure(&base)
                    .build()
                    .await;
                base.into_builder()
                    .credentials_provider(SharedCredentialsProvider::new(provider))
                    .build()
            }
        };
        let target = CallTarget {
            account: format!("{} ({})", account.name, account.id),
            profile: account.profile.clone().or_else(|| options.profile.clone()),
            endpoint: config.endpoint_url().map(str::to_string),
            region: config.region().map_or(
                fallback_region(account.partition).to_string(),
                ToString::to_string,
            ),
        };
        if config.credentials_provider().is_none() {
            return Err(BackendError::Credentials(no_credentials_text(&target)));
        }
        // IAM's request rate limits are per account, so each account has its own
        // adaptive rate limiter and retry quota.
        let retry_partition = RetryPartition::new(format!("iamform-{}", account.id));
        let reads = aws_sdk_iam::config::Builder::from(&config)
            .retry_config(transport.read_retry.clone())
            .retry_partition(retry_partition.clone())
            .retry_classifier(NoRetryWhenUnreachable)
            .build();
        let sts = aws_sdk_sts::config::Builder::from(&config)
            .retry_config(transport.read_retry.clone())
            .retry_partition(retry_partition.clone())
            .retry_classifier(NoRetryWhenUnreachable)
            .build();
        let sso = aws_sdk_ssoadmin::config::Builder::from(&config)
            .retry_config(transport.read_retry.clone())
            .retry_partition(retry_partition.clone())
            .retry_classifier(NoRetryWhenUnreachable)
            .build();
        let identity_store = aws_sdk_identitystore::config::Builder::from(&config)
            .retry_config(transport.read_retry.clone())
            .retry_partition(retry_partition.clone())
            .retry_classifier(NoRetryWhenUnreachable)
            .build();
        let organizations = aws_sdk_organizations::config::Builder::from(&config)
            .retry_config(transport.read_retry.clone())
            .retry_partition(retry_partition)
            .retry_classifier(NoRetryWhenUnreachable)
            .build();
        Ok(AccountSession {
            account_id: account.id.clone(),
            partition: account.partition,
            iam: aws_sdk_iam::Client::new(&config),
            reads: aws_sdk_iam::Client::from_conf(reads),
            sts: aws_sdk_sts::Client::from_conf(sts),
            sso: aws_sdk_ssoadmin::Client::from_conf(sso),
            identity_store: aws_sdk_identitystore::Client::from_conf(identity_store),
            organizations: aws_sdk_organizations::Client::from_conf(organizations),
            policy_arns: Arc::default(),
            target,
        })
    }

    /// Sends one call and classifies its error; `operation` names it in the error.
    pub(crate) async fn send<T, E>(
        &self,
        operation: &str,
        call: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, BackendError>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        call.await
            .map_err(|e| from_sdk_error(operation, &self.target, e))
    }

    /// Sends one call made with [`AccountSession::reads`] or `sts`, whose retries the
    /// SDK made: a transient error left after them says so, naming the account.
    pub(crate) async fn read<T, E>(
        &self,
        operation: &str,
        call: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, BackendError>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let started = Instant::now();
        self.send(operation, call)
            .await
            .map_err(|e| after_retries(e, operation, &self.target.account, started.elapsed()))
    }

    /// The ARN of this account's customer-managed policy `name`.
    pub(crate) async fn policy_arn(&self, name: &str) -> Result<String, BackendError> {
        self.policy_arns.resolve(self, name).await
    }
}

/// The base configuration: region, endpoint (explicit, or `AWS_ENDPOINT_URL` which
/// aws-config reads itself), credentials (explicit, or the default chain with the
/// account's or the global profile), the recording HTTP client, no SDK retries and
/// bounded timeouts.
///
/// SDK retries are off here, for changes (the apply executor, which knows what is safe
/// to repeat, does the retrying) and for credential providers (an unreachable STS fails
/// at once); read clients turn them on.
async fn base_config(
    options: &AwsOptions,
    account: &AccountConfig,
    http: SharedHttpClient,
) -> SdkConfig {
    let region = match &options.region {
        Some(r) => RegionProviderChain::first_try(Region::new(r.clone())),
        None => RegionProviderChain::default_provider(),
    }
    .or_else(Region::from_static(fallback_region(account.partition)));
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(region)
        .http_client(http)
        .retry_config(RetryConfig::disabled())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(60))
                .build(),
        );
    if let Some(profile) = account.profile.as_ref().or(options.profile.as_ref()) {
        loader = loader.profile_name(profile);
    }
    if let Some(endpoint) = &options.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    if let Some(key) = &options.credentials {
        loader = loader.credentials_provider(Credentials::new(
            key.access_key_id.clone(),
            key.secret_access_key.clone(),
            key.session_token.clone(),
            None,
            "iamform-explicit",
        ));
    }
    loader.load().await
}

/// `iamform-<unix seconds>`: says in CloudTrail which tool acted.
fn session_name() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("iamform-{now}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_name_says_iamform() {
        let name = session_name();
        assert!(name.starts_with("iamform-"));
        assert!(name["iamform-".len()..].parse::<u64>().unwrap() > 1_600_000_000);
        // RoleSessionName allows 2–64 characters of [\w+=,.@-].
        assert!(name.len() <= 64);
    }
}
