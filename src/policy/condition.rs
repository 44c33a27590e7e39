//! `Condition`: operator → condition key → values, and the typed condition operators.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

use super::error::{ProblemSink, suggest_key};
use super::path::JsonPath;
use super::value_list::{kind_of, sorted_unique};

mod address;
mod base64;
mod date;
mod global_keys;
mod number;
mod value_type;

pub(crate) use address::{CidrBlock, parse_address};
pub(crate) use base64::decode_base64;
pub(crate) use date::parse_date;
pub(crate) use global_keys::{GLOBAL_CONDITION_KEYS, is_global_condition_key};
pub(crate) use number::Decimal;
pub(crate) use value_type::{ValueType, arn_parts, read_bool};

/// A statement's `Condition` block. Every operator, and every key under it, must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionBlock(pub BTreeMap<ConditionOperator, BTreeMap<String, Vec<String>>>);

/// A condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionOperator {
    /// The comparison itself.
    pub kind: OperatorKind,
    /// `ForAllValues:` / `ForAnyValue:` prefix, for multivalued keys.
    pub set: Option<SetQualifier>,
    /// `…IfExists` suffix: the condition holds when the key is absent.
    pub if_exists: bool,
}

/// How a condition treats a multivalued key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SetQualifier {
    /// `ForAllValues:`: every request value must match.
    ForAllValues,
    /// `ForAnyValue:`: at least one request value must match.
    ForAnyValue,
}

macro_rules! operator_kinds {
    ($($variant:ident),+ $(,)?) => {
        /// The base comparison of a condition operator (IAM's documented operator set).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum OperatorKind {
            $(#[doc = concat!("`", stringify!($variant), "`")] $variant),+
        }

        impl OperatorKind {
            /// Every operator, in documentation order.
            pub const ALL: &'static [OperatorKind] = &[$(OperatorKind::$variant),+];
            const NAMES: &'static [&'static str] = &[$(stringify!($variant)),+];

            /// The operator name as written in documents.
            pub fn as_str(self) -> &'static str {
                match self { $(OperatorKind::$variant => stringify!($variant)),+ }
            }
        }
    };
}

operator_kinds!(
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
);

impl ConditionOperator {
    /// Parses an operator name. Operator names are case-sensitive in IAM.
    pub fn parse(name: &str) -> Option<ConditionOperator> {
        let (set, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, name)
        };
        let (if_exists, base) = match rest.strip_suffix("IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let kind = *OperatorKind::ALL.iter().find(|k| k.as_str() == base)?;
        // `Null` tests for presence itself, so IAM has no NullIfExists.
        if kind == OperatorKind::Null && if_exists {
            return None;
        }
        Some(ConditionOperator {
            kind,
            set,
            if_exists,
        })
    }
}

impl fmt::Display for ConditionOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.set {
            Some(SetQualifier::ForAllValues) => f.write_str("ForAllValues:")?,
            Some(SetQualifier::ForAnyValue) => f.write_str("ForAnyValue:")?,
            None => {}
        }
        f.write_str(self.kind.as_str())?;
        if self.if_exists {
            f.write_str("IfExists")?;
        }
        Ok(())
    }
}

impl ConditionBlock {
    /// True when the statement has no conditions.
    pub fn is_empty(&self) -> bool {
        self.0.values().all(BTreeMap::is_empty)
    }

    /// The comparison form: keys lower-cased (IAM condition keys are case-insensitive),
    /// values sorted and de-duplicated (values under one key are alternatives, so order
    /// and repetition do not matter), operators without keys dropped (they test nothing).
    pub fn normalized(&self) -> ConditionBlock {
        ConditionBlock(
            self.0
                .iter()
                .filter(|(_, keys)| !keys.is_empty())
                .map(|(op, keys)| {
                    let keys = keys
                        .iter()
                        .map(|(k, vs)| (k.to_ascii_lowercase(), sorted_unique(vs.clone())))
                        .collect();
                    (*op, keys)
                })
                .collect(),
        )
    }

    /// The block as IAM JSON, values always as lists.
    pub fn to_value(&self) -> Value {
        Value::Object(
            self.0
                .iter()
                .map(|(op, keys)| {
                    let keys = keys
                        .iter()
                        .map(|(k, vs)| (k.clone(), super::principal::string_list_value(vs)))
                        .collect();
                    (op.to_string(), Value::Object(keys))
                })
                .collect(),
        )
    }
}

