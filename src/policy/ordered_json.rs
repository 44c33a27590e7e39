//! A JSON tree whose object keys keep the order they were built in, and its pretty printer.
//!
//! `serde_json::Value` sorts object keys, which puts `Action` before `Effect`; the
//! canonical text wants IAM's conventional order (Sid, Effect, Principal, Action, …).

use std::fmt::Write as _;

use serde_json::Value;

/// An ordered JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OrderedJson {
    /// A string.
    Str(String),
    /// A number, boolean or null, written as its JSON text.
    Literal(String),
    /// A list.
    List(Vec<OrderedJson>),
    /// An object, keys in insertion order.
    Object(Vec<(String, OrderedJson)>),
}

impl OrderedJson {
    /// A list of strings.
    pub(crate) fn strings(values: &[String]) -> OrderedJson {
        OrderedJson::List(values.iter().cloned().map(OrderedJson::Str).collect())
    }

    /// A `serde_json::Value` with its keys sorted (the order `Value` keeps them in).
    pub(crate) fn from_value(value: &Value) -> OrderedJson {
        match value {
            Value::String(s) => OrderedJson::Str(s.clone()),
            Value::Array(items) => OrderedJson::List(items.iter().map(Self::from_value).collect()),
            Value::Object(map) => OrderedJson::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from_value(v)))
                    .collect(),
            ),
            literal => OrderedJson::Literal(literal.to_string()),
        }
    }

    /// Pretty JSON, two-space indent, one list item per line, trailing newline; one value
    /// per line keeps line diffs of two versions small.
    pub(crate) fn to_pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |out: &mut String, d: usize| out.push_str(&"  ".repeat(d));
        match self {
            OrderedJson::Str(s) => out.push_str(&Value::String(s.clone()).to_string()),
            OrderedJson::Literal(text) => out.push_str(text),
            OrderedJson::List(items) if items.is_empty() => out.push_str("[]"),
            OrderedJson::Object(entries) if entries.is_empty() => out.push_str("{}"),
            OrderedJson::List(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    item.write(out, depth + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push(']');
            }
            OrderedJson::Object(entries) => {
                out.push_str("{\n");
                for (i, (key, value)) in entries.iter().enumerate() {
                    pad(out, depth + 1);
                    let _ = write!(out, "{}: ", Value::String(key.clone()));
                    value.write(out, depth + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn pretty_prints_in_insertion_order_and_round_trips() {
        let tree = OrderedJson::Object(vec![
            ("b".into(), OrderedJson::strings(&["x\"y".into()])),
            ("a".into(), OrderedJson::List(vec![])),
            (
                "c".into(),
                OrderedJson::from_value(&json!({"n": 1, "t": true, "o": {}})),
            ),
        ]);
        let text = tree.to_pretty();
        assert_eq!(
            text,
            "{\n  \"b\": [\n    \"x\\\"y\"\n  ],\n  \"a\": [],\n  \"c\": {\n    \"n\": 1,\n    \"o\": {},\n    \"t\": true\n  }\n}\n"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back,
            json!({"b": ["x\"y"], "a": [], "c": {"n": 1, "t": true, "o": {}}})
        );
    }
}
