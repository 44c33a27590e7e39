//! A YAML file as a tree of located nodes. Map entries stay a list so that duplicate keys
//! remain visible, and plain scalars keep their source text so that `012345678901` or
//! `no` can be read back as the string the user wrote.

use std::path::PathBuf;
use std::sync::Arc;

use super::yaml_build::{self, Refused};
use crate::diagnostic::{Diagnostic, Span};

/// One YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    /// The value.
    pub value: NodeValue,
    /// Where the value is written (for an alias: where the alias is used).
    pub span: Span,
}

/// A YAML value. Plain numbers and booleans keep their source text.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeValue {
    /// `~`, `null` or nothing.
    Null,
    /// `true`/`false` (and YAML 1.1 spellings such as `yes`), with the source text.
    Bool(bool, String),
    /// An integer or float, as written.
    Number(String),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<YamlNode>),
    /// A mapping, entries in source order, duplicates kept.
    Map(Vec<(YamlNode, YamlNode)>),
}

impl NodeValue {
    /// What kind of value this is, for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            NodeValue::Null => "nothing",
            NodeValue::Bool(..) => "a boolean",
            NodeValue::Number(_) => "a number",
            NodeValue::Str(_) => "a string",
            NodeValue::Seq(_) => "a list",
            NodeValue::Map(_) => "a map",
        }
    }
}

impl YamlNode {
    /// The text of a scalar as the user meant it: strings as is, numbers and booleans as
    /// written. `None` for null, lists and maps.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            NodeValue::Str(s) | NodeValue::Number(s) | NodeValue::Bool(_, s) => Some(s),
            NodeValue::Null | NodeValue::Seq(_) | NodeValue::Map(_) => None,
        }
    }
}

/// Parses `text` (the contents of `file`) into a node tree; `Ok(None)` for an empty file.
pub fn parse(file: &Arc<PathBuf>, text: &str) -> Result<Option<YamlNode>, Diagnostic> {
    if text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    }) {
        return Ok(None);
    }
    yaml_build::build(file, text).map_err(|(why, at)| refusal(file, why, at))
}

