//! What the audit reports: one [`Finding`] per problem, grouped by [`Check`].

use serde::Serialize;

/// Days without use (or since rotation) after which a credential counts as stale.
pub const STALE_DAYS: i64 = 90;

/// The checks, in the order IAM's security checklist lists their concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The root user has MFA.
    RootMfa,
    /// The root user has no access keys.
    RootAccessKeys,
    /// The password policy is strong.
    PasswordPolicy,
    /// Users who can sign in to the console have MFA.
    ConsoleMfa,
    /// Active access keys were rotated in the last 90 days.
    AccessKeyAge,
    /// Active access keys were used in the last 90 days.
    UnusedAccessKeys,
    /// Users signed in or used a key in the last 90 days.
    UnusedUsers,
    /// Roles were assumed in the last 90 days.
    UnusedRoles,
    /// Granted services were used in the last 90 days (access advisor).
    UnusedServices,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 9] = [
        Check::RootMfa,
        Check::RootAccessKeys,
        Check::PasswordPolicy,
        Check::ConsoleMfa,
        Check::AccessKeyAge,
        Check::UnusedAccessKeys,
        Check::UnusedUsers,
        Check::UnusedRoles,
        Check::UnusedServices,
    ];

    /// A short title for reports.
    pub fn title(self) -> &'static str {
        match self {
            Check::RootMfa => "Root user MFA",
            Check::RootAccessKeys => "Root user access keys",
            Check::PasswordPolicy => "Password policy",
            Check::ConsoleMfa => "Console users without MFA",
            Check::AccessKeyAge => "Access keys older than 90 days",
            Check::UnusedAccessKeys => "Access keys unused for 90 days",
            Check::UnusedUsers => "Users inactive for 90 days",
            Check::UnusedRoles => "Roles unused for 90 days",
            Check::UnusedServices => "Services granted but unused for 90 days",
        }
    }
}

/// How urgent a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Fix now: account takeover or unprotected console access.
    High,
    /// Fix soon: stale or weak credentials.
    Medium,
    /// Clean up: unused access that widens the blast radius.
    Low,
}

impl Severity {
    /// Lower-case word.
    pub fn word(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which check found it.
    pub check: Check,
    /// How urgent it is.
    pub severity: Severity,
    /// What it is about: `root`, `account`, `user carol`, `role ci`, …
    pub subject: String,
    /// What is wrong, with dates.
    pub detail: String,
    /// How applying the manifests would fix it; `None` when they would not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_by_manifests: Option<String>,
}

/// Whether a check ran, and what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// No findings.
    Passed,
    /// At least one finding.
    Failed,
    /// The data it needs is missing (see the notes).
    NotChecked,
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The check.
    pub check: Check,
    /// Its title.
    pub title: &'static str,
    /// What it found.
    pub outcome: CheckOutcome,
}

/// The audit of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Manifest name of the account.
    pub account: String,
    /// 12-digit account id.
    pub account_id: String,
    /// The date the audit measures ages from (the credential report's).
    pub as_of: String,
    /// True when manifests were compared (`fixed_by_manifests` is meaningful).
    pub manifests_compared: bool,
    /// Each check and its outcome, in report order.
    pub checks: Vec<CheckResult>,
    /// Findings, ordered by check, then subject.
    pub findings: Vec<Finding>,
    /// Data that was missing or could not be used.
    pub notes: Vec<String>,
}

impl AuditReport {
    /// How many findings the manifests would fix.
    pub fn fixable(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.fixed_by_manifests.is_some())
            .count()
    }

    /// Findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
