//! The [`DocumentLocations`] of a policy document, from the YAML node tree it was decoded
//! from or from the JSON text it was parsed from.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::Span;
use crate::model::DocumentLocations;
use crate::policy::JsonPath;
use crate::policy::lint::position_of;

use super::yaml_node::{NodeValue, YamlNode};

/// Where each node of the document written as `node` is. A key whose value is a list or
/// map is located at the key (a block list starts on the next line); scalars at the value.
pub fn yaml_locations(node: &YamlNode) -> DocumentLocations {
    let mut out = DocumentLocations::default();
    walk_yaml(node, JsonPath::root(), node.span.clone(), &mut out);
    out
}

fn walk_yaml(node: &YamlNode, path: JsonPath, at: Span, out: &mut DocumentLocations) {
    if path.0.len() > DocumentLocations::MAX_DEPTH {
        return;
    }
    match &node.value {
        NodeValue::Map(entries) => {
            let mut seen: Vec<&str> = Vec::new();
            for (key, value) in entries {
                // Decoding keeps the first of duplicate keys; so do the locations.
                let Some(text) = key.scalar_text().filter(|t| !seen.contains(t)) else {
                    continue;
                };
                seen.push(text);
                let at = match value.value {
                    NodeValue::Map(_) | NodeValue::Seq(_) => key.span.clone(),
                    _ => value.span.clone(),
                };
                walk_yaml(value, path.key(text), at, out);
            }
        }
        NodeValue::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_yaml(item, path.index(i), item.span.clone(), out);
            }
        }
        _ => {}
    }
    out.insert(path, at);
}

/// Where each node of `value`, parsed from the JSON `text` of `file`, is. Scalars
/// underline their JSON text; lists and maps their opening bracket.
pub fn json_locations(file: &Arc<PathBuf>, text: &str, value: &Value) -> DocumentLocations {
    let mut out = DocumentLocations::default();
    walk_json(file, text, value, JsonPath::root(), &mut out);
    out
}

fn walk_json(
    file: &Arc<PathBuf>,
    text: &str,
    value: &Value,
    path: JsonPath,
    out: &mut DocumentLocations,
) {
    if path.0.len() > DocumentLocations::MAX_DEPTH {
        return;
    }
    let Some((line, column)) = position_of(text, &path) else {
        return;
    };
    let len = match value {
        Value::Array(_) | Value::Object(_) => 1,
        scalar => scalar.to_string().chars().count(),
    };
    out.insert(
        path.clone(),
        Span::new(file.clone(), line, column, len as u32),
    );
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                walk_json(file, text, child, path.key(key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk_json(file, text, child, path.index(i), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::yaml_node::parse;

    fn file(name: &str) -> Arc<PathBuf> {
        Arc::new(PathBuf::from(name))
    }

    fn at(l: &DocumentLocations, path: &JsonPath) -> (u32, u32, u32) {
        let s = l.locate(path).expect("located");
        (s.line, s.column, s.len)
    }

    fn s(i: usize) -> JsonPath {
        JsonPath::root().key("Statement").index(i)
    }

    #[test]
    fn yaml_scalars_at_the_value_collections_at_the_key() {
        let text = "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n      - iam:PassRole\n    Resource: \"*\"\n  - Effect: Deny\n    Action: [a:b]\n";
        let node = parse(&file("m.yaml"), text).unwrap().unwrap();
        let l = yaml_locations(&node);
        assert_eq!(at(&l, &JsonPath::root().key("Version")), (1, 10, 12));
        assert_eq!((at(&l, &s(0)).0, at(&l, &s(0)).1), (3, 5));
        assert_eq!(at(&l, &s(0).key("Action")), (4, 5, 6));
        assert_eq!(at(&l, &s(0).key("Action").index(1)), (6, 9, 12));
        assert_eq!(at(&l, &s(0).key("Resource")), (7, 15, 3));
        assert_eq!((at(&l, &s(1)).0, at(&l, &s(1)).1), (8, 5));
        assert_eq!(at(&l, &s(1).key("Action").index(0)), (9, 14, 3));
    }

    #[test]
    fn yaml_duplicate_keys_keep_the_first() {
        let text = "Statement:\n  - Effect: Allow\n    Effect: Deny\n";
        let node = parse(&file("m.yaml"), text).unwrap().unwrap();
        let l = yaml_locations(&node);
        assert_eq!(at(&l, &s(0).key("Effect")).0, 2);
    }

    #[test]
    fn json_nodes_at_their_line_and_column_in_the_file() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",\n     \"Action\": [\"s3:Get\", \"iam:PassRole\"],\n     \"Resource\": \"*\"}\n  ]\n}\n";
        let value: Value = serde_json::from_str(text).unwrap();
        let f = file("p.json");
        let l = json_locations(&f, text, &value);
        let action = s(0).key("Action").index(1);
        assert_eq!(at(&l, &action), (5, 27, 14));
        assert_eq!(at(&l, &s(0).key("Resource")), (6, 18, 3));
        assert_eq!(at(&l, &s(0)), (4, 5, 1));
        assert_eq!(l.locate(&action).unwrap().file, f);
    }
}