/// Reads a `Condition` value at `path`; `None` after reporting problems.
pub(crate) fn read_condition(
    value: &Value,
    path: &JsonPath,
    sink: &mut ProblemSink,
) -> Option<ConditionBlock> {
    let Value::Object(ops) = value else {
        sink.report(
            path,
            format!(
                "must be a map of operator to {{key: values}}, found {}",
                kind_of(value)
            ),
            Some(r#"e.g. {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}"#.into()),
        );
        return None;
    };
    let before = sink.count();
    let mut block = BTreeMap::new();
    for (name, keys) in ops {
        let at = path.key(name);
        let Some(op) = ConditionOperator::parse(name) else {
            let hint = suggest_key(name, OperatorKind::NAMES)
                .unwrap_or_else(|| "see the IAM condition operator reference".into());
            sink.report(
                &at,
                format!("unknown condition operator `{name}`"),
                Some(hint),
            );
            continue;
        };
        let Value::Object(keys) = keys else {
            sink.report(
                &at,
                format!(
                    "must be a map of condition key to values, found {}",
                    kind_of(keys)
                ),
                Some(format!(
                    r#"e.g. {{"{name}": {{"aws:PrincipalTag/team": "ops"}}}}"#
                )),
            );
            continue;
        };
        let mut entries: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut seen_lower: BTreeMap<String, &str> = BTreeMap::new();
        for (key, values) in keys {
            let key_path = at.key(key);
            if let Some(first) = seen_lower.insert(key.to_ascii_lowercase(), key) {
                sink.report(
                    &key_path,
                    format!("condition key `{key}` repeats `{first}`: keys are case-insensitive"),
                    Some("merge the two entries into one".into()),
                );
                continue;
            }
            if let Some(vs) = read_condition_values(values, &key_path, sink) {
                entries.insert(key.clone(), vs);
            }
        }
        block.insert(op, entries);
    }
    (sink.count() == before).then_some(ConditionBlock(block))
}

/// Values are strings; IAM also accepts JSON booleans and numbers and compares them as
/// their text (`true` ≡ `"true"`, `10` ≡ `"10"`).
fn read_condition_values(
    value: &Value,
    path: &JsonPath,
    sink: &mut ProblemSink,
) -> Option<Vec<String>> {
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => {
            let before = sink.count();
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                match scalar(item) {
                    Some(s) => out.push(s),
                    None => sink.report(
                        &path.index(i),
                        format!(
                            "condition values must be strings, booleans or numbers, found {}",
                            kind_of(item)
                        ),
                        None,
                    ),
                }
            }
            (sink.count() == before).then_some(out)
        }
        other => match scalar(other) {
            Some(s) => Some(vec![s]),
            None => {
                sink.report(
                    path,
                    format!(
                        "condition values must be strings, booleans or numbers, found {}",
                        kind_of(other)
                    ),
                    Some("write one value or a list of values".into()),
                );
                None
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn read(v: Value) -> Result<ConditionBlock, Vec<String>> {
        let mut sink = ProblemSink::default();
        read_condition(&v, &JsonPath::root().key("Condition"), &mut sink)
            .ok_or_else(|| sink.0.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn parses_and_displays_qualified_operators() {
        for name in [
            "StringEquals",
            "ForAnyValue:StringLikeIfExists",
            "ForAllValues:ArnLike",
            "Null",
            "BoolIfExists",
        ] {
            assert_eq!(ConditionOperator::parse(name).unwrap().to_string(), name);
        }
        for bad in [
            "stringequals",
            "NullIfExists",
            "ForSomeValues:StringEquals",
            "StringEqual",
        ] {
            assert_eq!(ConditionOperator::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn stringifies_scalars_and_normalizes_keys_and_values() {
        let block = read(json!({"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"s3:max-keys": [10, "5", 10]}}))
            .unwrap()
            .normalized();
        assert_eq!(
            block.to_value(),
            json!({"Bool": {"aws:securetransport": ["true"]}, "NumericLessThan": {"s3:max-keys": ["10", "5"]}})
        );
    }

    #[test]
    fn reports_every_malformed_part() {
        let problems = read(json!({
            "StringEqual": {"a": "b"},
            "StringLike": "x",
            "StringEquals": {"aws:SourceVpc": "v", "AWS:SOURCEVPC": "w", "k": [{"x": 1}]}
        }))
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                "Condition.StringEqual: unknown condition operator `StringEqual` (hint: did you mean `StringEquals`?)",
                "Condition.StringEquals.aws:SourceVpc: condition key `aws:SourceVpc` repeats `AWS:SOURCEVPC`: keys are case-insensitive (hint: merge the two entries into one)",
                "Condition.StringEquals.k[0]: condition values must be strings, booleans or numbers, found a map",
                "Condition.StringLike: must be a map of condition key to values, found a string (hint: e.g. {\"StringLike\": {\"aws:PrincipalTag/team\": \"ops\"}})",
            ]
        );
        assert!(read(json!(["x"])).unwrap_err()[0].starts_with("Condition: must be a map"));
    }

    #[test]
    fn empty_operators_are_no_condition() {
        assert!(
            read(json!({"StringEquals": {}}))
                .unwrap()
                .normalized()
                .is_empty()
        );
    }
}
