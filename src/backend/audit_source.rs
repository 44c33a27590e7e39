//! Where the security audit's raw data comes from: IAM's credential report, the password
//! policy, when each role was last used and the access advisor's service last-accessed
//! data. [`AuditSource`] is implemented by the AWS backend and by a recorded file
//! ([`super::audit_record::RecordedAudit`]), so audits also run offline.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::BackendError;
use crate::model::{AccountConfig, PasswordPolicy};

/// One account's audit data, as IAM reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditData {
    /// 12-digit account id.
    pub account_id: String,
    /// When IAM generated the credential report (RFC 3339); ages are measured from it.
    pub generated_at: String,
    /// The credential report: IAM's CSV text, header line first.
    pub credential_report: String,
    /// The account password policy; `None` when the account has none.
    #[serde(default)]
    pub password_policy: Option<PasswordPolicy>,
    /// Roles by name (AWS-reserved roles left out).
    #[serde(default)]
    pub roles: BTreeMap<String, RoleActivity>,
    /// Access advisor results by principal ARN (users and roles).
    #[serde(default)]
    pub service_access: BTreeMap<String, ServiceAccess>,
}

/// When a role was created and last used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleActivity {
    /// Role ARN.
    pub arn: String,
    /// IAM path.
    pub path: String,
    /// Creation time (RFC 3339).
    pub created: String,
    /// Last time the role was assumed (RFC 3339); IAM tracks the last 400 days.
    #[serde(default)]
    pub last_used: Option<String>,
}

/// The access advisor's answer for one principal (GetServiceLastAccessedDetails).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceAccess {
    /// Services the principal's policies grant, with their last use.
    #[serde(default)]
    pub services: Vec<ServiceLastAccessed>,
    /// Why there is no data (the job failed, or the API is not available).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
}

/// One granted service and when the principal last used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceLastAccessed {
    /// `Amazon S3`, …
    pub service_name: String,
    /// `s3`, …
    pub service_namespace: String,
    /// Last authenticated use (RFC 3339); `None` when never used in the tracking period.
    #[serde(default)]
    pub last_authenticated: Option<String>,
}

/// Reads the audit data of an account.
pub trait AuditSource: Send + Sync {
    /// Everything the audit needs about `account`.
    fn audit_data(&self, account: &AccountConfig) -> Result<AuditData, BackendError>;
}
