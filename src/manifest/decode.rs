//! Decoding located YAML nodes into typed manifest values, collecting every problem.
//!
//! Each decoder returns `None` after recording why in the sink, so one bad value never
//! hides problems elsewhere in the file.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;

use super::located::{Checked, Entries, Located};
use super::yaml_node::{NodeValue, YamlNode};

/// Something a YAML node can be decoded into.
pub trait Decode: Sized {
    /// Decodes `node`, or records what is wrong in `sink` and returns `None`.
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Self>;
}

/// A "wrong type" error at `node`.
pub fn type_error(node: &YamlNode, expected: &str) -> Diagnostic {
    Diagnostic::error(
        Some(node.span.clone()),
        format!("expected {expected}, found {}", node.value.kind()),
    )
    .with_help(format!("write {expected} here"))
}

impl Decode for String {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<String> {
        match node.scalar_text() {
            Some(s) => Some(s.to_string()),
            None => {
                sink.push(type_error(node, "a string"));
                None
            }
        }
    }
}

impl Decode for bool {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<bool> {
        if let NodeValue::Bool(b, _) = node.value {
            return Some(b);
        }
        sink.push(type_error(node, "`true` or `false`"));
        None
    }
}

impl Decode for u32 {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<u32> {
        if let NodeValue::Number(text) = &node.value
            && let Ok(n) = text.parse::<u32>()
        {
            return Some(n);
        }
        sink.push(type_error(node, "a whole number"));
        None
    }
}

impl<T: Decode> Decode for Located<T> {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Located<T>> {
        T::decode(node, sink).map(|v| Located::new(v, node.span.clone()))
    }
}

impl<T: Decode> Decode for Checked<T> {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Checked<T>> {
        Some(T::decode(node, sink).map_or(Checked::Invalid, Checked::Valid))
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Vec<T>> {
        let NodeValue::Seq(items) = &node.value else {
            sink.push(type_error(node, "a list"));
            return None;
        };
        // Decode every item, so that each bad item is reported.
        let decoded: Vec<Option<T>> = items.iter().map(|i| T::decode(i, sink)).collect();
        decoded.into_iter().collect()
    }
}

impl<T: Decode> Decode for Entries<T> {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Entries<T>> {
        let entries = map_entries(node, sink)?;
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in entries {
            match T::decode(value, sink) {
                Some(v) => out.push((key, v)),
                None => ok = false,
            }
        }
        ok.then_some(Entries(out))
    }
}

impl Decode for serde_json::Value {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match &node.value {
            NodeValue::Null => Value::Null,
            NodeValue::Bool(b, _) => Value::Bool(*b),
            NodeValue::Number(text) => number_value(text),
            NodeValue::Str(s) => Value::String(s.clone()),
            NodeValue::Seq(items) => {
                let decoded: Option<Vec<Value>> = items
                    .iter()
                    .map(|i| Value::decode(i, sink))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect();
                Value::Array(decoded?)
            }
            NodeValue::Map(_) => {
                let mut object = serde_json::Map::new();
                let mut ok = true;
                for (key, value) in map_entries(node, sink)? {
                    match Value::decode(value, sink) {
                        Some(v) => {
                            object.insert(key.value, v);
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                Value::Object(object)
            }
        })
    }
}

fn number_value(text: &str) -> serde_json::Value {
    if let Ok(i) = text.parse::<i64>() {
        return i.into();
    }
    if let Ok(u) = text.parse::<u64>() {
        return u.into();
    }
    match text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
    {
        Some(n) => serde_json::Value::Number(n),
        None => serde_json::Value::String(text.to_string()),
    }
}

/// The entries of a map node with string keys, reporting non-string and duplicate keys
/// (the first of duplicates is kept).
pub fn map_entries<'n>(
    node: &'n YamlNode,
    sink: &mut Vec<Diagnostic>,
) -> Option<Vec<(Located<String>, &'n YamlNode)>> {
    let NodeValue::Map(entries) = &node.value else {
        sink.push(type_error(node, "a map"));
        return None;
    };
    let mut seen: BTreeMap<String, &YamlNode> = BTreeMap::new();
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(text) = key.scalar_text() else {
            sink.push(type_error(key, "a string key"));
            continue;
        };
        if let Some(first) = seen.get(text) {
            sink.push(
                Diagnostic::error(Some(key.span.clone()), format!("duplicate key `{text}`"))
                    .with_related(first.span.clone(), "first written here")
                    .with_help("YAML keys must be unique within a map; remove or merge one"),
            );
            continue;
        }
        seen.insert(text.to_string(), key);
        out.push((Located::new(text.to_string(), key.span.clone()), value));
    }
    Some(out)
}

/// The known keys of a map being decoded into a struct, and their values.
pub struct StructFields<'n> {
    values: Vec<(Located<String>, &'n YamlNode)>,
}

