//! Policy lint: grammar, the action catalog (services, actions, resource shapes,
//! condition keys), size, and security findings (admin, `iam:PassRole`, privilege
//! escalation, open trust). Each [`Finding`] has a rule code, a severity, the JSON path
//! it is about and a fix hint; [`Finding::to_diagnostic`] makes it a located diagnostic.

mod catalog_rules;
mod condition_rules;
mod finding;
mod grammar_rules;
mod json_position;
mod located_statement;
mod security_rules;
mod trust_rules;

use serde_json::Value;

pub use finding::{Finding, Rule};
pub use json_position::position_of;
pub use located_statement::LocatedStatement;
pub use security_rules::ESCALATION_SETS;

use super::policy_kind::PolicyKind;
use super::size::SizeLimit;

/// What the linter needs to know besides the document.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Identity policy or role trust policy.
    pub kind: PolicyKind,
    /// The quota to check the document against (`None`: checked elsewhere, e.g. the
    /// aggregate inline quotas in manifests).
    pub size_limit: Option<SizeLimit>,
    /// Account ids the project owns; principals from other accounts are third parties.
    /// Empty: unknown, and the `sts:ExternalId` rule is skipped.
    pub own_accounts: Vec<String>,
}

impl LintOptions {
    /// Options for a standalone document of `kind`, checked against its usual quota.
    pub fn for_kind(kind: PolicyKind) -> LintOptions {
        LintOptions {
            kind,
            size_limit: Some(match kind {
                PolicyKind::Identity => SizeLimit::ManagedPolicy,
                PolicyKind::RoleTrust => SizeLimit::RoleTrustPolicy,
            }),
            own_accounts: Vec::new(),
        }
    }
}

/// Lints one document. Grammar problems stop further checks (nothing else can be read
/// reliably); otherwise every rule runs and all findings are returned, in path order.
pub fn lint_document(document: &Value, options: &LintOptions) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(policy) = grammar_rules::check(document, options, &mut findings) else {
        return findings;
    };
    let statements = LocatedStatement::all(document, &policy);
    for located in &statements {
        catalog_rules::check_statement(located, &mut findings);
        condition_rules::check_statement(located, &mut findings);
        match options.kind {
            PolicyKind::Identity => security_rules::check_statement(located, &mut findings),
            PolicyKind::RoleTrust => trust_rules::check_statement(located, options, &mut findings),
        }
    }
    if options.kind == PolicyKind::Identity {
        security_rules::check_escalation(&statements, &mut findings);
    }
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.rule.cmp(&b.rule)));
    findings
}

/// Guesses a standalone document's kind: a trust policy names principals and no resources.
pub fn guess_kind(document: &Value) -> PolicyKind {
    let statements: Vec<&Value> = match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let trust = !statements.is_empty()
        && statements.iter().all(|s| {
            s.get("Principal").is_some()
                && s.get("Resource").is_none()
                && s.get("NotResource").is_none()
        });
    if trust {
        PolicyKind::RoleTrust
    } else {
        PolicyKind::Identity
    }
}

#[cfg(test)]
mod condition_tests;
#[cfg(test)]
mod tests;
