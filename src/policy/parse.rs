//! Reading a JSON value into a typed [`Policy`], reporting every grammar problem with its path.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::condition::{ConditionBlock, read_condition};
use super::document::{
    ActionList, Effect, Policy, PolicyVersion, PrincipalElement, ResourceList, Statement,
};
use super::error::{PolicyError, ProblemSink, suggest_key};
use super::path::JsonPath;
use super::principal::read_principal;
use super::value_list::{kind_of, read_string_list};

const DOCUMENT_KEYS: &[&str] = &["Version", "Id", "Statement"];
const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Parses a policy document with IAM's grammar, reporting every problem found.
pub fn parse(value: &Value) -> Result<Policy, PolicyError> {
    parse_located(value).map(|(policy, _)| policy)
}

/// Which `Sid`s a policy's home accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SidCharset {
    /// IAM's own policies: ASCII letters and digits only
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html>).
    IamAlphanumeric,
    /// Resource-based policies of other services (S3, SQS, SNS, KMS…) and SCPs take any
    /// string, e.g. KMS's default `"Sid": "Enable IAM User Permissions"`.
    Any,
}

/// Like [`parse`], also returning each statement's path (`Statement` when the document
/// holds a single statement object, `Statement[i]` otherwise) for follow-up checks.
pub(crate) fn parse_located(value: &Value) -> Result<(Policy, Vec<JsonPath>), PolicyError> {
    parse_located_as(value, SidCharset::IamAlphanumeric)
}

/// [`parse_located`] with the `Sid` rule of the policy's home.
pub(crate) fn parse_located_as(
    value: &Value,
    sids: SidCharset,
) -> Result<(Policy, Vec<JsonPath>), PolicyError> {
    let mut sink = ProblemSink::default();
    let parsed = read_document(value, sids, &mut sink);
    match parsed {
        Some(found) if sink.0.is_empty() => Ok(found),
        _ => Err(PolicyError { problems: sink.0 }),
    }
}

fn read_document(
    value: &Value,
    sids_allowed: SidCharset,
    sink: &mut ProblemSink,
) -> Option<(Policy, Vec<JsonPath>)> {
    let root = JsonPath::root();
    let Value::Object(doc) = value else {
        sink.report(
            &root,
            format!("a policy document must be a map, found {}", kind_of(value)),
            Some(r#"start from {"Version": "2012-10-17", "Statement": [...]}"#.into()),
        );
        return None;
    };
    report_unknown_keys(doc, DOCUMENT_KEYS, &root, sink);
    let version = match doc.get("Version") {
        None => Some(PolicyVersion::V2008_10_17),
        Some(Value::String(s)) => PolicyVersion::from_name(s).or_else(|| {
            sink.report(
                &root.key("Version"),
                format!("`{s}` is not a policy language version"),
                Some(r#"use "2012-10-17" (the current version)"#.into()),
            );
            None
        }),
        Some(other) => {
            sink.report(
                &root.key("Version"),
                format!("must be a string, found {}", kind_of(other)),
                Some(r#"use "2012-10-17""#.into()),
            );
            None
        }
    };
    let id = match doc.get("Id") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            sink.report(
                &root.key("Id"),
                format!("must be a string, found {}", kind_of(other)),
                None,
            );
            None
        }
    };
    let statement_path = root.key("Statement");
    let located: Vec<(&Value, JsonPath)> = match doc.get("Statement") {
        None => {
            sink.report(
                &root,
                "missing `Statement`".into(),
                Some(
                    r#"add "Statement": [{"Effect": "Allow", "Action": ..., "Resource": ...}]"#
                        .into(),
                ),
            );
            return None;
        }
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| (s, statement_path.index(i)))
            .collect(),
        Some(single @ Value::Object(_)) => vec![(single, statement_path.clone())],
        Some(other) => {
            sink.report(
                &statement_path,
                format!("must be a list of statements, found {}", kind_of(other)),
                None,
            );
            return None;
        }
    };
    let mut statements = Vec::with_capacity(located.len());
    let mut sids: BTreeMap<String, JsonPath> = BTreeMap::new();
    for (value, path) in &located {
        if let Some(statement) = read_statement(value, path, sids_allowed, sink) {
            if let Some(sid) = &statement.sid
                && let Some(first) = sids.insert(sid.clone(), path.clone())
            {
                sink.report(
                    &path.key("Sid"),
                    format!("Sid `{sid}` is already used by {first}"),
                    Some("IAM requires Sids to be unique within a policy".into()),
                );
            }
            statements.push(statement);
        }
    }
    let paths = located.into_iter().map(|(_, p)| p).collect();
    Some((
        Policy {
            version: version?,
            id,
            statements,
        },
        paths,
    ))
}

