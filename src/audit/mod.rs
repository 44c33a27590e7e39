//! The account's security status, as in IAM's own checklist (`iamform audit`): root MFA
//! and keys, password policy strength, console users without MFA, old or unused access
//! keys, inactive users and roles, and services granted but unused (access advisor);
//! and, given the manifests, which of these applying them would fix.
//!
//! Ages are measured from the credential report's generation time, so an audit of
//! recorded data gives the same answer every time.

mod checks;
pub mod credential_report;
mod finding;
mod manifest_fixes;
mod markdown;
mod text;
pub mod timestamp;

pub use finding::{AuditReport, Check, CheckOutcome, CheckResult, Finding, STALE_DAYS, Severity};
pub use manifest_fixes::{ManifestView, password_weaknesses};
pub use markdown::markdown;
pub use text::text;

use self::checks::CheckContext;
use self::credential_report::CredentialReportError;
use self::timestamp::Timestamp;
use crate::backend::audit_source::AuditData;

/// Why audit data could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// The credential report is malformed.
    #[error(transparent)]
    CredentialReport(#[from] CredentialReportError),
    /// The report's generation time is not an RFC 3339 time.
    #[error("credential report generated_at `{0}` is not an RFC 3339 time")]
    GeneratedAt(String),
}

/// Audits one account's data; `manifests` adds what applying them would fix.
pub fn audit(
    account: &str,
    data: &AuditData,
    manifests: Option<&ManifestView<'_>>,
) -> Result<AuditReport, AuditError> {
    let now = Timestamp::parse(&data.generated_at)
        .ok_or_else(|| AuditError::GeneratedAt(data.generated_at.clone()))?;
    let report = credential_report::parse(&data.credential_report)?;
    let cx = CheckContext {
        data,
        report: &report,
        now,
        manifests,
    };
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    checks::root(&cx, &mut findings);
    if report.root.is_none() {
        notes.push("the credential report has no root user row".to_string());
    }
    checks::password_policy(&cx, &mut findings);
    checks::users(&cx, &mut findings);
    checks::roles(&cx, &mut findings);
    let unavailable = checks::services(&cx, &mut findings);
    let advisor_missing = data.service_access.is_empty() || !unavailable.is_empty();
    if let Some(first) = unavailable.first() {
        notes.push(format!(
            "access advisor data is missing for {} of {} principals: {first}",
            unavailable.len(),
            data.service_access.len()
        ));
    } else if data.service_access.is_empty() {
        notes.push("no access advisor data was recorded".to_string());
    }
    findings.sort_by(|a, b| (a.check, &a.subject).cmp(&(b.check, &b.subject)));
    let checks = Check::ALL
        .iter()
        .map(|&check| {
            let outcome = if findings.iter().any(|f| f.check == check) {
                CheckOutcome::Failed
            } else if (check == Check::UnusedServices && advisor_missing)
                || (matches!(check, Check::RootMfa | Check::RootAccessKeys)
                    && report.root.is_none())
            {
                CheckOutcome::NotChecked
            } else {
                CheckOutcome::Passed
            };
            CheckResult {
                check,
                title: check.title(),
                outcome,
            }
        })
        .collect();
    Ok(AuditReport {
        account: account.to_string(),
        account_id: data.account_id.clone(),
        as_of: now.date(),
        manifests_compared: manifests.is_some(),
        checks,
        findings,
        notes,
    })
}

/// The report as pretty JSON, ending in a newline.
pub fn json(report: &AuditReport) -> String {
    let mut text = serde_json::to_string_pretty(report).expect("audit reports serialize");
    text.push('\n');
    text
}
