//! A GitLab CI trust must say whose jobs: a GitLab instance's provider issues tokens to
//! every project on the instance (on gitlab.com, to anyone who signs up), and only
//! `sub` (`project_path:GROUP/NAME:ref_type:…:ref:…`) tells them apart
//! (https://docs.gitlab.com/ee/ci/cloud_services/aws/,
//! https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload).
//!
//! A trusted OIDC provider `HOST` is read as a GitLab instance when it is `gitlab.com`,
//! when the caller knows it is one ([`LintOptions::gitlab_hosts`]: a manifest's
//! providers whose audience is their own URL, `https://HOST`, as GitLab documents), or
//! when the statement says so: `HOST:aud` is `https://HOST`, or a `HOST:sub` value
//! starts with `project_path:`. EKS clusters' providers (`oidc.eks.…`) never are.

use super::eks_trust::is_eks_provider;
use super::federated_subject::{Claims, admits_any_first_part, oidc_providers};
use super::{Finding, LintOptions, LocatedStatement, Rule};

/// GitLab.com's issuer, as IAM names its provider.
const GITLAB_COM: &str = "gitlab.com";

/// True when `provider` is a GitLab instance by what the statement and the caller know.
fn is_gitlab(claims: &Claims<'_>, provider: &str, options: &LintOptions) -> bool {
    if is_eks_provider(provider) {
        return false;
    }
    let own_url = format!("https://{provider}");
    provider.eq_ignore_ascii_case(GITLAB_COM)
        || options.gitlab_hosts.iter().any(|h| h == provider)
        || claims.values(provider, "aud").any(|v| v == own_url)
        || claims
            .values(provider, "sub")
            .any(|v| v.starts_with("project_path:"))
}

/// True when a `StringLike` pattern matches `project_path:GROUP/…` for groups nobody
/// chose: its top-level group (or anything before it) is a wildcard.
fn admits_any_group(pattern: &str) -> bool {
    admits_any_first_part(pattern, "project_path:", '/')
}

/// Checks one trust statement.
pub(super) fn check_statement(
    located: &LocatedStatement<'_>,
    options: &LintOptions,
    out: &mut Vec<Finding>,
) {
    let s = located.statement;
    let providers = oidc_providers(s);
    if providers.is_empty() {
        return;
    }
    let claims = Claims::of(s);
    for provider in providers {
        if !is_gitlab(&claims, provider, options) {
            continue;
        }
        let at = located.path.key("Condition");
        let positive = claims.tests(provider, "sub");
        if positive.is_empty() {
            out.push(
                Finding::new(
                    Rule::GitlabTrustAnyProject,
                    at,
                    format!("the GitLab CI trust of `{provider}` has no `sub` condition: jobs of any project on that instance may assume this role"),
                )
                .with_hint(format!("write `gitlab: {{project: GROUP/NAME, …}}`, or a StringEquals condition on `{provider}:sub`")),
            );
            continue;
        }
        for test in positive {
            if let Some(open) = test.open_value(admits_any_group) {
                out.push(
                    Finding::new(
                        Rule::GitlabTrustAnyProject,
                        at.clone(),
                        format!(
                            "`sub` pattern `{open}` matches projects of any group on `{provider}`"
                        ),
                    )
                    .with_hint("name the group before any wildcard, e.g. `project_path:acme/*`"),
                );
            }
        }
    }
}
