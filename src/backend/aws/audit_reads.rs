//! The audit's reads ([`AuditSource`] for [`AwsBackend`]): the credential report, the
//! password policy, role last use, and the access advisor. Separate from the plan's read
//! path, which never needs them.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_iam::types::{JobStatusType, ReportStateType};

use super::AwsBackend;
use super::account_session::AccountSession;
use super::pagination::{MAX_ITEMS, Page, all_pages};
use super::read_account::read_password_policy;
use super::sdk_values::rfc3339;
use crate::backend::BackendError;
use crate::backend::audit_source::{
    AuditData, AuditSource, RoleActivity, ServiceAccess, ServiceLastAccessed,
};
use crate::model::{AccountConfig, EntityKind, EntityRef, is_reserved};

/// How often to ask whether a report or an access advisor job is ready, and how many
/// times before giving up (IAM usually needs a few seconds).
const POLL_INTERVAL: Duration = Duration::from_millis(500);
const POLL_ATTEMPTS: u32 = 120;

impl AuditSource for AwsBackend {
    fn audit_data(&self, account: &AccountConfig) -> Result<AuditData, BackendError> {
        self.runtime.block_on(async {
            let session = self.session(account).await?;
            let (generated_at, credential_report) = credential_report(&session).await?;
            let password_policy = read_password_policy(&session).await?;
            let roles = roles(&session).await?;
            let mut principals: Vec<String> = users(&session).await?;
            principals.extend(roles.values().map(|r| r.arn.clone()));
            let service_access = service_access(&session, &principals).await;
            Ok(AuditData {
                account_id: account.id.clone(),
                generated_at,
                credential_report,
                password_policy,
                roles,
                service_access,
            })
        })
    }
}

/// Generates the credential report (IAM reuses one younger than four hours) and reads it.
pub(super) async fn credential_report(
    session: &AccountSession,
) -> Result<(String, String), BackendError> {
    for _ in 0..POLL_ATTEMPTS {
        let out = session
            .read(
                "GenerateCredentialReport",
                session.reads.generate_credential_report().send(),
            )
            .await?;
        if out.state() == Some(&ReportStateType::Complete) {
            let report = session
                .read(
                    "GetCredentialReport",
                    session.reads.get_credential_report().send(),
                )
                .await?;
            let content = report
                .content()
                .map(|b| b.as_ref().to_vec())
                .unwrap_or_default();
            let text = String::from_utf8(content).map_err(|e| {
                BackendError::ServiceFailure(format!("GetCredentialReport: not UTF-8: {e}"))
            })?;
            let generated = rfc3339(report.generated_time()).ok_or_else(|| {
                BackendError::ServiceFailure("GetCredentialReport: no GeneratedTime".into())
            })?;
            return Ok((generated, text));
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
    Err(BackendError::ServiceFailure(
        "GenerateCredentialReport: the report was not ready in time".into(),
    ))
}

async fn users(session: &AccountSession) -> Result<Vec<String>, BackendError> {
    const OP: &str = "ListUsers";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_users()
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let arns: Vec<String> = out.users().iter().map(|u| u.arn().to_string()).collect();
        Ok(Page::new(arns, out.is_truncated(), out.marker()))
    })
    .await?;
    Ok(pages.into_iter().flatten().collect())
}

/// Roles with their last use; ListRoles leaves RoleLastUsed out, so GetRole per role.
async fn roles(session: &AccountSession) -> Result<BTreeMap<String, RoleActivity>, BackendError> {
    const OP: &str = "ListRoles";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_roles()
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let names: Vec<(String, String)> = out
            .roles()
            .iter()
            .map(|r| (r.role_name().to_string(), r.path().to_string()))
            .collect();
        Ok(Page::new(names, out.is_truncated(), out.marker()))
    })
    .await?;
    let mut roles = BTreeMap::new();
    for (name, path) in pages.into_iter().flatten() {
        if is_reserved(&EntityRef::new(EntityKind::Role, name.clone()), &path) {
            continue;
        }
        let out = session
            .read("GetRole", session.reads.get_role().role_name(&name).send())
            .await?;
        let Some(role) = out.role() else { continue };
        roles.insert(
            name,
            RoleActivity {
                arn: role.arn().to_string(),
                path: role.path().to_string(),
                created: rfc3339(Some(role.create_date())).unwrap_or_default(),
                last_used: rfc3339(role.role_last_used().and_then(|u| u.last_used_date())),
            },
        );
    }
    Ok(roles)
}

/// Access advisor data per principal. A principal whose job fails is reported as
/// unavailable; after an error that is not transient (no permission, no such API) the
/// remaining principals are not asked again.
async fn service_access(
    session: &AccountSession,
    principals: &[String],
) -> BTreeMap<String, ServiceAccess> {
    let mut out = BTreeMap::new();
    let mut lasting_error: Option<String> = None;
    for arn in principals {
        let result = match &lasting_error {
            Some(e) => Err(e.clone()),
            None => last_accessed(session, arn).await.map_err(|e| {
                if !e.is_transient() {
                    lasting_error = Some(e.to_string());
                }
                e.to_string()
            }),
        };
        let access = match result {
            Ok(services) => ServiceAccess {
                services,
                unavailable: None,
            },
            Err(reason) => ServiceAccess {
                services: Vec::new(),
                unavailable: Some(reason),
            },
        };
        out.insert(arn.clone(), access);
    }
    out
}

async fn last_accessed(
    session: &AccountSession,
    arn: &str,
) -> Result<Vec<ServiceLastAccessed>, BackendError> {
    let job = session
        .read(
            "GenerateServiceLastAccessedDetails",
            session
                .reads
                .generate_service_last_accessed_details()
                .arn(arn)
                .send(),
        )
        .await?;
    let job_id = job.job_id().unwrap_or_default().to_string();
    for _ in 0..POLL_ATTEMPTS {
        const OP: &str = "GetServiceLastAccessedDetails";
        let job_id = &job_id;
        let pages = all_pages(OP, |marker| async move {
            let out = session
                .read(
                    OP,
                    session
                        .reads
                        .get_service_last_accessed_details()
                        .job_id(job_id)
                        .max_items(MAX_ITEMS)
                        .set_marker(marker)
                        .send(),
                )
                .await?;
            let status = out.job_status().clone();
            let services: Vec<ServiceLastAccessed> = out
                .services_last_accessed()
                .iter()
                .map(|s| ServiceLastAccessed {
                    service_name: s.service_name().to_string(),
                    service_namespace: s.service_namespace().to_string(),
                    last_authenticated: rfc3339(s.last_authenticated()),
                })
                .collect();
            let error = out.error().map(|e| e.message().to_string());
            // Only a finished job pages; an unfinished one is asked again from the start.
            let truncated = status == JobStatusType::Completed && out.is_truncated();
            Ok(Page::new(
                (status, services, error),
                truncated,
                out.marker(),
            ))
        })
        .await?;
        match pages.first().map(|p| p.0.clone()) {
            Some(JobStatusType::Completed) => {
                return Ok(pages.into_iter().flat_map(|p| p.1).collect());
            }
            Some(JobStatusType::Failed) => {
                let why = pages.into_iter().find_map(|p| p.2).unwrap_or_default();
                return Err(BackendError::ServiceFailure(format!(
                    "access advisor job for {arn} failed: {why}"
                )));
            }
            _ => tokio::time::sleep(POLL_INTERVAL).await,
        }
    }
    Err(BackendError::ServiceFailure(format!(
        "access advisor job for {arn} did not finish in time"
    )))
}
