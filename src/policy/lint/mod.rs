//! Policy lint: grammar, the action catalog (services, actions, resource shapes,
//! condition keys and values), size, and security findings (admin, `iam:PassRole`,
//! privilege escalation, exposure on every resource, `Not*` with Allow, MFA and set
//! operator mistakes, open trust). Each [`Finding`] has a rule code, a level, the JSON
//! path it is about and a fix hint; `docs/lint-rules.md` is generated from the rules
//! ([`rules_markdown`]). [`sarif`] turns findings into SARIF for code scanning.

mod catalog_rules;
mod condition_rules;
mod escalation;
mod exposure_rules;
mod finding;
mod global_keys;
mod grammar_rules;
mod json_position;
mod kind_guess;
mod located_statement;
mod rule_docs;
pub mod sarif;
mod security_rules;
mod trust_rules;

use serde_json::Value;

pub use escalation::ESCALATION_SETS;
pub use finding::{Finding, Level, Rule};
pub use json_position::position_of;
pub use kind_guess::guess_kind;
pub use located_statement::LocatedStatement;
pub use rule_docs::rules_markdown;

use super::policy_kind::PolicyKind;
use super::size::SizeLimit;

/// What the linter needs to know besides the document.
#[derive(Debug, Clone)]
pub struct LintOptions {
    /// Identity, trust, resource-based, SCP or boundary.
    pub kind: PolicyKind,
    /// The quota to check the document against (`None`: checked elsewhere, e.g. the
    /// aggregate inline quotas in manifests, or none applies, as for AWS-managed policies).
    pub size_limit: Option<SizeLimit>,
    /// The level of a size finding: an error when the quota surely applies, a warning
    /// when the kind was guessed (an identity document may also be a role's inline
    /// policy, or an AWS-managed one, with other quotas).
    pub size_level: Level,
    /// Account ids the project owns; principals from other accounts are third parties.
    /// Empty: unknown, and the `sts:ExternalId` rule is skipped.
    pub own_accounts: Vec<String>,
}

impl LintOptions {
    /// Options for a standalone document of `kind`, checked against its usual quota.
    pub fn for_kind(kind: PolicyKind) -> LintOptions {
        LintOptions {
            kind,
            size_limit: match kind {
                PolicyKind::Identity | PolicyKind::Boundary => Some(SizeLimit::ManagedPolicy),
                PolicyKind::RoleTrust => Some(SizeLimit::RoleTrustPolicy),
                PolicyKind::ServiceControl => Some(SizeLimit::ServiceControlPolicy),
                // Each service sets its own (20 KB for S3 buckets, 8 KB for SQS, …).
                PolicyKind::Resource => None,
            },
            size_level: Level::Error,
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
        exposure_rules::check_not_elements(located, &mut findings);
        match options.kind {
            PolicyKind::Identity => {
                security_rules::check_statement(located, &mut findings);
                exposure_rules::check_statement(located, &mut findings);
            }
            PolicyKind::RoleTrust => trust_rules::check_statement(located, options, &mut findings),
            // A boundary or SCP sets a ceiling and a resource policy speaks for one
            // resource: broad grants there are the point, not a finding.
            PolicyKind::Resource | PolicyKind::ServiceControl | PolicyKind::Boundary => {}
        }
    }
    if options.kind == PolicyKind::Identity {
        escalation::check(&statements, &mut findings);
    }
    findings.sort_by(|a, b| a.path.cmp(&b.path).then(a.rule.cmp(&b.rule)));
    findings
}

#[cfg(test)]
mod tests;
