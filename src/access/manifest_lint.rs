//! Lint of every policy document in the desired state, located at the entity that
//! defines it, plus the rules that need the whole account (MFA).

use crate::policy::catalog::ActionSetCache;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::model::{DesiredAccount, DesiredState, EntityKind, EntityRef};
use crate::policy::PolicyKind;
use crate::policy::lint::{Finding, LintOptions, Rule, lint_document};

use super::entity_finding::EntityFinding;
use super::mfa_rule;

/// Every account id the project declares: principals outside them are third parties.
pub fn own_account_ids(desired: &DesiredState) -> Vec<String> {
    desired
        .project
        .accounts
        .values()
        .map(|a| a.id.clone())
        .collect()
}

/// Lint findings for every document, as diagnostics at the defining entity: errors for
/// unknown services and actions, warnings for the rest.
pub fn lint_state(desired: &DesiredState) -> Vec<Diagnostic> {
    lint_entities(desired)
        .into_iter()
        .map(|f| f.diagnostic)
        .collect()
}

/// The findings of [`lint_state`], each with the account and entity it is about.
pub fn lint_entities(desired: &DesiredState) -> Vec<EntityFinding> {
    let own = own_account_ids(desired);
    let mut out = Vec::new();
    for (name, account) in &desired.accounts {
        lint_account(name, account, &own, &mut out);
    }
    out
}

fn lint_account(
    account_name: &str,
    account: &DesiredAccount,
    own: &[String],
    out: &mut Vec<EntityFinding>,
) {
    let iam = &account.iam;
    let span = |kind: EntityKind, name: &str| {
        account
            .origins
            .get(&EntityRef::new(kind, name.to_string()))
            .cloned()
    };
    let on = |entity: EntityRef, code: &'static str, diagnostic: Diagnostic| EntityFinding {
        account: account_name.to_string(),
        entity,
        code,
        diagnostic,
    };
    let mut lint =
        |doc: &Value, kind: PolicyKind, what: String, entity: EntityRef, at: Option<Span>| {
            let options = LintOptions {
                kind,
                size_limit: None,
                own_accounts: own.to_vec(),
            };
            for finding in lint_document(doc, &options) {
                out.push(on(
                    entity.clone(),
                    finding.rule.code(),
                    to_diagnostic(&finding, &what, at.clone()),
                ));
            }
        };
    for (name, p) in &iam.policies {
        lint(
            &p.document.0,
            PolicyKind::Identity,
            format!("policy {name}"),
            EntityRef::new(EntityKind::Policy, name.as_str()),
            span(EntityKind::Policy, name),
        );
    }
    for (name, u) in &iam.users {
        for (inline, doc) in &u.inline_policies {
            lint(
                &doc.0,
                PolicyKind::Identity,
                format!("user {name}, inline policy {inline}"),
                EntityRef::new(EntityKind::User, name.as_str()),
                span(EntityKind::User, name),
            );
        }
    }
    for (name, g) in &iam.groups {
        for (inline, doc) in &g.inline_policies {
            lint(
                &doc.0,
                PolicyKind::Identity,
                format!("group {name}, inline policy {inline}"),
                EntityRef::new(EntityKind::Group, name.as_str()),
                span(EntityKind::Group, name),
            );
        }
    }
    for (name, r) in &iam.roles {
        lint(
            &r.trust_policy.0,
            PolicyKind::RoleTrust,
            format!("role {name}, trust policy"),
            EntityRef::new(EntityKind::Role, name.as_str()),
            span(EntityKind::Role, name),
        );
        for (inline, doc) in &r.inline_policies {
            lint(
                &doc.0,
                PolicyKind::Identity,
                format!("role {name}, inline policy {inline}"),
                EntityRef::new(EntityKind::Role, name.as_str()),
                span(EntityKind::Role, name),
            );
        }
    }
    let mut action_sets = ActionSetCache::default();
    for (name, u) in &iam.users {
        let found = mfa_rule::check_user(iam, u, span(EntityKind::User, name), &mut action_sets);
        out.extend(found.map(|d| {
            on(
                EntityRef::new(EntityKind::User, name.as_str()),
                Rule::UserWithoutMfa.code(),
                d,
            )
        }));
    }
}

fn to_diagnostic(finding: &Finding, what: &str, at: Option<Span>) -> Diagnostic {
    let message = format!(
        "{what}: {}: {} [{}]",
        finding.path,
        finding.message,
        finding.rule.code()
    );
    let d = match finding.severity {
        Severity::Error => Diagnostic::error(at, message),
        Severity::Warning => Diagnostic::warning(at, message),
    };
    match &finding.hint {
        Some(h) => d.with_help(h.clone()),
        None => d,
    }
}
