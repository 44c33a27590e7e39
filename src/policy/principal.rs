//! `Principal` / `NotPrincipal`: who a statement is about.

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::{ProblemSink, suggest_key};
use super::path::JsonPath;
use super::value_list::read_string_list;

/// The principals named by a `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Principal {
    /// `"*"`: everyone, including anonymous callers.
    Any,
    /// A map of principal type to values, e.g. `{"Service": ["ec2.amazonaws.com"]}`.
    Typed(BTreeMap<PrincipalType, Vec<String>>),
}

/// The kind of principal named in a [`Principal::Typed`] map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions (ARNs or 12-digit account ids), or `*`.
    Aws,
    /// `CanonicalUser`: an S3 canonical user id.
    CanonicalUser,
    /// `Federated`: a SAML or OIDC provider, or a web identity provider such as `cognito-identity.amazonaws.com`.
    Federated,
    /// `Service`: an AWS service principal such as `lambda.amazonaws.com`.
    Service,
}

const TYPE_KEYS: &[&str] = &["AWS", "CanonicalUser", "Federated", "Service"];

impl PrincipalType {
    /// The JSON key of this type.
    pub fn key(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::CanonicalUser => "CanonicalUser",
            PrincipalType::Federated => "Federated",
            PrincipalType::Service => "Service",
        }
    }

    /// Reads a JSON key; principal type keys are case-sensitive.
    pub fn from_key(key: &str) -> Option<PrincipalType> {
        match key {
            "AWS" => Some(PrincipalType::Aws),
            "CanonicalUser" => Some(PrincipalType::CanonicalUser),
            "Federated" => Some(PrincipalType::Federated),
            "Service" => Some(PrincipalType::Service),
            _ => None,
        }
    }
}

impl Principal {
    /// [`Principal::normalized_in`] the `aws` partition.
    pub fn normalized(&self) -> Principal {
        self.normalized_in(crate::arn::Partition::Aws.as_str())
    }

    /// The comparison form: `"*"` becomes `{"AWS": ["*"]}` (IAM treats them alike), bare
    /// account ids become `arn:PARTITION:iam::ID:root` (IAM rewrites them so when it
    /// stores the policy, in the partition that holds it), and every value list is sorted
    /// and de-duplicated.
    pub fn normalized_in(&self, partition: &str) -> Principal {
        let mut map = match self {
            Principal::Any => BTreeMap::from([(PrincipalType::Aws, vec!["*".to_string()])]),
            Principal::Typed(map) => map.clone(),
        };
        for (kind, values) in map.iter_mut() {
            if *kind == PrincipalType::Aws {
                for v in values.iter_mut() {
                    *v = account_to_root_arn(v, partition);
                }
                // `*` already names every AWS principal, in Principal and NotPrincipal.
                if values.iter().any(|v| v == "*") {
                    values.retain(|v| v == "*");
                }
            }
            values.sort();
            values.dedup();
        }
        Principal::Typed(map)
    }

    /// True when this names every principal (`"*"` or `{"AWS": "*"}`).
    pub fn is_everyone(&self) -> bool {
        self.normalized() == Principal::Any.normalized()
    }

    /// The element as IAM JSON (lists always as lists).
    pub fn to_value(&self) -> Value {
        match self {
            Principal::Any => Value::String("*".into()),
            Principal::Typed(map) => Value::Object(
                map.iter()
                    .map(|(k, vs)| (k.key().to_string(), string_list_value(vs)))
                    .collect(),
            ),
        }
    }
}

/// `123456789012` → `arn:PARTITION:iam::123456789012:root`; anything else unchanged.
/// The partition is a string: comparisons may try one a document names without knowing it.
pub(crate) fn account_to_root_arn(value: &str, partition: &str) -> String {
    if crate::arn::is_account_id(value) {
        format!("arn:{partition}:iam::{value}:root")
    } else {
        value.to_string()
    }
}

pub(crate) fn string_list_value(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}

/// Reads a `Principal`/`NotPrincipal` value at `path`; `None` after reporting problems.
pub(crate) fn read_principal(
    value: &Value,
    path: &JsonPath,
    sink: &mut ProblemSink,
) -> Option<Principal> {
    match value {
        Value::String(s) if s == "*" => Some(Principal::Any),
        Value::Object(map) if map.is_empty() => {
            sink.report(
                path,
                "names no principal".into(),
                Some(
                    r#"write "*" or a map such as {"AWS": "arn:aws:iam::123456789012:root"}"#
                        .into(),
                ),
            );
            None
        }
        Value::Object(map) => {
            let before = sink.count();
            let mut typed = BTreeMap::new();
            for (key, values) in map {
                let at = path.key(key);
                let Some(kind) = PrincipalType::from_key(key) else {
                    let hint = suggest_key(key, TYPE_KEYS)
                        .unwrap_or_else(|| "use AWS, Service, Federated or CanonicalUser".into());
                    sink.report(&at, format!("unknown principal type `{key}`"), Some(hint));
                    continue;
                };
                if let Some(list) = read_string_list(values, &at, sink) {
                    typed.insert(kind, list);
                }
            }
            (sink.count() == before).then_some(Principal::Typed(typed))
        }
        Value::String(s) => {
            sink.report(
                path,
                format!("`{s}` is not a principal element"),
                Some(format!(
                    r#"only "*" may be written bare; name a principal in a map, e.g. {{"AWS": "{s}"}}"#
                )),
            );
            None
        }
        _ => {
            sink.report(
                path,
                "must be \"*\" or a map of principal type to values".into(),
                Some(r#"e.g. {"Service": "ec2.amazonaws.com"}"#.into()),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(v: Value) -> Result<Principal, Vec<String>> {
        let mut sink = ProblemSink::default();
        read_principal(&v, &JsonPath::root().key("Principal"), &mut sink)
            .ok_or_else(|| sink.0.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn star_and_aws_star_normalize_alike() {
        let star = read(json!("*")).unwrap();
        let aws = read(json!({"AWS": ["*"]})).unwrap();
        assert_eq!(star.normalized(), aws.normalized());
        assert!(star.is_everyone() && aws.is_everyone());
        assert!(!read(json!({"Service": "*"})).unwrap().is_everyone());
    }

    #[test]
    fn account_ids_become_root_arns_sorted_and_deduplicated() {
        let p = read(json!({"AWS": ["123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::111111111111:role/x"]}))
            .unwrap()
            .normalized();
        assert_eq!(
            p.to_value(),
            json!({"AWS": ["arn:aws:iam::111111111111:role/x", "arn:aws:iam::123456789012:root"]})
        );
    }

    #[test]
    fn reports_unknown_types_and_bare_arns() {
        assert_eq!(
            read(json!({"Aws": "x", "Service": 3})).unwrap_err(),
            vec![
                "Principal.Aws: unknown principal type `Aws` (hint: keys are case-sensitive: write `AWS`)",
                "Principal.Service: must be a string or a list of strings (hint: write one string, or a list such as [\"a\", \"b\"])",
            ]
        );
        assert!(
            read(json!("arn:aws:iam::123456789012:root")).unwrap_err()[0]
                .contains("not a principal element")
        );
        assert!(read(json!({})).is_err());
    }
}
