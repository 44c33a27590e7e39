//! Trust shorthands for workload and workforce federation, each written out as the
//! conditions its issuer documents:
//! - `github:` GitHub Actions, `sub` = `repo:OWNER/NAME:…`
//!   (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims,
//!   https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services);
//! - `gitlab:` GitLab CI, `sub` = `project_path:GROUP/NAME:ref_type:branch|tag:ref:REF`,
//!   through the provider of the instance's host (`gitlab.com`, or `host:`)
//!   (https://docs.gitlab.com/ee/ci/cloud_services/aws/);
//! - `eks:` IAM roles for service accounts, `sub` = `system:serviceaccount:NS:NAME`
//!   (https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html);
//! - `saml:` `SAML:aud` = the sign-in endpoint
//!   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html).
//!
//! `sub` is compared with `StringEquals` when exact and `StringLike` when it holds `*`
//! or `?`; `aud` always with `StringEquals`.

use serde_json::{Map, Value};

use crate::arn::{self, Partition};
use crate::diagnostic::Diagnostic;
use crate::model::oidc_provider_name;

use super::gitlab_host::{checked_host, gitlab_audience};
use super::located::Located;
use super::trust_spec::{EksTrust, GithubTrust, GitlabTrust, TrustEntry};

/// GitHub Actions' issuer, as IAM names its provider.
pub const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";
/// The audience AWS's own clients ask tokens for (GitHub's and EKS's).
pub const STS_AUDIENCE: &str = "sts.amazonaws.com";
/// `SAML:aud` of the AWS sign-in endpoint.
pub const SAML_AUDIENCE: &str = "https://signin.aws.amazon.com/saml";

