//! A `trust:` entry as YAML, in the key order the manifest documents: principals, the
//! shorthand or `federated`, then `require_mfa`, `external_id` and raw `conditions`.

use serde_json::Value;

use super::trust_entries::{Entry, TrustNaming};
use super::yaml_text::Yaml;

fn account_word(id: &str, naming: &TrustNaming<'_>) -> String {
    naming.account_names.get(id).map_or(id, |n| n).to_string()
}

/// The entry's YAML map, with accounts named as the manifests name them.
pub(super) fn to_yaml(e: &Entry, naming: &TrustNaming<'_>) -> Yaml {
    let mut out: Vec<(String, Yaml)> = Vec::new();
    let mut put = |k: &str, v: Yaml| out.push((k.to_string(), v));
    match &e.services[..] {
        [] => {}
        [one] => put("service", Yaml::str(one)),
        many => put("services", Yaml::strings(many)),
    }
    let roots: Vec<String> = e.roots.iter().map(|id| account_word(id, naming)).collect();
    match &roots[..] {
        [] => {}
        [one] => put("account", Yaml::str(one)),
        many => put("accounts", Yaml::strings(many)),
    }
    // Roles and users of another account are named by id: the loader then assumes `/`.
    if let Some(account) = &e.principal_account {
        put("account", Yaml::str(account));
    }
    if !e.roles.is_empty() {
        put("roles", Yaml::strings(&e.roles));
    }
    if !e.users.is_empty() {
        put("users", Yaml::strings(&e.users));
    }
    let mut conditions = &e.conditions;
    match (&e.shorthand, &e.federated) {
        (Some((key, value, rest)), _) => {
            put(key, value.clone());
            conditions = rest;
        }
        (None, Some(provider)) => put("federated", Yaml::str(provider)),
        (None, None) => {}
    }
    if e.require_mfa {
        put("require_mfa", Yaml::Literal("true".into()));
    }
    if let Some(id) = &e.external_id {
        put("external_id", Yaml::str(id));
    }
    if !conditions.is_empty() {
        let conditions = Value::Object(conditions.clone());
        put("conditions", Yaml::from_json(&conditions, &|_| 0));
    }
    Yaml::Map(out)
}