fn report_unknown_keys(
    map: &Map<String, Value>,
    known: &[&str],
    path: &JsonPath,
    sink: &mut ProblemSink,
) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        let hint =
            suggest_key(key, known).unwrap_or_else(|| format!("known keys: {}", known.join(", ")));
        sink.report(&path.key(key), format!("unknown key `{key}`"), Some(hint));
    }
}

/// Reads one statement; `None` after reporting problems.
fn read_statement(
    value: &Value,
    path: &JsonPath,
    sids: SidCharset,
    sink: &mut ProblemSink,
) -> Option<Statement> {
    let Value::Object(map) = value else {
        sink.report(
            path,
            format!("a statement must be a map, found {}", kind_of(value)),
            None,
        );
        return None;
    };
    let before = sink.count();
    report_unknown_keys(map, STATEMENT_KEYS, path, sink);
    let sid = read_sid(map.get("Sid"), &path.key("Sid"), sids, sink);
    let effect = read_effect(map.get("Effect"), path, sink);
    let principal = read_pair(
        map,
        ("Principal", "NotPrincipal"),
        path,
        sink,
        read_principal,
    )
    .map(|found| {
        found.map(|(is_not, p)| match is_not {
            false => PrincipalElement::Principal(p),
            true => PrincipalElement::NotPrincipal(p),
        })
    });
    let action = match read_pair(map, ("Action", "NotAction"), path, sink, read_actions) {
        Some(Some((false, v))) => Some(ActionList::Action(v)),
        Some(Some((true, v))) => Some(ActionList::NotAction(v)),
        Some(None) => {
            sink.report(
                path,
                "missing `Action` (or `NotAction`)".into(),
                Some(r#"add e.g. "Action": "s3:GetObject""#.into()),
            );
            None
        }
        None => None,
    };
    let resource =
        read_pair(map, ("Resource", "NotResource"), path, sink, read_resources).map(|found| {
            found.map(|(is_not, v)| match is_not {
                false => ResourceList::Resource(v),
                true => ResourceList::NotResource(v),
            })
        });
    let condition = match map.get("Condition") {
        None => Some(ConditionBlock::default()),
        Some(v) => read_condition(v, &path.key("Condition"), sink),
    };
    if sink.count() != before {
        return None;
    }
    Some(Statement {
        sid: sid?,
        effect: effect?,
        principal: principal?,
        action: action?,
        resource: resource?,
        condition: condition?,
    })
}

type Reader<T> = fn(&Value, &JsonPath, &mut ProblemSink) -> Option<T>;

/// Reads an element that has a positive and a `Not` form (`Action`/`NotAction`, …), which
/// are mutually exclusive. `Some(None)`: neither present; `Some(Some((is_not, value)))`.
fn read_pair<T>(
    map: &Map<String, Value>,
    (plain, not): (&str, &str),
    path: &JsonPath,
    sink: &mut ProblemSink,
    reader: Reader<T>,
) -> Option<Option<(bool, T)>> {
    match (map.get(plain), map.get(not)) {
        (None, None) => Some(None),
        (Some(v), None) => reader(v, &path.key(plain), sink).map(|t| Some((false, t))),
        (None, Some(v)) => reader(v, &path.key(not), sink).map(|t| Some((true, t))),
        (Some(_), Some(_)) => {
            sink.report(
                path,
                format!("has both `{plain}` and `{not}`"),
                Some("a statement takes one of them; split it into two statements".into()),
            );
            None
        }
    }
}

/// `Some(None)` when absent; `None` after reporting a problem.
fn read_sid(
    value: Option<&Value>,
    path: &JsonPath,
    charset: SidCharset,
    sink: &mut ProblemSink,
) -> Option<Option<String>> {
    match value {
        None => Some(None),
        Some(Value::String(s))
            if charset == SidCharset::Any || s.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Some(Some(s.clone()))
        }
        Some(Value::String(s)) => {
            let fixed: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
            sink.report(
                path,
                format!("Sid `{s}` may only contain ASCII letters and digits"),
                Some(format!("IAM rejects other characters; e.g. `{fixed}`")),
            );
            None
        }
        Some(other) => {
            sink.report(
                path,
                format!("must be a string, found {}", kind_of(other)),
                None,
            );
            None
        }
    }
}

