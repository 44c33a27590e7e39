//! The [`DocumentLocations`] of a policy document, from the located node tree it was
//! decoded from (YAML, or JSON through [`super::json_node`]). One walk over the tree.

use std::collections::BTreeMap;

use crate::diagnostic::Span;
use crate::model::DocumentLocations;
use crate::policy::JsonPath;

use super::yaml_node::{NodeValue, YamlNode};

/// Where each node of the document written as `node` is. A key whose value is a list or
/// map is located at the key (a block list starts on the next line); scalars at the value.
pub fn yaml_locations(node: &YamlNode) -> DocumentLocations {
    let mut out = DocumentLocations::default();
    walk(node, JsonPath::root(), node.span.clone(), true, &mut out);
    out
}

/// Where each node of a document parsed from JSON is: scalars underline their JSON text,
/// lists and maps their opening bracket.
pub fn json_locations(node: &YamlNode) -> DocumentLocations {
    let mut out = DocumentLocations::default();
    walk(node, JsonPath::root(), node.span.clone(), false, &mut out);
    out
}

/// Where every node of a document parsed from JSON or YAML is, at any depth, by its exact
/// path (the first of duplicate keys). One walk: for `policy lint`, which places each
/// finding at its node.
pub fn json_positions(node: &YamlNode) -> BTreeMap<JsonPath, Span> {
    let mut out = BTreeMap::new();
    let mut pending = vec![(JsonPath::root(), node)];
    while let Some((path, node)) = pending.pop() {
        match &node.value {
            NodeValue::Map(entries) => {
                // Reversed onto the stack, so the first of duplicate keys is met first.
                for (key, value) in entries.iter().rev() {
                    if let Some(text) = key.scalar_text() {
                        pending.push((path.key(text), value));
                    }
                }
            }
            NodeValue::Seq(items) => {
                pending.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| (path.index(i), item)),
                );
            }
            _ => {}
        }
        out.entry(path).or_insert_with(|| node.span.clone());
    }
    out
}

fn walk(
    node: &YamlNode,
    path: JsonPath,
    at: Span,
    collections_at_key: bool,
    out: &mut DocumentLocations,
) {
    if path.0.len() > DocumentLocations::MAX_DEPTH {
        return;
    }
    match &node.value {
        NodeValue::Map(entries) => {
            let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            for (key, value) in entries {
                // Decoding keeps the first of duplicate keys; so do the locations.
                let Some(text) = key.scalar_text().filter(|t| seen.insert(*t)) else {
                    continue;
                };
                let at = match value.value {
                    NodeValue::Map(_) | NodeValue::Seq(_) if collections_at_key => key.span.clone(),
                    _ => value.span.clone(),
                };
                walk(value, path.key(text), at, collections_at_key, out);
            }
        }
        NodeValue::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(
                    item,
                    path.index(i),
                    item.span.clone(),
                    collections_at_key,
                    out,
                );
            }
        }
        _ => {}
    }
    out.insert(path, at);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

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
        let f = file("p.json");
        let node = crate::manifest::json_node::parse(&f, text).unwrap();
        let l = json_locations(&node);
        let action = s(0).key("Action").index(1);
        assert_eq!(at(&l, &action), (5, 27, 14));
        assert_eq!(at(&l, &s(0).key("Resource")), (6, 18, 3));
        assert_eq!(at(&l, &s(0)), (4, 5, 1));
        assert_eq!(l.locate(&action).unwrap().file, f);
        let all = json_positions(&node);
        let line_col = |p: &JsonPath| (all[p].line, all[p].column, all[p].len);
        assert_eq!(line_col(&action), (5, 27, 14));
        assert_eq!(line_col(&s(0).key("Effect")), (4, 16, 7));
        assert_eq!(all.get(&s(0).key("Nope")), None);
    }
}
