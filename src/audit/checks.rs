//! The checks: credential report, password policy, role last use and access advisor
//! data → findings, each with the manifests' fix when there is one.

use super::credential_report::{CredentialReport, CredentialRow};
use super::finding::{Check, Finding, STALE_DAYS, Urgency};
use super::manifest_fixes::{ManifestView, Weakness, password_weaknesses};
use super::timestamp::Timestamp;
use crate::backend::audit_source::AuditData;
use crate::model::EntityKind;

/// Inputs shared by the checks.
pub struct CheckContext<'a> {
    /// The raw data.
    pub data: &'a AuditData,
    /// The parsed credential report.
    pub report: &'a CredentialReport,
    /// "Now": when the credential report was generated.
    pub now: Timestamp,
    /// The manifests, when compared.
    pub manifests: Option<&'a ManifestView<'a>>,
}

impl CheckContext<'_> {
    /// True when `t` is missing or at least [`STALE_DAYS`] old.
    fn stale(&self, t: Option<Timestamp>) -> bool {
        t.is_none_or(|t| t.days_until(self.now) >= STALE_DAYS)
    }

    fn fix(&self, f: impl FnOnce(&ManifestView<'_>) -> Option<String>) -> Option<String> {
        self.manifests.and_then(f)
    }
}

fn date(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "never".to_string(), Timestamp::date)
}

fn finding(check: Check, urgency: Urgency, subject: String, detail: String) -> Finding {
    Finding {
        code: check.code(),
        check,
        urgency,
        subject,
        detail,
        fixed_by_manifests: None,
    }
}

/// Root MFA and root access keys (never something manifests manage).
pub fn root(cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    let Some(root) = &cx.report.root else { return };
    if !root.mfa_active {
        out.push(finding(
            Check::RootMfa,
            Urgency::High,
            "root".into(),
            "the root user has no MFA device".into(),
        ));
    }
    for key in root.access_keys.iter().filter(|k| k.active) {
        out.push(finding(
            Check::RootAccessKeys,
            Urgency::High,
            "root".into(),
            format!(
                "access key {} is active (created {}, last used {})",
                key.slot,
                date(key.last_rotated),
                date(key.last_used)
            ),
        ));
    }
}

/// A missing or weak password policy.
pub fn password_policy(cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    let (detail, weaknesses) = match &cx.data.password_policy {
        None => (
            "no password policy: IAM's default allows 8-character passwords of any kind".into(),
            vec![Weakness {
                aspect: "policy",
                text: "no password policy".into(),
            }],
        ),
        Some(p) => {
            let w = password_weaknesses(p);
            if w.is_empty() {
                return;
            }
            let text: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
            (text.join("; "), w)
        }
    };
    let mut f = finding(
        Check::PasswordPolicy,
        Urgency::Medium,
        "account".into(),
        detail,
    );
    f.fixed_by_manifests = cx.fix(|m| m.password_policy_fix(&weaknesses));
    out.push(f);
}

/// Console access without MFA, stale keys and inactive users.
pub fn users(cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    for row in &cx.report.users {
        let subject = format!("user {}", row.user);
        let path = row.path();
        let deleted = || cx.fix(|m| m.deletion_fix(EntityKind::User, &row.user, &path));
        let keys_removed = || cx.fix(|m| m.access_key_fix(&row.user, &path));
        if row.password_enabled && !row.mfa_active {
            let mut f = finding(
                Check::ConsoleMfa,
                Urgency::High,
                subject.clone(),
                format!(
                    "console password without MFA (last sign-in {})",
                    date(row.password_last_used)
                ),
            );
            f.fixed_by_manifests = cx.fix(|m| m.console_mfa_fix(&row.user, &path));
            out.push(f);
        }
        for key in row.access_keys.iter().filter(|k| k.active) {
            if cx.stale(key.last_rotated) {
                let mut f = finding(
                    Check::AccessKeyAge,
                    Urgency::Medium,
                    subject.clone(),
                    format!(
                        "access key {} was created {}",
                        key.slot,
                        date(key.last_rotated)
                    ),
                );
                f.fixed_by_manifests = keys_removed();
                out.push(f);
            }
            // A key created recently has had no chance to be used yet.
            if cx.stale(key.last_used) && cx.stale(key.last_rotated) {
                let mut f = finding(
                    Check::UnusedAccessKeys,
                    Urgency::Medium,
                    subject.clone(),
                    format!("access key {} last used {}", key.slot, date(key.last_used)),
                );
                f.fixed_by_manifests = keys_removed();
                out.push(f);
            }
        }
        if inactive(cx, row) {
            let mut f = finding(
                Check::UnusedUsers,
                Urgency::Low,
                subject,
                format!(
                    "created {}, no sign-in or key use in {STALE_DAYS} days (last sign-in {})",
                    date(row.created),
                    date(row.password_last_used)
                ),
            );
            f.fixed_by_manifests = deleted();
            out.push(f);
        }
    }
}

fn inactive(cx: &CheckContext<'_>, row: &CredentialRow) -> bool {
    cx.stale(row.created)
        && cx.stale(row.password_last_used)
        && row.access_keys.iter().all(|k| cx.stale(k.last_used))
}

/// Roles not assumed in 90 days.
pub fn roles(cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
    for (name, role) in &cx.data.roles {
        let created = Timestamp::parse(&role.created);
        let last_used = role.last_used.as_deref().and_then(Timestamp::parse);
        if cx.stale(created) && cx.stale(last_used) {
            let mut f = finding(
                Check::UnusedRoles,
                Urgency::Low,
                format!("role {name}"),
                format!("created {}, last used {}", date(created), date(last_used)),
            );
            f.fixed_by_manifests = cx.fix(|m| m.deletion_fix(EntityKind::Role, name, &role.path));
            out.push(f);
        }
    }
}

/// Services a principal may use but has not in 90 days; returns how many principals
/// had no access advisor data.
pub fn services(cx: &CheckContext<'_>, out: &mut Vec<Finding>) -> Vec<String> {
    let mut unavailable = Vec::new();
    for (arn, access) in &cx.data.service_access {
        let Some((kind, name, path)) = principal(arn) else {
            continue;
        };
        if let Some(reason) = &access.unavailable {
            unavailable.push(reason.clone());
            continue;
        }
        let unused: Vec<&str> = access
            .services
            .iter()
            .filter(|s| cx.stale(s.last_authenticated.as_deref().and_then(Timestamp::parse)))
            .map(|s| s.service_namespace.as_str())
            .collect();
        if unused.is_empty() {
            continue;
        }
        let mut f = finding(
            Check::UnusedServices,
            Urgency::Low,
            format!("{} {name}", kind.noun()),
            format!(
                "{} of {} granted services unused: {}",
                unused.len(),
                access.services.len(),
                unused.join(", ")
            ),
        );
        f.fixed_by_manifests = cx.fix(|m| m.deletion_fix(kind, name, path));
        out.push(f);
    }
    unavailable
}

/// Kind, name and path of a user or role ARN.
fn principal(arn: &str) -> Option<(EntityKind, &str, &str)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let slash = resource.find('/')?;
    let kind = match &resource[..slash] {
        "user" => EntityKind::User,
        "role" => EntityKind::Role,
        _ => return None,
    };
    let rest = &resource[slash..];
    let i = rest.rfind('/')?;
    Some((kind, &rest[i + 1..], &rest[..=i]))
}
