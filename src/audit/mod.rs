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
pub mod timestamp;

pub use finding::{AuditReport, Check, CheckOutcome, CheckResult, Finding, STALE_DAYS, Urgency};
pub use manifest_fixes::{ManifestView, Weakness, password_weaknesses};

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::backend::audit_source::{ServiceAccess, ServiceLastAccessed};
    use crate::model::{AccountIam, PasswordPolicy, Scope};

    const HEADER: &str = "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date";

    fn data(rows: &[&str]) -> AuditData {
        AuditData {
            account_id: "111111111111".into(),
            generated_at: "2025-07-01T00:00:00Z".into(),
            credential_report: format!("{HEADER}\n{}\n", rows.join("\n")),
            password_policy: None,
            roles: BTreeMap::new(),
            service_access: BTreeMap::new(),
        }
    }

    fn policy(length: u32, reuse: Option<u32>) -> PasswordPolicy {
        PasswordPolicy {
            minimum_password_length: length,
            require_symbols: true,
            require_numbers: true,
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            allow_users_to_change_password: true,
            max_password_age: None,
            password_reuse_prevention: reuse,
            hard_expiry: false,
        }
    }

    #[test]
    fn new_keys_are_not_unused_and_a_missing_root_row_is_not_checked() {
        let d = data(&[
            "fresh,arn:aws:iam::111111111111:user/fresh,2025-06-20T00:00:00Z,false,N/A,false,true,2025-06-20T00:00:00Z,N/A,false,N/A,N/A",
        ]);
        let report = audit("a", &d, None).unwrap();
        let checks: Vec<Check> = report.findings.iter().map(|f| f.check).collect();
        assert_eq!(checks, [Check::PasswordPolicy]);
        assert_eq!(report.checks[0].outcome, CheckOutcome::NotChecked);
        assert_eq!(report.checks[3].outcome, CheckOutcome::Passed);
        assert_eq!(
            report.notes,
            [
                "the credential report has no root user row",
                "no access advisor data was recorded"
            ]
        );
    }

    #[test]
    fn a_partly_stronger_policy_is_a_partial_fix() {
        let mut d = data(&[]);
        d.password_policy = Some(policy(8, Some(2)));
        let mut desired = AccountIam::new("111111111111");
        desired.settings.password_policy = Some(policy(14, Some(5)));
        let scope = Scope::default();
        let view = ManifestView {
            desired: &desired,
            scope: &scope,
        };
        let report = audit("a", &d, Some(&view)).unwrap();
        assert_eq!(
            report.findings[0].fixed_by_manifests.as_deref(),
            Some(
                "partly: the manifests' password policy fixes 1 of 2; still reuse prevention 5 (< 24)"
            )
        );
        desired.settings.password_policy = Some(policy(8, None));
        let view = ManifestView {
            desired: &desired,
            scope: &scope,
        };
        assert_eq!(
            audit("a", &d, Some(&view)).unwrap().findings[0].fixed_by_manifests,
            None
        );
    }

    #[test]
    fn unused_services_name_the_principal_and_bad_dates_are_errors() {
        let mut d = data(&[]);
        let used = |ns: &str, at: Option<&str>| ServiceLastAccessed {
            service_name: ns.to_uppercase(),
            service_namespace: ns.into(),
            last_authenticated: at.map(str::to_string),
        };
        d.service_access.insert(
            "arn:aws:iam::111111111111:role/ci/deployer".into(),
            ServiceAccess {
                services: vec![used("s3", Some("2025-06-30T00:00:00Z")), used("ec2", None)],
                unavailable: None,
            },
        );
        let report = audit("a", &d, None).unwrap();
        let f = report.findings.last().unwrap();
        assert_eq!(
            (f.subject.as_str(), f.detail.as_str()),
            ("role deployer", "1 of 2 granted services unused: ec2")
        );
        d.generated_at = "yesterday".into();
        assert_eq!(
            audit("a", &d, None).unwrap_err(),
            AuditError::GeneratedAt("yesterday".into())
        );
    }

    #[test]
    fn credential_rules_fix_console_and_key_findings() {
        let d = data(&[
            "bot,arn:aws:iam::111111111111:user/bot,2020-01-01T00:00:00Z,true,2025-06-30T00:00:00Z,false,true,2020-01-01T00:00:00Z,2025-06-30T00:00:00Z,false,N/A,N/A",
        ]);
        let mut desired = AccountIam::new("111111111111");
        let mut bot: crate::model::User =
            serde_json::from_value(serde_json::json!({"name": "bot"})).unwrap();
        bot.credential_rules.console_access = Some(false);
        bot.credential_rules.access_keys = Some(crate::model::AccessKeyRule::None);
        desired.users.insert("bot".into(), bot);
        let scope = Scope::default();
        let view = ManifestView {
            desired: &desired,
            scope: &scope,
        };
        let report = audit("a", &d, Some(&view)).unwrap();
        let fixes: Vec<(Check, Option<&str>)> = report
            .findings
            .iter()
            .filter(|f| f.subject == "user bot")
            .map(|f| (f.check, f.fixed_by_manifests.as_deref()))
            .collect();
        assert_eq!(
            fixes,
            [
                (
                    Check::ConsoleMfa,
                    Some("console_access: false removes the console password")
                ),
                (
                    Check::AccessKeyAge,
                    Some("access_keys: none deletes the user's access keys")
                ),
            ]
        );
    }
}
