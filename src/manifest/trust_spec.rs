//! The `trust:` entries of a role's manifest, and the `github:`, `gitlab:` and `eks:`
//! shorthands they may hold, decoded with every value located.

use schemars::JsonSchema;

use crate::diagnostic::Diagnostic;

use super::decode::{Decode, decode_struct};
use super::located::Located;
use super::yaml_node::YamlNode;

/// One trust statement: who may assume the role, and on which conditions.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrustEntry {
    /// An AWS service principal, e.g. `ec2.amazonaws.com`.
    pub service: Option<Located<String>>,
    /// Several AWS service principals.
    pub services: Option<Vec<Located<String>>>,
    /// An account (manifest name or 12-digit id): its root, or the account of `roles`/`users`.
    pub account: Option<Located<String>>,
    /// Several accounts (manifest names or 12-digit ids), each trusted as a whole.
    pub accounts: Option<Vec<Located<String>>>,
    /// Roles that may assume this role (in `account`, or in this role's account).
    pub roles: Option<Vec<Located<String>>>,
    /// Users that may assume this role (in `account`, or in this role's account).
    pub users: Option<Vec<Located<String>>>,
    /// A SAML or OIDC provider ARN, or an OIDC provider host in this role's account.
    pub federated: Option<Located<String>>,
    /// GitHub Actions workflows of a repository, through this account's
    /// `token.actions.githubusercontent.com` provider.
    pub github: Option<Located<GithubTrust>>,
    /// GitLab CI jobs of a project, through this account's provider of the GitLab
    /// instance (`gitlab.com` unless `host` says otherwise).
    pub gitlab: Option<Located<GitlabTrust>>,
    /// A Kubernetes service account of an EKS cluster (IAM roles for service accounts).
    pub eks: Option<Located<EksTrust>>,
    /// People signing in through a SAML provider of this account (its name).
    pub saml: Option<Located<String>>,
    /// Require MFA (`aws:MultiFactorAuthPresent`).
    pub require_mfa: Option<bool>,
    /// Require this `sts:ExternalId`.
    pub external_id: Option<Located<String>>,
    /// Extra IAM condition block, merged with the generated conditions.
    pub conditions: Option<Located<serde_json::Value>>,
}
decode_struct!(TrustEntry as "a trust entry" {
    service, services, account, accounts, roles, users, federated, github, gitlab, eks, saml,
    require_mfa, external_id, conditions,
});

/// `github:` trust: which workflows of which repository.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GithubTrust {
    /// `owner/name`; `*` and `?` make it a pattern (`acme/*`).
    pub repo: Option<Located<String>>,
    /// A full Git ref, `refs/heads/main` or `refs/tags/v*`.
    #[schemars(rename = "ref")]
    pub git_ref: Option<Located<String>>,
    /// A deployment environment's name.
    pub environment: Option<Located<String>>,
    /// Workflows run for pull requests.
    pub pull_request: Option<Located<bool>>,
}

impl Decode for GithubTrust {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<GithubTrust> {
        let fields = super::decode::StructFields::read(
            node,
            "a github trust",
            &["repo", "ref", "environment", "pull_request"],
            sink,
        )?;
        Some(GithubTrust {
            repo: fields.take("repo", sink),
            git_ref: fields.take("ref", sink),
            environment: fields.take("environment", sink),
            pull_request: fields.take("pull_request", sink),
        })
    }
}

/// `gitlab:` trust: which jobs of which project.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GitlabTrust {
    /// The GitLab instance's host name (`gitlab.example.com`, no scheme or path); the
    /// provider, `aud` and the condition keys are that instance's. Default `gitlab.com`.
    pub host: Option<Located<String>>,
    /// `group/name` (subgroups allowed); `*` and `?` make it a pattern.
    pub project: Option<Located<String>>,
    /// A branch name (jobs of that branch).
    #[schemars(rename = "ref")]
    pub git_ref: Option<Located<String>>,
    /// A tag name (jobs of that tag).
    pub tag: Option<Located<String>>,
}

impl Decode for GitlabTrust {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<GitlabTrust> {
        let fields = super::decode::StructFields::read(
            node,
            "a gitlab trust",
            &["host", "project", "ref", "tag"],
            sink,
        )?;
        Some(GitlabTrust {
            host: fields.take("host", sink),
            project: fields.take("project", sink),
            git_ref: fields.take("ref", sink),
            tag: fields.take("tag", sink),
        })
    }
}

/// `eks:` trust: a Kubernetes service account (IAM roles for service accounts).
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EksTrust {
    /// The cluster's OIDC issuer URL.
    pub cluster_oidc: Option<Located<String>>,
    /// The service account's namespace.
    pub namespace: Option<Located<String>>,
    /// The service account's name.
    pub service_account: Option<Located<String>>,
}
decode_struct!(EksTrust as "an eks trust" { cluster_oidc, namespace, service_account });
