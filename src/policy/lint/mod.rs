//! Policy lint: grammar and the elements each [`PolicyKind`] allows, the action catalog
//! (services, actions, resource shapes, condition keys), size, condition-key mistakes, and
//! security findings (admin, `iam:PassRole`, privilege escalation, writes, credentials and
//! sensitive data on every resource, `NotResource`/`NotPrincipal` with Allow, open trust,
//! CI and EKS trusts that do not say whose workloads).
//! Each [`Finding`] has a rule code, a severity, the JSON path it is about and a fix hint;
//! [`Finding::to_diagnostic`] makes it a located diagnostic. `docs/lint-rules.md` is
//! generated from [`Rule::ALL`] (see [`rules_markdown`]).

mod catalog_rules;
mod condition_key_rules;
mod condition_rules;
mod eks_trust;
mod escalation_paths;
mod exposure_rules;
mod federated_subject;
mod finding;
mod github_trust;
mod gitlab_trust;
mod grammar_rules;
mod json_position;
mod located_statement;
mod negation_rules;
mod rule_docs;
mod rule_examples;
mod security_rules;
mod trust_rules;
mod wildcard_fit;

use serde_json::Value;

pub use escalation_paths::{ESCALATION_PATHS, EscalationPath};
pub use finding::{Finding, Rule};
pub use json_position::position_of;
pub use located_statement::LocatedStatement;
pub use rule_docs::{RuleExample, rules_markdown};

use super::policy_kind::PolicyKind;
use super::size::SizeLimit;

/// Which size quota a document is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeCheck {
    /// None: checked elsewhere (manifests check the aggregate inline quotas), or none
    /// applies (AWS-managed policies; resource-based policies, whose quota is the
    /// service's).
    Skip,
    /// The document's use is known: over the quota is an error.
    Quota(SizeLimit),
    /// The use is not known (a standalone identity policy may be customer managed,
    /// inline or AWS managed): over the quota is a warning naming the others.
    Advisory(SizeLimit),
}

/// What the linter needs to know besides the document.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// What kind of policy the document is.
    pub kind: PolicyKind,
    /// The size quota to check.
    pub size: SizeCheck,
    /// Account ids the project owns; principals from other accounts are third parties.
    /// Empty: unknown, and the `sts:ExternalId` rule is skipped.
    pub own_accounts: Vec<String>,
    /// OIDC providers (by IAM name, `gitlab.example.com`) known to be GitLab instances
    /// besides `gitlab.com`, for the GitLab trust rule; statements can also show it.
    pub gitlab_hosts: Vec<String>,
}

impl LintOptions {
    /// Options for a standalone document of `kind`: trust policies and SCPs against
    /// their quota; identity policies and boundaries against the customer managed
    /// policy quota, as advice (they may be inline or AWS managed); resource-based
    /// policies not at all.
    pub fn for_kind(kind: PolicyKind) -> LintOptions {
        LintOptions {
            kind,
            size: match kind {
                PolicyKind::Identity | PolicyKind::Boundary => {
                    SizeCheck::Advisory(SizeLimit::ManagedPolicy)
                }
                PolicyKind::RoleTrust => SizeCheck::Quota(SizeLimit::RoleTrustPolicy),
                PolicyKind::ServiceControl => SizeCheck::Quota(SizeLimit::ServiceControlPolicy),
                PolicyKind::Resource => SizeCheck::Skip,
            },
            own_accounts: Vec::new(),
            gitlab_hosts: Vec::new(),
        }
    }
}

/// Lints one document. Grammar problems stop further checks (nothing else can be read
/// reliably); otherwise every rule for the kind runs and all findings are returned, in
/// path order.
pub fn lint_document(document: &Value, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(policy) = grammar_rules::check(document, options, &mut findings) else {
        return findings;
    };
    let statements = LocatedStatement::all(document, &policy);
    let kind = options.kind;
    for located in &statements {
        catalog_rules::check_statement(located, &mut findings);
        condition_rules::check_statement(located, &mut findings);
        wildcard_fit::check_statement(located, &mut findings);
        condition_key_rules::check_statement(located, &mut findings);
        negation_rules::check_statement(located, kind, &mut findings);
        match kind {
            PolicyKind::Identity => {
                security_rules::check_statement(located, &mut findings);
                exposure_rules::check_statement(located, &mut findings);
            }
            PolicyKind::RoleTrust => {
                trust_rules::check_statement(located, options, &mut findings);
                github_trust::check_statement(located, &mut findings);
                gitlab_trust::check_statement(located, options, &mut findings);
                eks_trust::check_statement(located, &mut findings);
            }
            PolicyKind::Resource | PolicyKind::ServiceControl | PolicyKind::Boundary => {}
        }
    }
    if kind == PolicyKind::Identity {
        security_rules::check_escalation(&statements, &mut findings);
    }
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.rule.cmp(&b.rule)));
    findings
}

/// Guesses a standalone document's kind. Without `Principal`/`NotPrincipal` it is an
/// identity policy (boundaries and SCPs read the same; say `--kind` for them). With
/// one, it is a role trust policy when no statement names a resource and every action
/// is an `sts:` action, else a resource-based policy (bucket, queue, topic, key…).
pub fn guess_kind(document: &Value) -> PolicyKind {
    let statements: Vec<&Value> = match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let names_principal =
        |s: &&Value| s.get("Principal").is_some() || s.get("NotPrincipal").is_some();
    if !statements.iter().any(names_principal) {
        return PolicyKind::Identity;
    }
    let names_resource = |s: &&Value| s.get("Resource").is_some() || s.get("NotResource").is_some();
    let sts_only = |s: &&Value| {
        let is_sts = |a: &Value| {
            a.as_str()
                .and_then(|a| a.get(..4))
                .is_some_and(|p| p.eq_ignore_ascii_case("sts:"))
        };
        match s.get("Action") {
            None => true,
            Some(Value::Array(items)) => items.iter().all(is_sts),
            Some(one) => is_sts(one),
        }
    };
    if !statements.iter().any(names_resource) && statements.iter().all(sts_only) {
        PolicyKind::RoleTrust
    } else {
        PolicyKind::Resource
    }
}

#[cfg(test)]
mod condition_tests;
#[cfg(test)]
mod federation_tests;
#[cfg(test)]
mod kind_tests;
#[cfg(test)]
mod rule_tests;
#[cfg(test)]
mod tests;
