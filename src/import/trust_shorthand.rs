//! Federated trust statements back into `github:`, `gitlab:`, `eks:` and `saml:`
//! entries, when their conditions are exactly what the shorthand writes (see
//! `manifest::trust_shorthand`): the provider in the role's own account, `aud` with
//! StringEquals, `sub` with StringEquals when exact and StringLike when a pattern, and
//! the `sub` read back into its parts and written again to the same text.

use serde_json::{Map, Value};

use super::yaml_text::Yaml;
use crate::arn::{self, Partition};
use crate::manifest::{
    GITHUB_ISSUER, GITLAB_ISSUER, SAML_AUDIENCE, STS_AUDIENCE, gitlab_audience, is_gitlab_host,
};

/// A recognised shorthand: its key, its value, and the conditions left to write raw.
pub struct Recognised {
    /// `github`, `gitlab`, `eks` or `saml`.
    pub key: &'static str,
    /// The shorthand's value.
    pub value: Yaml,
    /// The conditions the shorthand does not write.
    pub rest: Map<String, Value>,
}

fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

fn name_text(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-/*?".contains(c))
}

/// `OWNER/NAME` as the shorthand accepts it (owner no pattern).
fn owner_and_name(text: &str) -> bool {
    name_text(text)
        && text
            .split_once('/')
            .is_some_and(|(o, n)| !o.is_empty() && !n.is_empty() && !is_pattern(o))
}

/// The single string of a condition value (`"x"` or `["x"]`).
fn single(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Array(items) if items.len() == 1 => items[0].as_str(),
        _ => None,
    }
}

/// Takes `key` out of `op` in `block` when its value is exactly one string.
fn take(block: &mut Map<String, Value>, op: &str, key: &str) -> Option<String> {
    let keys = block.get_mut(op)?.as_object_mut()?;
    let value = single(keys.get(key)?)?.to_string();
    keys.remove(key);
    if keys.is_empty() {
        block.remove(op);
    }
    Some(value)
}

/// `aud` (StringEquals, = `audience`) and `sub` (StringEquals or StringLike as its text
/// asks), taken out of `block`.
fn aud_and_sub(block: &mut Map<String, Value>, issuer: &str, audience: &str) -> Option<String> {
    let mut rest = block.clone();
    if take(&mut rest, "StringEquals", &format!("{issuer}:aud"))? != audience {
        return None;
    }
    let key = format!("{issuer}:sub");
    let sub = take(&mut rest, "StringEquals", &key)
        .filter(|s| !is_pattern(s))
        .or_else(|| take(&mut rest, "StringLike", &key).filter(|s| is_pattern(s)))?;
    *block = rest;
    Some(sub)
}

fn map(fields: Vec<(&str, Yaml)>) -> Yaml {
    Yaml::Map(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn github(sub: &str) -> Option<Yaml> {
    let rest = sub.strip_prefix("repo:")?;
    let (repo, what) = rest.split_once(':')?;
    if !owner_and_name(repo) {
        return None;
    }
    let mut fields = vec![("repo", Yaml::str(repo))];
    if what == "*" {
    } else if what == "pull_request" {
        fields.push(("pull_request", Yaml::Literal("true".into())));
    } else if let Some(r) = what.strip_prefix("ref:") {
        if !r.starts_with("refs/") || !name_text(r) {
            return None;
        }
        fields.push(("ref", Yaml::str(r)));
    } else if let Some(env) = what.strip_prefix("environment:") {
        if !name_text(env) {
            return None;
        }
        fields.push(("environment", Yaml::str(env)));
    } else {
        return None;
    }
    Some(map(fields))
}

/// A `gitlab:` entry of instance `host`, which is written only when not `gitlab.com`.
fn gitlab(host: &str, sub: &str) -> Option<Yaml> {
    let rest = sub.strip_prefix("project_path:")?;
    let (project, what) = rest.split_once(':')?;
    if !owner_and_name(project) {
        return None;
    }
    let mut fields = Vec::new();
    if host != GITLAB_ISSUER {
        fields.push(("host", Yaml::str(host)));
    }
    fields.push(("project", Yaml::str(project)));
    if what == "*" {
    } else if let Some(r) = what.strip_prefix("ref_type:branch:ref:") {
        fields.push(("ref", Yaml::str(r)));
    } else if let Some(t) = what.strip_prefix("ref_type:tag:ref:") {
        fields.push(("tag", Yaml::str(t)));
    } else {
        return None;
    }
    let last = fields.last().and_then(|(_, v)| match v {
        Yaml::Str(s) => Some(s.as_str()),
        _ => None,
    });
    last.is_some_and(name_text).then(|| map(fields))
}

fn eks(issuer: &str, sub: &str) -> Option<Yaml> {
    // The loader names the provider of `https://ISSUER` by the normalized URL.
    if crate::model::oidc_provider_name(issuer) != issuer {
        return None;
    }
    let rest = sub.strip_prefix("system:serviceaccount:")?;
    let (ns, sa) = rest.split_once(':')?;
    if !name_text(ns) || !name_text(sa) || ns.contains('/') || sa.contains('/') {
        return None;
    }
    Some(map(vec![
        ("cluster_oidc", Yaml::str(format!("https://{issuer}"))),
        ("namespace", Yaml::str(ns)),
        ("service_account", Yaml::str(sa)),
    ]))
}

/// A `gitlab:` entry when `issuer` is a host the shorthand accepts and `conditions`
/// are what it writes for that instance: `aud` its URL, `sub` a `project_path:` claim.
/// On gitlab.com that is the only reading; on another host, a statement that is not a
/// GitLab one is left for `eks:` (or raw), so `conditions` are only taken on success.
fn self_described_gitlab(issuer: &str, conditions: &mut Map<String, Value>) -> Option<Yaml> {
    if !is_gitlab_host(issuer) {
        return None;
    }
    let mut rest = conditions.clone();
    let value = gitlab(
        issuer,
        &aud_and_sub(&mut rest, issuer, &gitlab_audience(issuer))?,
    )?;
    *conditions = rest;
    Some(value)
}

/// The shorthand `provider` (a `Principal.Federated` ARN) and `conditions` amount to,
/// when the provider is in `account_id`.
pub fn recognise(
    provider: &str,
    conditions: &Map<String, Value>,
    partition: Partition,
    account_id: &str,
) -> Option<Recognised> {
    let mut rest = conditions.clone();
    let oidc = arn::iam_entity(partition, account_id, "oidc-provider", "/", "");
    let saml = arn::iam_entity(partition, account_id, "saml-provider", "/", "");
    if let Some(name) = provider.strip_prefix(&saml) {
        if take(&mut rest, "StringEquals", "SAML:aud")? != SAML_AUDIENCE {
            return None;
        }
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        return valid.then(|| Recognised {
            key: "saml",
            value: Yaml::str(name),
            rest,
        });
    }
    let issuer = provider.strip_prefix(&oidc)?;
    let (key, value) = if issuer == GITHUB_ISSUER {
        (
            "github",
            github(&aud_and_sub(&mut rest, issuer, STS_AUDIENCE)?)?,
        )
    } else if issuer == GITLAB_ISSUER {
        ("gitlab", self_described_gitlab(issuer, &mut rest)?)
    } else if let Some(value) = self_described_gitlab(issuer, &mut rest) {
        ("gitlab", value)
    } else {
        (
            "eks",
            eks(issuer, &aud_and_sub(&mut rest, issuer, STS_AUDIENCE)?)?,
        )
    };
    Some(Recognised { key, value, rest })
}
