//! A GitHub Actions trust must say whose workflows: GitHub's provider issues tokens to
//! every repository on GitHub, and only `sub` (`repo:OWNER/NAME:…`) tells them apart
//! (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#configuring-the-oidc-trust-with-the-cloud).

use super::{Finding, LocatedStatement, Rule};
use crate::policy::condition::OperatorKind;
use crate::policy::document::{Effect, PrincipalElement};
use crate::policy::principal::{Principal, PrincipalType};

const ISSUER: &str = "token.actions.githubusercontent.com";

/// True when `principal` names GitHub's OIDC provider.
fn names_github(principal: &Principal) -> bool {
    let Principal::Typed(map) = principal else {
        return false;
    };
    map.get(&PrincipalType::Federated).is_some_and(|values| {
        values
            .iter()
            .any(|v| v == ISSUER || v.ends_with(&format!(":oidc-provider/{ISSUER}")))
    })
}

/// True when a `StringLike` pattern matches `repo:OWNER/…` for owners nobody chose:
/// its owner part (or anything before it) is a wildcard.
pub(super) fn admits_any_owner(pattern: &str) -> bool {
    let wild = |s: &str| s.contains(['*', '?']);
    match pattern.strip_prefix("repo:") {
        Some(rest) => wild(rest.split('/').next().unwrap_or(rest)),
        // Before `repo:` is complete, a wildcard matches every `repo:…` value.
        None => pattern
            .find(['*', '?'])
            .is_some_and(|at| "repo:".starts_with(&pattern[..at])),
    }
}

/// Checks one trust statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    let Some(PrincipalElement::Principal(principal)) = &s.principal else {
        return;
    };
    if s.effect != Effect::Allow || !names_github(principal) {
        return;
    }
    let sub_key = format!("{ISSUER}:sub");
    let mut positive = Vec::new();
    for (op, keys) in &s.condition.0 {
        let like = match op.kind {
            OperatorKind::StringLike => true,
            OperatorKind::StringEquals | OperatorKind::StringEqualsIgnoreCase => false,
            // Negated and other operators do not say whose workflows may assume it.
            _ => continue,
        };
        for (key, values) in keys {
            if key.eq_ignore_ascii_case(&sub_key) {
                positive.push((like, values));
            }
        }
    }
    let at = located.path.key("Condition");
    if positive.is_empty() {
        out.push(
            Finding::new(
                Rule::GithubTrustAnyRepository,
                at,
                "the GitHub Actions trust has no `sub` condition: workflows of any repository on GitHub may assume this role",
            )
            .with_hint("write `github: {repo: OWNER/NAME, …}`, or a StringEquals condition on `token.actions.githubusercontent.com:sub`"),
        );
        return;
    }
    for (like, values) in positive {
        if let Some(open) = values.iter().find(|v| like && admits_any_owner(v)) {
            out.push(
                Finding::new(
                    Rule::GithubTrustAnyRepository,
                    at.clone(),
                    format!("`sub` pattern `{open}` matches repositories of any owner on GitHub"),
                )
                .with_hint("name the owner before any wildcard, e.g. `repo:acme/*`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::admits_any_owner;

    #[test]
    fn only_an_owner_wildcard_admits_strangers() {
        for open in [
            "*",
            "r*",
            "repo:*",
            "repo:*/web:*",
            "repo:acme*/web:*",
            "repo:?cme/x",
        ] {
            assert!(admits_any_owner(open), "{open}");
        }
        for closed in [
            "repo:acme/*",
            "repo:acme/web:*",
            "repo:acme/web:ref:refs/heads/*",
            "x*",
        ] {
            assert!(!admits_any_owner(closed), "{closed}");
        }
    }
}
