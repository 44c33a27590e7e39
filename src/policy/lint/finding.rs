//! A lint finding and the rules that produce them.

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::policy::path::JsonPath;

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
    /// A condition key the service does not document.
    UnknownConditionKey,
    /// Every action on every resource.
    FullAdmin,
    /// `iam:PassRole` on every role.
    PassRoleAnyRole,
    /// A set of actions known to let a principal raise its own privileges.
    PrivilegeEscalation,
    /// A trust policy anyone may use.
    TrustAnyone,
    /// A trust policy that trusts a whole other account without a condition.
    TrustWholeAccount,
    /// A role for another account (a third party) without `sts:ExternalId`.
    TrustWithoutExternalId,
    /// A user in a group that requires MFA who can act without MFA.
    UserWithoutMfa,
    /// An `aws:` condition key that is not a global condition key (`aws:SourceIpp`).
    UnknownGlobalConditionKey,
    /// A condition value its typed operator cannot read (an IP that is not an IP, a date
    /// that is not a date, …), so the condition never matches.
    ConditionValueType,
    /// Write or permissions-management actions allowed on every resource.
    WriteOnAnyResource,
    /// Actions that return credentials, passwords or tokens, allowed on every resource.
    CredentialsExposure,
    /// Actions that read secrets or data, allowed on every resource.
    SensitiveDataAccess,
    /// `NotResource` in an Allow statement: every resource but the listed ones.
    AllowNotResource,
    /// `NotPrincipal` in an Allow statement: everyone but the listed principals.
    AllowNotPrincipal,
    /// An `aws:MultiFactorAuthPresent` test that a missing key gets past.
    MfaMissingNotFalse,
    /// `ForAllValues:`/`ForAnyValue:` on a key that has one value per request.
    SetOperatorOnSingleValuedKey,
    /// A wildcard action of which only some expanded actions act on the resources.
    WildcardPartlyFits,
    /// A GitHub Actions trust without a `sub` condition, or with one any repository matches.
    GithubTrustAnyRepository,
    /// A GitLab CI trust without a `sub` condition, or with one any group's projects match.
    GitlabTrustAnyProject,
    /// An EKS service-account trust without a `sub` condition, or with one any namespace
    /// matches.
    EksTrustAnyServiceAccount,
    /// An EKS service-account trust without an `aud` condition.
    EksTrustWithoutAudience,
}

impl Rule {
    /// Every rule; new rules are appended, so SARIF rule indexes stay stable.
    pub const ALL: &'static [Rule] = &[
        Rule::Grammar,
        Rule::WrongElementForKind,
        Rule::ResourceFormat,
        Rule::Size,
        Rule::UnknownService,
        Rule::UnknownAction,
        Rule::UndocumentedAction,
        Rule::ResourceMismatch,
        Rule::UnknownConditionKey,
        Rule::FullAdmin,
        Rule::PassRoleAnyRole,
        Rule::PrivilegeEscalation,
        Rule::TrustAnyone,
        Rule::TrustWholeAccount,
        Rule::TrustWithoutExternalId,
        Rule::UserWithoutMfa,
        Rule::UnknownGlobalConditionKey,
        Rule::ConditionValueType,
        Rule::WriteOnAnyResource,
        Rule::CredentialsExposure,
        Rule::SensitiveDataAccess,
        Rule::AllowNotResource,
        Rule::AllowNotPrincipal,
        Rule::MfaMissingNotFalse,
        Rule::SetOperatorOnSingleValuedKey,
        Rule::WildcardPartlyFits,
        Rule::GithubTrustAnyRepository,
        Rule::GitlabTrustAnyProject,
        Rule::EksTrustAnyServiceAccount,
        Rule::EksTrustWithoutAudience,
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

