//! A lint finding, its level, and the rules that produce them.

use crate::diagnostic::Severity;
use crate::policy::path::JsonPath;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// IAM would reject the document: stops `validate`, `plan` and `apply`.
    Error,
    /// Worth fixing; does not stop anything.
    Warning,
    /// Advice; shown by `policy lint` only.
    Info,
}

impl Level {
    /// The word used in text output (`error`, `warning`, `info`).
    pub fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }

    /// The diagnostic severity for manifest lint; `None` for advice (not reported there).
    pub fn diagnostic_severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => None,
        }
    }
}

/// Every lint rule, with a stable code for suppression lists and code scanning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The document does not follow IAM's grammar.
    Grammar,
    /// An element the policy's kind does not allow (Principal in identity policies, …).
    WrongElementForKind,
    /// A resource that is neither `*` nor an ARN.
    ResourceFormat,
    /// The document is over IAM's size quota.
    Size,
    /// An action's service prefix is not in the catalog.
    UnknownService,
    /// An action the service does not have.
    UnknownAction,
    /// An action IAM accepts that the reference does not list (retired or preview).
    UndocumentedAction,
    /// A resource no action of the statement can act on.
    ResourceMismatch,
    /// A condition key the service does not document, or an unknown global key.
    UnknownConditionKey,
    /// A condition value the operator's type cannot read.
    ConditionValueType,
    /// A wildcard action of which only some expansions act on the statement's resources.
    WildcardPartialFit,
    /// Every action on every resource.
    FullAdmin,
    /// `iam:PassRole` on every role.
    PassRoleAnyRole,
    /// A set of actions known to let a principal raise its own privileges.
    PrivilegeEscalation,
    /// Write or permissions-management actions on every resource.
    WriteAnyResource,
    /// Actions that return credentials, on every resource.
    CredentialsExposure,
    /// Actions that read secrets or data, on every resource.
    SensitiveDataAccess,
    /// `NotResource` with `Allow`.
    NotResourceWithAllow,
    /// `NotPrincipal` with `Allow`.
    NotPrincipalWithAllow,
    /// `Bool` on `aws:MultiFactorAuthPresent` = false, which misses long-term credentials.
    MfaFalseCheck,
    /// `ForAllValues:` / `ForAnyValue:` on a single-valued key.
    SetOperatorSingleValued,
    /// A trust policy anyone may use.
    TrustAnyone,
    /// A trust policy that trusts a whole other account without a condition.
    TrustWholeAccount,
    /// A role for another account (a third party) without `sts:ExternalId`.
    TrustWithoutExternalId,
    /// A user in a group that requires MFA who can act without MFA.
    UserWithoutMfa,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: &'static [Rule] = &[
        Rule::Grammar,
        Rule::WrongElementForKind,
        Rule::ResourceFormat,
        Rule::Size,
        Rule::UnknownService,
        Rule::UnknownAction,
        Rule::ResourceMismatch,
        Rule::UnknownConditionKey,
        Rule::UndocumentedAction,
        Rule::ConditionValueType,
        Rule::WildcardPartialFit,
        Rule::FullAdmin,
        Rule::PassRoleAnyRole,
        Rule::PrivilegeEscalation,
        Rule::WriteAnyResource,
        Rule::CredentialsExposure,
        Rule::SensitiveDataAccess,
        Rule::NotResourceWithAllow,
        Rule::NotPrincipalWithAllow,
        Rule::MfaFalseCheck,
        Rule::SetOperatorSingleValued,
        Rule::TrustAnyone,
        Rule::TrustWholeAccount,
        Rule::TrustWithoutExternalId,
        Rule::UserWithoutMfa,
    ];

    /// The stable code, e.g. `IAM011`.
    pub fn code(self) -> &'static str {
        self.describe().0
    }

    /// A kebab-case name, e.g. `unknown-action`.
    pub fn name(self) -> &'static str {
        self.describe().1
    }

    /// One sentence on what the rule checks.
    pub fn summary(self) -> &'static str {
        self.describe().2
    }

    /// Only what IAM itself would reject is an error; an action or service the bundled
    /// catalog does not know is a warning (IAM accepts it, and the catalog may be older
    /// than the service).
    pub fn level(self) -> Level {
        match self {
            Rule::Grammar | Rule::WrongElementForKind | Rule::ResourceFormat | Rule::Size => {
                Level::Error
            }
            Rule::WildcardPartialFit => Level::Info,
            _ => Level::Warning,
        }
    }

    /// True for rules about security rather than correctness.
    pub fn is_security(self) -> bool {
        matches!(
            self,
            Rule::FullAdmin
                | Rule::PassRoleAnyRole
                | Rule::PrivilegeEscalation
                | Rule::WriteAnyResource
                | Rule::CredentialsExposure
                | Rule::SensitiveDataAccess
                | Rule::NotResourceWithAllow
                | Rule::NotPrincipalWithAllow
                | Rule::MfaFalseCheck
                | Rule::SetOperatorSingleValued
                | Rule::TrustAnyone
                | Rule::TrustWholeAccount
                | Rule::TrustWithoutExternalId
                | Rule::UserWithoutMfa
        )
    }

    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Rule::Grammar => (
                "IAM001",
                "grammar",
                "The document follows IAM's policy grammar.",
            ),
            Rule::WrongElementForKind => (
                "IAM002",
                "element-for-kind",
                "Statements only use elements their policy kind allows.",
            ),
            Rule::ResourceFormat => ("IAM003", "resource-format", "Resources are `*` or ARNs."),
            Rule::Size => ("IAM004", "size", "The document fits its kind's size quota."),
            Rule::UnknownService => (
                "IAM010",
                "unknown-service",
                "Action prefixes name a service of the bundled catalog.",
            ),
            Rule::UnknownAction => (
                "IAM011",
                "unknown-action",
                "Actions exist in their service, as the bundled catalog lists them.",
            ),
            Rule::ResourceMismatch => (
                "IAM012",
                "resource-mismatch",
                "Resources are of a type the statement's actions act on.",
            ),
            Rule::UnknownConditionKey => (
                "IAM013",
                "unknown-condition-key",
                "Condition keys are documented global keys or keys of their service.",
            ),
            Rule::UndocumentedAction => (
                "IAM014",
                "undocumented-action",
                "Actions are listed in the service authorization reference.",
            ),
            Rule::ConditionValueType => (
                "IAM015",
                "condition-value-type",
                "Condition values are of the type their operator compares.",
            ),
            Rule::WildcardPartialFit => (
                "IAM016",
                "wildcard-partial-fit",
                "Wildcard actions expand to actions that act on the statement's resources.",
            ),
            Rule::FullAdmin => (
                "IAM100",
                "full-admin",
                "No statement allows every action on every resource.",
            ),
            Rule::PassRoleAnyRole => (
                "IAM101",
                "pass-role-any",
                "`iam:PassRole` is limited to specific roles.",
            ),
            Rule::PrivilegeEscalation => (
                "IAM102",
                "privilege-escalation",
                "No action set lets a principal raise its own privileges.",
            ),
            Rule::WriteAnyResource => (
                "IAM103",
                "write-any-resource",
                "Write and permissions-management actions name their resources.",
            ),
            Rule::CredentialsExposure => (
                "IAM104",
                "credentials-exposure",
                "Actions that return credentials name their resources.",
            ),
            Rule::SensitiveDataAccess => (
                "IAM105",
                "sensitive-data-access",
                "Actions that read secrets or stored data name their resources.",
            ),
            Rule::NotResourceWithAllow => (
                "IAM106",
                "not-resource-with-allow",
                "`Allow` statements list resources instead of excluding some.",
            ),
            Rule::NotPrincipalWithAllow => (
                "IAM107",
                "not-principal-with-allow",
                "`Allow` statements list principals instead of excluding some.",
            ),
            Rule::MfaFalseCheck => (
                "IAM108",
                "mfa-false-check",
                "MFA checks cover requests where `aws:MultiFactorAuthPresent` is missing.",
            ),
            Rule::SetOperatorSingleValued => (
                "IAM109",
                "set-operator-single-valued",
                "`ForAllValues:` and `ForAnyValue:` are used with multivalued keys only.",
            ),
            Rule::TrustAnyone => (
                "IAM110",
                "trust-anyone",
                "Trust policies do not let everyone assume the role.",
            ),
            Rule::TrustWholeAccount => (
                "IAM111",
                "trust-whole-account",
                "Trusting another whole account comes with a condition.",
            ),
            Rule::TrustWithoutExternalId => (
                "IAM112",
                "trust-without-external-id",
                "Roles for third parties require `sts:ExternalId`.",
            ),
            Rule::UserWithoutMfa => (
                "IAM120",
                "user-without-mfa",
                "Users in groups that require MFA cannot act without it.",
            ),
        }
    }
}

/// One problem found in a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// Error, warning or info (the rule's, unless the context lowers it).
    pub severity: Level,
    /// Where in the document.
    pub path: JsonPath,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Finding {
    /// A finding of `rule` at `path`, with the rule's level.
    pub fn new(rule: Rule, path: JsonPath, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.level(),
            path,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a fix hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// The finding as JSON: `{code, rule, severity, path, message, hint}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "code": self.rule.code(),
            "rule": self.rule.name(),
            "severity": self.severity,
            "path": self.path.to_string(),
            "message": self.message,
        });
        if let Some(h) = &self.hint {
            v["hint"] = h.clone().into();
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_severities_split_correctness_from_security() {
        let codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted, "Rule::ALL is in code order, codes unique");
        // IAM accepts actions the catalog does not know; only what IAM rejects is an error.
        assert_eq!(Rule::UnknownAction.level(), Level::Warning);
        assert_eq!(Rule::Grammar.level(), Level::Error);
        assert!(
            Rule::ALL
                .iter()
                .filter(|r| r.is_security())
                .all(|r| r.level() == Level::Warning)
        );
    }
}
