//! A GitHub Actions trust must say whose workflows: GitHub's provider issues tokens to
//! every repository on GitHub, and only `sub` (`repo:OWNER/NAME:…`) tells them apart
//! (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#configuring-the-oidc-trust-with-the-cloud).

use super::federated_subject::{Claims, admits_any_first_part, oidc_providers};
use super::{Finding, LocatedStatement, Rule};

const ISSUER: &str = "token.actions.githubusercontent.com";

/// True when a `StringLike` pattern matches `repo:OWNER/…` for owners nobody chose:
/// its owner part (or anything before it) is a wildcard.
pub(super) fn admits_any_owner(pattern: &str) -> bool {
    admits_any_first_part(pattern, "repo:", '/')
}

/// Checks one trust statement.
pub(super) fn check_statement(located: &LocatedStatement<'_>, out: &mut Vec<Finding>) {
    let s = located.statement;
    if !oidc_providers(s).contains(&ISSUER) {
        return;
    }
    let positive = Claims::of(s).tests(ISSUER, "sub");
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
    for test in positive {
        if let Some(open) = test.open_value(admits_any_owner) {
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