fn read_effect(
    value: Option<&Value>,
    statement: &JsonPath,
    sink: &mut ProblemSink,
) -> Option<Effect> {
    let path = statement.key("Effect");
    match value {
        Some(Value::String(s)) if s == "Allow" => Some(Effect::Allow),
        Some(Value::String(s)) if s == "Deny" => Some(Effect::Deny),
        None => {
            sink.report(
                statement,
                "missing `Effect`".into(),
                Some(r#"add "Effect": "Allow" or "Effect": "Deny""#.into()),
            );
            None
        }
        Some(Value::String(s)) => {
            let hint = match s.to_ascii_lowercase().as_str() {
                "allow" => r#"Effect is case-sensitive: write "Allow""#,
                "deny" => r#"Effect is case-sensitive: write "Deny""#,
                _ => r#"use "Allow" or "Deny""#,
            };
            sink.report(&path, format!("`{s}` is not an Effect"), Some(hint.into()));
            None
        }
        Some(other) => {
            sink.report(
                &path,
                format!("must be \"Allow\" or \"Deny\", found {}", kind_of(other)),
                None,
            );
            None
        }
    }
}

/// Action patterns are `*` or `service:Name` (the name may use `*` and `?`).
fn read_actions(value: &Value, path: &JsonPath, sink: &mut ProblemSink) -> Option<Vec<String>> {
    let list = read_string_list(value, path, sink)?;
    let before = sink.count();
    for (i, action) in list.iter().enumerate() {
        let well_formed = action == "*"
            || action.split_once(':').is_some_and(|(service, name)| {
                !service.is_empty()
                    && service
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !name.is_empty()
                    && !name.contains(':')
                    && !name.chars().any(char::is_whitespace)
            });
        if !well_formed {
            let at = if value.is_array() {
                path.index(i)
            } else {
                path.clone()
            };
            sink.report(
                &at,
                format!("`{action}` is not an action"),
                Some("write SERVICE:ACTION such as `s3:GetObject`, or `*`".into()),
            );
        }
    }
    (sink.count() == before).then_some(list)
}

/// Resource patterns are `*` or ARNs (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`,
/// where any part may use wildcards or policy variables).
fn read_resources(value: &Value, path: &JsonPath, sink: &mut ProblemSink) -> Option<Vec<String>> {
    let list = read_string_list(value, path, sink)?;
    let before = sink.count();
    for (i, resource) in list.iter().enumerate() {
        let well_formed =
            resource == "*" || (resource.starts_with("arn:") && resource.matches(':').count() >= 5);
        if !well_formed {
            let at = if value.is_array() {
                path.index(i)
            } else {
                path.clone()
            };
            sink.report(
                &at,
                format!("`{resource}` is not an ARN or `*`"),
                Some("write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::bucket/*".into()),
            );
        }
    }
    (sink.count() == before).then_some(list)
}

#[cfg(test)]
mod tests;
