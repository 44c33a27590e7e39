//! A YAML file as a tree of located nodes. Map entries stay a list so that duplicate keys
//! remain visible, and plain scalars keep their source text so that `012345678901` or
//! `no` can be read back as the string the user wrote.

use std::path::PathBuf;
use std::sync::Arc;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{DuplicateKeyPolicy, Location, Spanned};

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
    // Comments are read and checked but not handed over: nothing here keeps them, and
    // handing each over costs the parser about a tenth of its time.
    let options = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        emit_comments: false,
    };
    let raw: Spanned<RawNode> =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| syntax_error(file, &e))?;
    Ok(Some(convert(file, text, raw)))
}

fn syntax_error(file: &Arc<PathBuf>, err: &serde_saphyr::Error) -> Diagnostic {
    let span = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Span::new(file.clone(), l.line() as u32, l.column().max(1) as u32, 1))
        .unwrap_or_else(|| Span::file_only(file.clone()));
    let (message, help) = match err.without_snippet() {
        serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
        serde_saphyr::Error::MultipleDocuments { .. } => (
            "the file holds several YAML documents (separated by `---`)".to_string(),
            "keep one document per file; move the others into files of their own",
        ),
        other => (
            format!("invalid YAML: {}", library_message(other)),
            "fix the YAML syntax; indentation and `key: value` spacing are common culprits",
        ),
    };
    Diagnostic::error(Some(span), message).with_help(help)
}

/// What a breached parser budget means for the user (the library's text names its
/// internal counters).
fn budget_message(breach: &BudgetBreach) -> (String, &'static str) {
    match breach {
        BudgetBreach::Depth { .. } => (
            "the YAML is nested too deeply to read".to_string(),
            "manifests need only a few levels of nesting; flatten the structure",
        ),
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. }
        | BudgetBreach::MergeKeys { .. } => (
            "the YAML repeats aliases too often to read safely".to_string(),
            "write the values out instead of expanding aliases (`*name`) many times",
        ),
        _ => (
            "the YAML holds too many values to read safely".to_string(),
            "split the manifest into several files",
        ),
    }
}

/// The library's message without its locations (shown separately) and snippet: its first
/// line, minus prefixes such as `error: line 3 column 4:` and suffixes such as
/// ` at line 3, column 4` or ` (defined at line 1, column 7)`.
fn library_message(err: &serde_saphyr::Error) -> String {
    let full = err.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let mut message = match first.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("error") || prefix.contains("line ") => {
            strip_location_prefix(rest)
        }
        _ => first.to_string(),
    };
    for suffix in [" (defined at line ", " (used at line ", " at line "] {
        if let Some(i) = message.find(suffix) {
            message.truncate(i);
        }
    }
    message
}

fn strip_location_prefix(s: &str) -> String {
    match s.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") => rest.to_string(),
        _ => s.to_string(),
    }
}

fn to_span(file: &Arc<PathBuf>, loc: &Location, len: u64) -> Span {
    Span::new(
        file.clone(),
        loc.line() as u32,
        loc.column().max(1) as u32,
        len.min(u64::from(u32::MAX)) as u32,
    )
}

fn convert(file: &Arc<PathBuf>, text: &str, raw: Spanned<RawNode>) -> YamlNode {
    let len = raw.referenced.span().len();
    let span = to_span(file, &raw.referenced, len);
    // Source text comes from where the value is defined, so aliases read their anchor.
    let source = || {
        let s = raw.defined.span();
        let (Some(off), Some(n)) = (s.byte_offset(), s.byte_len()) else {
            return None;
        };
        text.get(off as usize..(off + n) as usize)
            .map(str::to_string)
    };
    let value = match raw.value {
        RawNode::Null => NodeValue::Null,
        RawNode::Bool(b) => NodeValue::Bool(b, source().unwrap_or_else(|| b.to_string())),
        RawNode::Number(fallback) => NodeValue::Number(source().unwrap_or(fallback)),
        RawNode::Str(s) => NodeValue::Str(s),
        RawNode::Seq(items) => {
            NodeValue::Seq(items.into_iter().map(|i| convert(file, text, i)).collect())
        }
        RawNode::Map(entries) => NodeValue::Map(
            entries
                .into_iter()
                .map(|(k, v)| (convert(file, text, k), convert(file, text, v)))
                .collect(),
        ),
    };
    YamlNode { value, span }
}

/// What serde-saphyr hands over, before source text is attached.
enum RawNode {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Number(v.to_string()))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(RawNode::Map(entries))
    }
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
    fn syntax_errors_are_located() {
        let d = parse(&file(), "a: [1, 2\nb: c\n").unwrap_err();
        let span = d.span.unwrap();
        assert_eq!((span.line, span.column), (2, 2));
        assert!(d.message.starts_with("invalid YAML: "), "{}", d.message);
        assert!(!d.message.contains("-->"), "{}", d.message);
    }
}
