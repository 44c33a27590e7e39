//! The statement the manifest loader generates for a `trust:` entry, to compare with
//! the statement the entry was read from.

use serde_json::{Map, Value, json};

use super::trust_entries::{Entry, TrustNaming};
use crate::arn;

fn one_or_many(values: Vec<String>) -> Value {
    match &values[..] {
        [one] => Value::String(one.clone()),
        _ => Value::Array(values.into_iter().map(Value::String).collect()),
    }
}

/// The statement the manifest loader generates for `e`.
pub(super) fn resolve(e: &Entry, naming: &TrustNaming<'_>) -> Value {
    let (principal, action) = if !e.services.is_empty() {
        (
            json!({"Service": one_or_many(e.services.clone())}),
            "sts:AssumeRole",
        )
    } else if !e.roots.is_empty() {
        let roots = e
            .roots
            .iter()
            .map(|id| arn::account_root(naming.partition, id))
            .collect();
        (json!({"AWS": one_or_many(roots)}), "sts:AssumeRole")
    } else if let Some(provider) = &e.federated {
        let action = if provider.contains(":saml-provider/") {
            "sts:AssumeRoleWithSAML"
        } else {
            "sts:AssumeRoleWithWebIdentity"
        };
        (json!({"Federated": provider}), action)
    } else {
        let account = e.principal_account.as_deref().unwrap_or(naming.account_id);
        let own = e.principal_account.is_none();
        let arn_of = |kind: &str, name: &String| {
            let paths = if kind == "role" {
                &naming.role_paths
            } else {
                &naming.user_paths
            };
            let path = if own {
                paths.get(name.as_str()).copied().unwrap_or("/")
            } else {
                "/"
            };
            arn::iam_entity(naming.partition, account, kind, path, name)
        };
        let arns = e.roles.iter().map(|n| arn_of("role", n));
        let arns = arns
            .chain(e.users.iter().map(|n| arn_of("user", n)))
            .collect();
        (json!({"AWS": one_or_many(arns)}), "sts:AssumeRole")
    };
    let mut condition = Map::new();
    if e.require_mfa {
        condition.insert("Bool".into(), json!({"aws:MultiFactorAuthPresent": "true"}));
    }
    if let Some(id) = &e.external_id {
        condition.insert("StringEquals".into(), json!({"sts:ExternalId": id}));
    }
    for (op, keys) in &e.conditions {
        let block = condition.entry(op.clone()).or_insert_with(|| json!({}));
        for (k, v) in keys.as_object().into_iter().flatten() {
            block[k] = v.clone();
        }
    }
    let mut s = Map::new();
    s.insert("Effect".into(), "Allow".into());
    s.insert("Principal".into(), principal);
    s.insert("Action".into(), action.into());
    if !condition.is_empty() {
        s.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(s)
}