    /// What IAM rejects (grammar, elements, resource shape, size) is an error and stops
    /// `validate`; an action the bundled catalog does not know is a warning, as IAM
    /// accepts it; the rest warns, or informs.
    pub fn severity(self) -> Severity {
        match self {
            Rule::Grammar | Rule::WrongElementForKind | Rule::ResourceFormat | Rule::Size => {
                Severity::Error
            }
            Rule::WildcardPartlyFits => Severity::Info,
            // Exploitable by anyone with a GitHub (or GitLab) account, with no credentials
            // of the account at all: errors, the security rules that stop a plan. An EKS
            // trust is open only to workloads of the cluster: a warning.
            Rule::GithubTrustAnyRepository | Rule::GitlabTrustAnyProject => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// True for rules about security rather than correctness.
    pub fn is_security(self) -> bool {
        matches!(
            self,
            Rule::FullAdmin
                | Rule::PassRoleAnyRole
                | Rule::PrivilegeEscalation
                | Rule::TrustAnyone
                | Rule::TrustWholeAccount
                | Rule::TrustWithoutExternalId
                | Rule::UserWithoutMfa
                | Rule::WriteOnAnyResource
                | Rule::CredentialsExposure
                | Rule::SensitiveDataAccess
                | Rule::AllowNotResource
                | Rule::AllowNotPrincipal
                | Rule::MfaMissingNotFalse
                | Rule::GithubTrustAnyRepository
                | Rule::GitlabTrustAnyProject
                | Rule::EksTrustAnyServiceAccount
                | Rule::EksTrustWithoutAudience
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
            Rule::Size => ("IAM004", "size", "The document fits IAM's size quota."),
            Rule::UnknownService => (
                "IAM010",
                "unknown-service",
                "Action prefixes name an AWS service.",
            ),
            Rule::UnknownAction => (
                "IAM011",
                "unknown-action",
                "Actions exist in their service.",
            ),
            Rule::UndocumentedAction => (
                "IAM014",
                "undocumented-action",
                "Actions are listed in the service authorization reference.",
            ),
            Rule::ResourceMismatch => (
                "IAM012",
                "resource-mismatch",
                "Resources are of a type the statement's actions act on.",
            ),
            Rule::UnknownConditionKey => (
                "IAM013",
                "unknown-condition-key",
                "Condition keys are global (`aws:`) or documented by their service.",
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
            Rule::GithubTrustAnyRepository => (
                "IAM113",
                "github-trust-any-repository",
                "GitHub Actions trusts name the repositories whose workflows may assume the role.",
            ),
            Rule::GitlabTrustAnyProject => (
                "IAM114",
                "gitlab-trust-any-project",
                "GitLab CI trusts name the projects whose jobs may assume the role.",
            ),
            Rule::EksTrustAnyServiceAccount => (
                "IAM115",
                "eks-trust-any-service-account",
                "EKS service-account trusts name the namespace and service account.",
            ),
            Rule::EksTrustWithoutAudience => (
                "IAM116",
                "eks-trust-without-audience",
                "EKS service-account trusts require the `sts.amazonaws.com` audience.",
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
            Rule::UnknownGlobalConditionKey => (
                "IAM020",
                "unknown-global-condition-key",
                "`aws:` condition keys are global condition keys.",
            ),
            Rule::ConditionValueType => (
                "IAM021",
                "condition-value-type",
                "Condition values can be read as their operator's type.",
            ),
            Rule::WriteOnAnyResource => (
                "IAM103",
                "write-on-any-resource",
                "Write and permissions-management actions name the resources they change.",
            ),
            Rule::CredentialsExposure => (
                "IAM104",
                "credentials-exposure",
                "Actions that return credentials are limited to specific resources.",
            ),
            Rule::SensitiveDataAccess => (
                "IAM105",
                "sensitive-data-access",
                "Reading secrets, parameters, objects and decrypting is limited to specific resources.",
            ),
            Rule::AllowNotResource => (
                "IAM106",
                "allow-not-resource",
                "Allow statements list their resources instead of excluding some.",
            ),
            Rule::AllowNotPrincipal => (
                "IAM130",
                "allow-not-principal",
                "Allow statements name their principals instead of excluding some.",
            ),
            Rule::MfaMissingNotFalse => (
                "IAM107",
                "mfa-missing-not-false",
                "MFA conditions do not let requests without MFA information through.",
            ),
            Rule::SetOperatorOnSingleValuedKey => (
                "IAM015",
                "set-operator-single-valued-key",
                "`ForAllValues:`/`ForAnyValue:` are used only on multivalued keys.",
            ),
            Rule::WildcardPartlyFits => (
                "IAM016",
                "wildcard-partly-fits",
                "Wildcard actions expand to actions that act on the statement's resources.",
            ),
        }
    }
}

/// One problem found in a policy document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which rule.
    pub rule: Rule,
    /// Error, warning or info (the rule's, unless the check knows better).
    pub severity: Severity,
    /// Where in the document.
    pub path: JsonPath,
    /// What is wrong, one sentence.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Finding {
    /// A finding of `rule` at `path`, with the rule's severity.
    pub fn new(rule: Rule, path: JsonPath, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity(),
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

    /// The finding as a diagnostic at `span` (the statement or element in a file, when
    /// known): the rule's code and severity, the JSON path as its logical location. The
    /// one conversion every output of lint goes through.
    pub fn to_diagnostic(&self, span: Option<Span>) -> Diagnostic {
        let mut d = Diagnostic::coded(self.rule, span, self.message.clone())
            .with_logical(self.path.to_string());
        d.severity = self.severity;
        match &self.hint {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_severities_split_correctness_from_security() {
        // Sorted first: `dedup` only merges neighbours.
        let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.describe().1).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        // IAM accepts actions the bundled catalog does not know.
        assert_eq!(Rule::UnknownAction.severity(), Severity::Warning);
        assert_eq!(Rule::Grammar.severity(), Severity::Error);
        // Security rules warn, except the CI trusts open to anyone on the internet.
        let open_to_anyone = [Rule::GithubTrustAnyRepository, Rule::GitlabTrustAnyProject];
        assert!(
            Rule::ALL
                .iter()
                .filter(|r| r.is_security() && !open_to_anyone.contains(r))
                .all(|r| r.severity() == Severity::Warning)
        );
        for rule in open_to_anyone {
            assert_eq!(rule.severity(), Severity::Error);
        }
    }
}
