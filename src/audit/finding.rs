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

    /// The stable code, e.g. `IAM203`.
    pub fn code(self) -> &'static str {
        match self {
            Check::RootMfa => "IAM200",
            Check::RootAccessKeys => "IAM201",
            Check::PasswordPolicy => "IAM202",
            Check::ConsoleMfa => "IAM203",
            Check::AccessKeyAge => "IAM204",
            Check::UnusedAccessKeys => "IAM205",
            Check::UnusedUsers => "IAM206",
            Check::UnusedRoles => "IAM207",
            Check::UnusedServices => "IAM208",
        }
    }

    /// A kebab-case name, e.g. `console-mfa`.
    pub fn name(self) -> &'static str {
        match self {
            Check::RootMfa => "root-mfa",
            Check::RootAccessKeys => "root-access-keys",
            Check::PasswordPolicy => "password-policy",
            Check::ConsoleMfa => "console-mfa",
            Check::AccessKeyAge => "access-key-age",
            Check::UnusedAccessKeys => "unused-access-keys",
            Check::UnusedUsers => "unused-users",
            Check::UnusedRoles => "unused-roles",
            Check::UnusedServices => "unused-services",
        }
    }

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

/// How urgent an audit finding is: the audit's own scale, not a diagnostic's
/// error/warning (an audit finding never stops a command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Fix now: account takeover or unprotected console access.
    High,
    /// Fix soon: stale or weak credentials.
    Medium,
    /// Clean up: unused access that widens the blast radius.
    Low,
}

impl Urgency {
    /// Lower-case word.
    pub fn word(self) -> &'static str {
        match self {
            Urgency::High => "high",
            Urgency::Medium => "medium",
            Urgency::Low => "low",
        }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check's stable code (`IAM2xx`), the same in every output.
    pub code: &'static str,
    /// Which check found it.
    pub check: Check,
    /// How urgent it is (`severity` in JSON, as before the rename).
    #[serde(rename = "severity")]
    pub urgency: Urgency,
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

    /// Findings of `urgency`.
    pub fn count(&self, urgency: Urgency) -> usize {
        self.findings
            .iter()
            .filter(|f| f.urgency == urgency)
            .count()
    }
}
