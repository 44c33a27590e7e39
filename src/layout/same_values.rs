//! Whether two documents read to the same values, wherever they are written.

use crate::manifest::{NodeValue, YamlNode};

/// The first node of `a` whose value differs from `b`'s (positions ignored), or `None`
/// when they read the same: same strings, booleans and numbers as written, same order.
pub(super) fn first_difference<'a>(a: &'a YamlNode, b: &YamlNode) -> Option<&'a YamlNode> {
    match (&a.value, &b.value) {
        (NodeValue::Seq(xs), NodeValue::Seq(ys)) if xs.len() == ys.len() => {
            xs.iter().zip(ys).find_map(|(x, y)| first_difference(x, y))
        }
        (NodeValue::Map(xs), NodeValue::Map(ys)) if xs.len() == ys.len() => {
            xs.iter().zip(ys).find_map(|((kx, vx), (ky, vy))| {
                first_difference(kx, ky).or_else(|| first_difference(vx, vy))
            })
        }
        (NodeValue::Seq(_) | NodeValue::Map(_), _) => Some(a),
        (x, y) if x == y => None,
        _ => Some(a),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::parse_yaml as parse;

    fn node(text: &str) -> YamlNode {
        parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn layout_does_not_matter_values_do() {
        let a = node("a: [x, 'z']\nb: {c: 1}\n");
        assert_eq!(
            first_difference(&a, &node("a:\n  - x\n  - z\nb:\n  c: 1\n")),
            None
        );
        // A number written differently is a different text, so a different value here.
        let differs = first_difference(&a, &node("a: [x, z]\nb: {c: 01}\n")).unwrap();
        assert_eq!((differs.span.line, differs.span.column), (2, 8));
        assert!(first_difference(&a, &node("a: [x]\nb: {c: 1}\n")).is_some());
        assert!(first_difference(&a, &node("b: {c: 1}\na: [x, z]\n")).is_some());
    }
}