/// The statement parts a shorthand writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Shorthand {
    /// The provider's ARN (`Principal.Federated`).
    pub provider: String,
    /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`.
    pub action: &'static str,
    /// The generated condition block.
    pub conditions: Map<String, Value>,
}

/// The kind word of the shorthand an entry uses, if any.
pub fn kinds(e: &TrustEntry) -> Vec<&'static str> {
    let mut out = Vec::new();
    if e.github.is_some() {
        out.push("github");
    }
    if e.gitlab.is_some() {
        out.push("gitlab");
    }
    if e.eks.is_some() {
        out.push("eks");
    }
    if e.saml.is_some() {
        out.push("saml");
    }
    out
}

/// The statement parts of the entry's shorthand, in the role's account `account_id`.
pub fn build(
    e: &TrustEntry,
    partition: Partition,
    account_id: &str,
    sink: &mut Vec<Diagnostic>,
) -> Option<Shorthand> {
    let provider = |name: &str| arn::iam_entity(partition, account_id, "oidc-provider", "/", name);
    if let Some(g) = &e.github {
        let sub = github_subject(g, sink)?;
        return Some(web_identity(
            provider(GITHUB_ISSUER),
            GITHUB_ISSUER,
            STS_AUDIENCE,
            &sub,
        ));
    }
    if let Some(g) = &e.gitlab {
        let host = checked_host(g.value.host.as_ref(), sink);
        let sub = gitlab_subject(g, sink)?;
        let host = host?;
        return Some(web_identity(
            provider(&host),
            &host,
            &gitlab_audience(&host),
            &sub,
        ));
    }
    if let Some(k) = &e.eks {
        let (issuer, sub) = eks_subject(k, sink)?;
        return Some(web_identity(provider(&issuer), &issuer, STS_AUDIENCE, &sub));
    }
    let name = e.saml.as_ref()?;
    if !is_saml_name(&name.value) {
        sink.push(
            Diagnostic::error(
                Some(name.span.clone()),
                format!("`{}` is not a SAML provider name", name.value),
            )
            .with_help("write the name of a provider of this account, as under `saml_providers:`"),
        );
        return None;
    }
    let mut conditions = Map::new();
    add(&mut conditions, "StringEquals", "SAML:aud", SAML_AUDIENCE);
    Some(Shorthand {
        provider: arn::iam_entity(partition, account_id, "saml-provider", "/", &name.value),
        action: "sts:AssumeRoleWithSAML",
        conditions,
    })
}

fn is_saml_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

fn add(block: &mut Map<String, Value>, op: &str, key: &str, value: &str) {
    let ops = block
        .entry(op.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(keys) = ops {
        keys.insert(key.to_string(), Value::String(value.to_string()));
    }
}

/// `aud` with StringEquals, `sub` with StringEquals or StringLike.
fn web_identity(provider: String, issuer: &str, audience: &str, sub: &str) -> Shorthand {
    let mut conditions = Map::new();
    add(
        &mut conditions,
        "StringEquals",
        &format!("{issuer}:aud"),
        audience,
    );
    let op = if is_pattern(sub) {
        "StringLike"
    } else {
        "StringEquals"
    };
    add(&mut conditions, op, &format!("{issuer}:sub"), sub);
    Shorthand {
        provider,
        action: "sts:AssumeRoleWithWebIdentity",
        conditions,
    }
}

fn missing(at: &Located<impl Sized>, what: &str, help: &str) -> Diagnostic {
    Diagnostic::error(Some(at.span.clone()), what.to_string()).with_help(help.to_string())
}

/// Characters of names in a `sub` claim: letters, digits, `_.-/` and the pattern
/// characters; `:` would end the field and change the claim's meaning.
fn bad_char(text: &str) -> Option<char> {
    text.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_.-/*?".contains(*c)))
}

fn checked_text(v: &Located<String>, what: &str, sink: &mut Vec<Diagnostic>) -> Option<String> {
    if v.value.is_empty() {
        sink.push(missing(
            v,
            &format!("the {what} is empty"),
            "write it, or leave the key out",
        ));
        return None;
    }
    if let Some(c) = bad_char(&v.value) {
        sink.push(missing(
            v,
            &format!("the {what} `{}` contains `{c}`", v.value),
            "use letters, digits, `_.-/` and the patterns `*` and `?`",
        ));
        return None;
    }
    Some(v.value.clone())
}

/// `OWNER/NAME` where the owner is no pattern: any GitHub account can create a
/// repository whose name matches, so a pattern owner admits strangers' workflows.
fn owner_and_name(
    v: &Located<String>,
    what: &str,
    example: &str,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = checked_text(v, what, sink)?;
    match text.split_once('/') {
        Some((owner, name)) if !owner.is_empty() && !name.is_empty() => {
            if is_pattern(owner) {
                sink.push(missing(
                    v,
                    &format!("the {what} `{text}` lets any owner match"),
                    &format!("name the owner; a pattern may follow it, e.g. `{example}`"),
                ));
                return None;
            }
            Some(text)
        }
        _ => {
            sink.push(missing(
                v,
                &format!("the {what} `{text}` is not OWNER/NAME"),
                &format!("e.g. `{example}`"),
            ));
            None
        }
    }
}

fn github_subject(g: &Located<GithubTrust>, sink: &mut Vec<Diagnostic>) -> Option<String> {
    let spec = &g.value;
    let Some(repo) = &spec.repo else {
        sink.push(missing(
            g,
            "a github trust needs `repo`",
            "e.g. `github: {repo: acme/web, ref: refs/heads/main}`",
        ));
        return None;
    };
    let repo = owner_and_name(repo, "repository", "acme/*", sink)?;
    let chosen = [
        spec.git_ref.is_some(),
        spec.environment.is_some(),
        spec.pull_request.is_some(),
    ];
    if chosen.iter().filter(|c| **c).count() > 1 {
        sink.push(missing(
            g,
            "a github trust names one of `ref`, `environment` and `pull_request`",
            "GitHub puts only one of them in the token's `sub`; write one entry per case",
        ));
        return None;
    }
    if let Some(r) = &spec.git_ref {
        let r_text = checked_text(r, "ref", sink)?;
        if !r_text.starts_with("refs/") {
            sink.push(missing(
                r,
                &format!("`{r_text}` is not a full Git ref"),
                &format!(
                    "write `refs/heads/{r_text}` for a branch or `refs/tags/{r_text}` for a tag"
                ),
            ));
            return None;
        }
        return Some(format!("repo:{repo}:ref:{r_text}"));
    }
    if let Some(env) = &spec.environment {
        let env = checked_text(env, "environment", sink)?;
        return Some(format!("repo:{repo}:environment:{env}"));
    }
    if let Some(pr) = &spec.pull_request {
        if !pr.value {
            sink.push(missing(
                pr,
                "`pull_request: false` selects nothing",
                "leave it out, or write `pull_request: true`",
            ));
            return None;
        }
        return Some(format!("repo:{repo}:pull_request"));
    }
    Some(format!("repo:{repo}:*"))
}

fn gitlab_subject(g: &Located<GitlabTrust>, sink: &mut Vec<Diagnostic>) -> Option<String> {
    let spec = &g.value;
    let Some(project) = &spec.project else {
        sink.push(missing(
            g,
            "a gitlab trust needs `project`",
            "e.g. `gitlab: {project: acme/web, ref: main}`",
        ));
        return None;
    };
    let project = owner_and_name(project, "project", "acme/*", sink)?;
    match (&spec.git_ref, &spec.tag) {
        (Some(_), Some(_)) => {
            sink.push(missing(
                g,
                "a gitlab trust names `ref` or `tag`, not both",
                "write one entry per case",
            ));
            None
        }
        (Some(r), None) => {
            let r = checked_text(r, "ref", sink)?;
            Some(format!("project_path:{project}:ref_type:branch:ref:{r}"))
        }
        (None, Some(t)) => {
            let t = checked_text(t, "tag", sink)?;
            Some(format!("project_path:{project}:ref_type:tag:ref:{t}"))
        }
        (None, None) => Some(format!("project_path:{project}:*")),
    }
}

fn eks_subject(k: &Located<EksTrust>, sink: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    let spec = &k.value;
    let help = "e.g. `eks: {cluster_oidc: https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE, namespace: apps, service_account: web}`";
    let (Some(url), Some(ns), Some(sa)) =
        (&spec.cluster_oidc, &spec.namespace, &spec.service_account)
    else {
        sink.push(missing(
            k,
            "an eks trust needs `cluster_oidc`, `namespace` and `service_account`",
            help,
        ));
        return None;
    };
    if let Some(d) = super::name_rules::check_oidc_url(url) {
        sink.push(d);
        return None;
    }
    let ns = checked_text(ns, "namespace", sink)?;
    let sa = checked_text(sa, "service account", sink)?;
    Some((
        oidc_provider_name(&url.value),
        format!("system:serviceaccount:{ns}:{sa}"),
    ))
}

#[cfg(test)]
#[path = "trust_shorthand_tests.rs"]
mod tests;