/// What a refused file means for the user, located where the reader stopped.
fn refusal(file: &Arc<PathBuf>, why: Refused, at: Option<(usize, usize)>) -> Diagnostic {
    let span = at
        .filter(|(line, _)| *line > 0)
        .map(|(line, column)| Span::new(file.clone(), line as u32, column.max(1) as u32, 1))
        .unwrap_or_else(|| Span::file_only(file.clone()));
    let syntax = "fix the YAML syntax; indentation and `key: value` spacing are common culprits";
    let (message, help) = match why {
        Refused::Syntax(info) => {
            // The parser's first line; the rest names its internal states.
            let first = match info.lines().next().unwrap_or("").trim() {
                "while parsing node, found unknown anchor" => "an alias names no anchor",
                first => first,
            };
            (format!("invalid YAML: {first}"), syntax)
        }
        Refused::TooDeep => (
            "the YAML is nested too deeply to read".to_string(),
            "manifests need only a few levels of nesting; flatten the structure",
        ),
        Refused::TooMany => (
            "the YAML holds too many values to read safely".to_string(),
            "split the manifest into several files",
        ),
        Refused::Copies => (
            "the YAML repeats aliases too often to read safely".to_string(),
            "write the values out instead of expanding aliases (`*name`) many times",
        ),
        Refused::SeveralDocuments => (
            "the file holds several YAML documents (separated by `---`)".to_string(),
            "keep one document per file; move the others into files of their own",
        ),
        Refused::RecursiveAlias => (
            "invalid YAML: an alias is written inside the value it names".to_string(),
            "an alias (`*name`) cannot repeat the list or map it is part of",
        ),
        Refused::Tag(message) => (
            format!("invalid YAML: {message}"),
            "remove the tag, or write a value of the type it names",
        ),
        Refused::Merge { .. } => (
            "invalid YAML: `<<` merges a map or a list of maps, not this value".to_string(),
            "write `<<: *name` where `name` is the anchor of a map",
        ),
    };
    Diagnostic::error(Some(span), message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<PathBuf> {
        Arc::new(PathBuf::from("t.yaml"))
    }

    fn map(node: &YamlNode) -> &[(YamlNode, YamlNode)] {
        match &node.value {
            NodeValue::Map(e) => e,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn keeps_duplicate_keys_and_exact_positions() {
        let text = "users:\n  alice: {}\n  alice:\n    path: /x/\n";
        let root = parse(&file(), text).unwrap().unwrap();
        let users = &map(&root)[0].1;
        let entries = map(users);
        assert_eq!(entries.len(), 2);
        assert_eq!((entries[1].0.span.line, entries[1].0.span.column), (3, 3));
        let path = &map(&entries[1].1)[0];
        assert_eq!(
            (path.1.span.line, path.1.span.column, path.1.span.len),
            (4, 11, 3)
        );
    }

    #[test]
    fn plain_scalars_keep_their_source_text() {
        let text = "id: 012345678901\nn: no\nx: 1.50\n";
        let root = parse(&file(), text).unwrap().unwrap();
        let texts: Vec<_> = map(&root)
            .iter()
            .map(|(_, v)| v.scalar_text().unwrap())
            .collect();
        assert_eq!(texts, ["012345678901", "no", "1.50"]);
        assert_eq!(map(&root)[1].0.scalar_text(), Some("n"));
    }

    #[test]
    fn empty_and_comment_only_files_have_no_tree() {
        assert_eq!(parse(&file(), "# nothing\n\n").unwrap(), None);
    }

    #[test]
    fn library_internals_never_reach_the_message() {
        let messages = |text: &str| {
            let d = parse(&file(), text).unwrap_err();
            (d.message, d.help.unwrap_or_default())
        };
        let many = "a:\n".to_string() + &"- 1\n".repeat(300_000);
        let (message, help) = messages(&many);
        assert_eq!(message, "the YAML holds too many values to read safely");
        assert_eq!(help, "split the manifest into several files");
        let deep = "a: ".to_string() + &"[".repeat(200) + &"]".repeat(200);
        assert_eq!(messages(&deep).0, "the YAML is nested too deeply to read");
        let (message, help) = messages("a: 1\n---\nb: 2\n");
        assert_eq!(
            message,
            "the file holds several YAML documents (separated by `---`)"
        );
        assert!(!help.contains("from_str"), "{help}");
        let (message, _) = messages("a: &x [1]\nb: *y\n");
        assert!(
            !message.contains("(used") && !message.contains(" at line "),
            "{message}"
        );
    }

    #[test]
    fn alias_expansion_is_bounded_in_nodes_text_and_depth() {
        let message = |text: &str| parse(&file(), text).unwrap_err().message;
        // "Billion laughs": ten aliases of ten aliases of ..., 10^12 nodes if expanded.
        let mut bomb = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n".to_string();
        for i in 1..12 {
            let aliases = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
        }
        assert_eq!(
            message(&bomb),
            "the YAML repeats aliases too often to read safely"
        );
        // Few nodes, much text: a 1 MiB string copied a hundred times.
        let big = format!(
            "s: &s {}\nl: [{}]\n",
            "x".repeat(1 << 20),
            vec!["*s"; 100].join(", ")
        );
        assert_eq!(
            message(&big),
            "the YAML repeats aliases too often to read safely"
        );
        // An alias of a deep list, used deep down, nests as deep as both together.
        let deep = format!(
            "d: &d {}{}\ne: {}*d{}\n",
            "[".repeat(40),
            "]".repeat(40),
            "[".repeat(40),
            "]".repeat(40)
        );
        assert_eq!(message(&deep), "the YAML is nested too deeply to read");
        // Within the bounds, an alias reads as a copy, located where the alias is.
        let fine = parse(&file(), "a: &x {k: v}\nb: *x\n").unwrap().unwrap();
        let copy = map(&map(&fine)[1].1)[0].clone();
        assert_eq!(
            (copy.0.scalar_text(), copy.1.scalar_text()),
            (Some("k"), Some("v"))
        );
        assert_eq!((copy.1.span.line, copy.1.span.column), (2, 4));
    }

    #[test]
    fn refused_tags_merges_and_recursive_aliases_are_located() {
        let refused = |text: &str| {
            let d = parse(&file(), text).unwrap_err();
            let span = d.span.unwrap();
            (d.message, span.line, span.column)
        };
        assert_eq!(
            refused("a: 1\nb: !!int x\n"),
            ("invalid YAML: `x` is not a whole number".into(), 2, 10)
        );
        assert_eq!(
            refused("a: !!str [1]\n"),
            (
                "invalid YAML: the tag `!!str` is not supported here".into(),
                1,
                10
            )
        );
        let (message, line, column) = refused("a:\n  <<: 5\n");
        assert!(message.contains("`<<` merges a map"), "{message}");
        assert_eq!((line, column), (2, 7));
        let (_, line, column) = refused("a: &m {k: v}\nb:\n  <<: [*m, 3]\n");
        assert_eq!((line, column), (3, 12));
        let (message, line, column) = refused("a: &x [*x]\n");
        assert!(message.contains("alias is written inside"), "{message}");
        assert_eq!((line, column), (1, 8));
    }

    #[test]
    fn syntax_errors_are_located() {
        let d = parse(&file(), "a: [1, 2\nb: c\n").unwrap_err();
        let span = d.span.unwrap();
        assert_eq!((span.line, span.column), (2, 2));
        assert!(d.message.starts_with("invalid YAML: "), "{}", d.message);
        assert!(!d.message.contains("-->"), "{}", d.message);
    }
}