impl<'n> StructFields<'n> {
    /// Reads a map node, reporting unknown keys of a `what` (with the closest known key).
    pub fn read(
        node: &'n YamlNode,
        what: &str,
        known: &[&str],
        sink: &mut Vec<Diagnostic>,
    ) -> Option<StructFields<'n>> {
        let mut values = map_entries(node, sink)?;
        values.retain(|(key, _)| {
            if known.contains(&key.value.as_str()) {
                return true;
            }
            sink.push(unknown_key(key, what, known));
            false
        });
        Some(StructFields { values })
    }

    /// Decodes the value of `key`; `None` when absent, null, or invalid (then reported).
    pub fn take<T: Decode>(&self, key: &str, sink: &mut Vec<Diagnostic>) -> Option<T> {
        let (_, node) = self.values.iter().find(|(k, _)| k.value == key)?;
        if node.value == NodeValue::Null {
            return None;
        }
        T::decode(node, sink)
    }
}

fn unknown_key(key: &Located<String>, what: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(
        Some(key.span.clone()),
        format!("unknown key `{}` in {what}", key.value),
    );
    match closest(&key.value, known.iter().copied()) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(format!("known keys: {}", known.join(", "))),
    }
}

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<String> {
    candidates
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

/// Implements [`Decode`] for a struct whose fields are all `Option<T: Decode>` and whose
/// YAML keys are the field names. Listing every field here keeps the accepted keys, the
/// struct (and so the JSON Schema derived from it) in step: a missing field fails to compile.
macro_rules! decode_struct {
    ($ty:ident as $what:literal { $($field:ident),* $(,)? }) => {
        impl $crate::manifest::decode::Decode for $ty {
            fn decode(
                node: &$crate::manifest::yaml_node::YamlNode,
                sink: &mut Vec<$crate::diagnostic::Diagnostic>,
            ) -> Option<$ty> {
                let fields = $crate::manifest::decode::StructFields::read(
                    node,
                    $what,
                    &[$(stringify!($field)),*],
                    sink,
                )?;
                Some($ty { $($field: fields.take(stringify!($field), sink)),* })
            }
        }

        impl $crate::manifest::account_vars::Substitute for $ty {
            fn substitute(
                &mut self,
                vars: &$crate::manifest::account_vars::AccountVars<'_>,
                at: &$crate::diagnostic::Span,
                sink: &mut Vec<$crate::diagnostic::Diagnostic>,
            ) {
                $($crate::manifest::account_vars::Substitute::substitute(&mut self.$field, vars, at, sink);)*
            }

            fn each_string(&self, f: &mut dyn FnMut(&str)) {
                $($crate::manifest::account_vars::Substitute::each_string(&self.$field, f);)*
            }
        }

        impl $crate::manifest::overrides::OverrideFields for $ty {
            fn override_with(&mut self, other: Self) {
                $(if other.$field.is_some() {
                    self.$field = other.$field;
                })*
            }
        }
    };
}
pub(crate) use decode_struct;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::yaml_node::parse;

    fn node(text: &str) -> YamlNode {
        parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap()
    }

    #[derive(Debug, PartialEq)]
    struct Probe {
        name: Option<Located<String>>,
        count: Option<u32>,
        flags: Option<Vec<bool>>,
    }
    decode_struct!(Probe as "a probe" { name, count, flags });

    #[test]
    fn decodes_fields_and_reports_all_problems_with_positions() {
        let mut sink = Vec::new();
        let n = node("name: 042\ncount: many\nflags: [true, 3]\ncoutn: 1\n");
        let probe = Probe::decode(&n, &mut sink).unwrap();
        assert_eq!(probe.name.unwrap().value, "042");
        assert_eq!(probe.count, None);
        let found: Vec<_> = sink
            .iter()
            .map(|d| {
                let s = d.span.as_ref().unwrap();
                (s.line, s.column, d.message.as_str())
            })
            .collect();
        assert_eq!(
            found,
            [
                (4, 1, "unknown key `coutn` in a probe"),
                (2, 8, "expected a whole number, found a string"),
                (3, 15, "expected `true` or `false`, found a number"),
            ]
        );
        assert_eq!(sink[0].help.as_deref(), Some("did you mean `count`?"));
    }

    #[test]
    fn duplicate_keys_point_at_the_second_with_a_note_on_the_first() {
        let mut sink = Vec::new();
        let e: Entries<u32> = Entries::decode(&node("a: 1\nb: 2\na: 3\n"), &mut sink).unwrap();
        assert_eq!(e.0.len(), 2);
        assert_eq!(sink.len(), 1);
        assert_eq!(sink[0].span.as_ref().unwrap().line, 3);
        assert_eq!(sink[0].related[0].0.line, 1);
    }

    #[test]
    fn json_values_keep_types() {
        let mut sink = Vec::new();
        let v = serde_json::Value::decode(&node("a: [1, x, true, ~]\nb: {c: 1.5}\n"), &mut sink);
        assert_eq!(
            v.unwrap(),
            serde_json::json!({"a": [1, "x", true, null], "b": {"c": 1.5}})
        );
    }
}
