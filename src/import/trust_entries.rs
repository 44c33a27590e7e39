//! Trust policies back into `trust:` entries, when the entries say exactly the same.
//!
//! Each statement is read into one entry (`trust_entry_read`), the entries are resolved
//! the way the manifest loader resolves them (`trust_entry_statement`), and the result
//! must be [`policy::equivalent`] to the original; anything else (Sids,
//! `sts:TagSession`, principals by unique id, mixed accounts, …) keeps the raw
//! `assume_role_policy`. The entries are then written as YAML (`trust_entry_yaml`).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::trust_entry_read::entry;
use super::trust_entry_statement::resolve;
use super::trust_entry_yaml::to_yaml;
use super::yaml_text::Yaml;
use crate::arn::Partition;
use crate::policy;

/// What reading trust principals needs to know about the project and the account.
pub struct TrustNaming<'a> {
    /// The imported account's id.
    pub account_id: &'a str,
    /// The imported account's partition: every principal its trust names is in it.
    pub partition: Partition,
    /// Manifest account names by id (other accounts are written by id).
    pub account_names: BTreeMap<&'a str, &'a str>,
    /// Paths of the roles the import writes, by name.
    pub role_paths: BTreeMap<&'a str, &'a str>,
    /// Paths of the users the import writes, by name.
    pub user_paths: BTreeMap<&'a str, &'a str>,
}

/// One `trust:` entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Entry {
    pub(super) services: Vec<String>,
    /// Trusted account roots: 12-digit ids.
    pub(super) roots: Vec<String>,
    /// Account of `roles`/`users` when it is not the role's own.
    pub(super) principal_account: Option<String>,
    pub(super) roles: Vec<String>,
    pub(super) users: Vec<String>,
    pub(super) federated: Option<String>,
    pub(super) require_mfa: bool,
    pub(super) external_id: Option<String>,
    pub(super) conditions: Map<String, Value>,
    /// A `github:`/`gitlab:`/`eks:`/`saml:` entry for the federated provider, and the
    /// conditions it leaves to write raw.
    pub(super) shorthand: Option<(&'static str, Yaml, Map<String, Value>)>,
}

/// The `trust:` entries equivalent to `document`, or `None` to keep it raw.
pub fn trust_entries(document: &Value, naming: &TrustNaming<'_>) -> Option<Yaml> {
    let doc = document.as_object()?;
    if doc.keys().any(|k| k != "Version" && k != "Statement") || doc.get("Version")? != "2012-10-17"
    {
        return None;
    }
    let statements = match doc.get("Statement")? {
        Value::Array(list) => list.iter().collect::<Vec<_>>(),
        single @ Value::Object(_) => vec![single],
        _ => return None,
    };
    if statements.is_empty() {
        return None;
    }
    let entries: Vec<Entry> = statements
        .into_iter()
        .map(|s| entry(s, naming))
        .collect::<Option<_>>()?;
    let rebuilt: Vec<Value> = entries.iter().map(|e| resolve(e, naming)).collect();
    let rebuilt = json!({"Version": "2012-10-17", "Statement": rebuilt});
    policy::equivalent(document, &rebuilt)
        .then(|| Yaml::List(entries.iter().map(|e| to_yaml(e, naming)).collect()))
}

#[cfg(test)]
#[path = "trust_entries_tests.rs"]
mod tests;
