//! A parsed statement together with where it and its list elements sit in the JSON.

use serde_json::Value;

use crate::policy::document::{Policy, Statement};
use crate::policy::path::JsonPath;

/// One statement with its path and its raw JSON (for element paths).
#[derive(Debug, Clone)]
pub struct LocatedStatement<'a> {
    /// The parsed statement.
    pub statement: &'a Statement,
    /// `Statement` or `Statement[i]`.
    pub path: JsonPath,
    raw: &'a Value,
}

impl<'a> LocatedStatement<'a> {
    /// Every statement of `policy` (parsed from `document`) with its location.
    pub fn all(document: &'a Value, policy: &'a Policy) -> Vec<LocatedStatement<'a>> {
        let base = JsonPath::root().key("Statement");
        match document.get("Statement") {
            Some(Value::Array(items)) => policy
                .statements
                .iter()
                .zip(items)
                .enumerate()
                .map(|(i, (statement, raw))| LocatedStatement {
                    statement,
                    path: base.index(i),
                    raw,
                })
                .collect(),
            Some(raw) => policy
                .statements
                .iter()
                .map(|statement| LocatedStatement {
                    statement,
                    path: base.clone(),
                    raw,
                })
                .collect(),
            None => Vec::new(),
        }
    }

    /// The path of the `index`th value under `key` (`Action[2]`, or `Action` when the
    /// document wrote a single string).
    pub fn element(&self, key: &str, index: usize) -> JsonPath {
        match self.raw.get(key) {
            Some(Value::Array(_)) => self.path.key(key).index(index),
            _ => self.path.key(key),
        }
    }
}
