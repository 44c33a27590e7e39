//! Builds the located node tree straight from the YAML parser's events, one pass, no
//! recursion. Manifests are untrusted, so what a file may make the reader build is
//! bounded: nesting depth, nodes (aliases count what they copy) and copied text.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_saphyr::granit_parser::{Event, Parser, Span as ParserSpan, Tag};

use super::yaml_node::{NodeValue, YamlNode};
use super::yaml_scalar;
use crate::diagnostic::Span;

/// Deepest nesting read: manifests need a handful of levels.
const MAX_DEPTH: usize = 64;
/// Most nodes one file may make, those an alias copies included.
pub(super) const MAX_NODES: usize = 250_000;
/// Most scalar text one file may make aliases copy.
const MAX_COPIED_BYTES: usize = 64 << 20;

/// Why a file could not be read as one tree.
#[derive(Debug)]
pub(super) enum Refused {
    /// The YAML is not well-formed; the parser's message.
    Syntax(String),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More nodes than [`MAX_NODES`].
    TooMany,
    /// Aliases copying more than [`MAX_NODES`] nodes or [`MAX_COPIED_BYTES`] of text.
    Copies,
    /// A second document in the file.
    SeveralDocuments,
    /// An alias of the collection it is written in.
    RecursiveAlias,
    /// A value of a type its tag does not allow, or a tag not read.
    Tag(String),
    /// `<<` given something other than a map or a list of maps, located at the value.
    Merge { line: u32, column: u32 },
}

/// A refusal and where it is (line, 1-based column).
pub(super) type Built<T> = Result<T, (Refused, Option<(usize, usize)>)>;

/// The tree of `text`, the contents of `file`; `None` when it holds no document.
pub(super) fn build(file: &Arc<PathBuf>, text: &str) -> Built<Option<YamlNode>> {
    let options = serde_saphyr::granit_parser::options! { emit_comments: false };
    let mut builder = Builder {
        file,
        text,
        open: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        copied_bytes: 0,
        text_bytes: 0,
        root: None,
        documents: 0,
    };
    for result in Parser::new_from_str_with_options(text, options) {
        let (event, span) = result.map_err(|e| {
            let m = e.marker();
            (Refused::Syntax(e.info()), Some((m.line(), m.col() + 1)))
        })?;
        let at = Some((span.start.line(), span.start.col() + 1));
        builder.event(event, &span).map_err(|why| match why {
            // Found when the value ends: located where it starts.
            Refused::Merge { line, column } => {
                let own = Some((line as usize, column as usize));
                (why, own)
            }
            why => (why, at),
        })?;
    }
    Ok(builder.root)
}

/// A collection whose end has not been read yet.
struct Open {
    span: Span,
    anchor: usize,
    /// The node count and scalar text made when it opened, to know what its anchor
    /// holds.
    nodes_before: usize,
    text_before: usize,
    /// The height of its deepest child so far.
    child_height: usize,
    body: Body,
}

enum Body {
    Seq(Vec<YamlNode>),
    Map {
        entries: Vec<(YamlNode, YamlNode)>,
        /// A key read whose value has not been, and whether it is `<<`.
        key: Option<(YamlNode, bool)>,
        /// The values of `<<` keys, in order: merged in at the end.
        merges: Vec<YamlNode>,
    },
}

/// A finished anchored node and what copying it costs.
struct Anchored {
    node: YamlNode,
    nodes: usize,
    bytes: usize,
    height: usize,
}

struct Builder<'a> {
    file: &'a Arc<PathBuf>,
    text: &'a str,
    open: Vec<Open>,
    anchors: HashMap<usize, Anchored>,
    nodes: usize,
    copied_bytes: usize,
    /// Scalar text made so far, copies included.
    text_bytes: usize,
    root: Option<YamlNode>,
    documents: usize,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, at: &ParserSpan) -> Result<(), Refused> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                self.one_document()?;
                self.count_node()?;
                let source = self.source(at);
                let tag = tag.as_deref();
                let merge = yaml_scalar::is_merge_key(&value, style, tag);
                let value = match yaml_scalar::resolve(&value, source, style, tag) {
                    Ok(v) => v,
                    Err(message) => return Err(Refused::Tag(message)),
                };
                let node = YamlNode {
                    value,
                    span: self.span(at),
                };
                let bytes = node.scalar_text().map_or(0, str::len);
                self.text_bytes += bytes;
                if anchor != 0 {
                    self.anchor(anchor, &node, 1, bytes, 1)?;
                }
                self.finish(node, 1, merge)
            }
            Event::SequenceStart(_, anchor, tag) => {
                check_collection_tag(tag.as_deref(), "seq")?;
                self.start(at, anchor, Body::Seq(Vec::new()))
            }
            Event::MappingStart(_, anchor, tag) => {
                check_collection_tag(tag.as_deref(), "map")?;
                let body = Body::Map {
                    entries: Vec::new(),
                    key: None,
                    merges: Vec::new(),
                };
                self.start(at, anchor, body)
            }
            Event::SequenceEnd | Event::MappingEnd => self.end(),
            Event::Alias(id) => self.alias(id, at),
            _ => Ok(()),
        }
    }

    fn start(&mut self, at: &ParserSpan, anchor: usize, body: Body) -> Result<(), Refused> {
        self.one_document()?;
        if self.open.len() >= MAX_DEPTH {
            return Err(Refused::TooDeep);
        }
        self.count_node()?;
        self.open.push(Open {
            span: self.span(at),
            anchor,
            nodes_before: self.nodes - 1,
            text_before: self.text_bytes,
            child_height: 0,
            body,
        });
        Ok(())
    }

    fn end(&mut self) -> Result<(), Refused> {
        let open = self.open.pop().expect("the parser pairs starts and ends");
        let value = match open.body {
            Body::Seq(items) => NodeValue::Seq(items),
            Body::Map {
                entries, merges, ..
            } => NodeValue::Map(merged(entries, merges)),
        };
        let node = YamlNode {
            value,
            span: open.span,
        };
        let height = open.child_height + 1;
        if open.anchor != 0 {
            let nodes = self.nodes - open.nodes_before;
            let bytes = self.text_bytes - open.text_before;
            self.anchor(open.anchor, &node, nodes, bytes, height)?;
        }
        self.finish(node, height, false)
    }

    /// A copy of an anchored node, located where the alias is written (as the reader
    /// before this one did): a problem in it is a problem of this use.
    fn alias(&mut self, id: usize, at: &ParserSpan) -> Result<(), Refused> {
        self.one_document()?;
        let Some(anchored) = self.anchors.get(&id) else {
            // The parser refuses unknown names, so the anchor is still open: `&a [*a]`.
            return Err(Refused::RecursiveAlias);
        };
        let (nodes, bytes, height) = (anchored.nodes, anchored.bytes, anchored.height);
        self.count_copy(nodes, bytes)?;
        if self.open.len() + height > MAX_DEPTH {
            return Err(Refused::TooDeep);
        }
        let mut node = self.anchors[&id].node.clone();
        relocate(&mut node, &self.span(at));
        self.finish(node, height, false)
    }

    /// Keeps a copy of an anchored node for its aliases; the copy counts as copied.
    fn anchor(
        &mut self,
        id: usize,
        node: &YamlNode,
        nodes: usize,
        bytes: usize,
        height: usize,
    ) -> Result<(), Refused> {
        self.count_copy(nodes, bytes)?;
        let anchored = Anchored {
            node: node.clone(),
            nodes,
            bytes,
            height,
        };
        self.anchors.insert(id, anchored);
        Ok(())
    }

    fn count_copy(&mut self, nodes: usize, bytes: usize) -> Result<(), Refused> {
        self.nodes += nodes;
        self.copied_bytes += bytes;
        self.text_bytes += bytes;
        match self.nodes > MAX_NODES || self.copied_bytes > MAX_COPIED_BYTES {
            true => Err(Refused::Copies),
            false => Ok(()),
        }
    }

    /// Hands a finished node to the collection it is in, or makes it the root.
    fn finish(&mut self, node: YamlNode, height: usize, merge: bool) -> Result<(), Refused> {
        let Some(parent) = self.open.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        parent.child_height = parent.child_height.max(height);
        match &mut parent.body {
            Body::Seq(items) => items.push(node),
            Body::Map {
                entries,
                key,
                merges,
            } => match key.take() {
                None => *key = Some((node, merge)),
                Some((_, true)) => {
                    mergeable(&node)?;
                    merges.push(node);
                }
                Some((k, false)) => entries.push((k, node)),
            },
        }
        Ok(())
    }

    /// Refuses the root of a second document where it starts.
    fn one_document(&self) -> Result<(), Refused> {
        match self.open.is_empty() && (self.documents > 1 || self.root.is_some()) {
            true => Err(Refused::SeveralDocuments),
            false => Ok(()),
        }
    }

    fn count_node(&mut self) -> Result<(), Refused> {
        self.nodes += 1;
        match self.nodes > MAX_NODES {
            true => Err(Refused::TooMany),
            false => Ok(()),
        }
    }

    fn span(&self, at: &ParserSpan) -> Span {
        Span::new(
            self.file.clone(),
            at.start.line() as u32,
            (at.start.col() + 1) as u32,
            at.len().min(u32::MAX as usize) as u32,
        )
    }

    /// The text an event covers, as written.
    fn source(&self, at: &ParserSpan) -> &str {
        let (Some(start), Some(end)) = (at.start.byte_offset(), at.end.byte_offset()) else {
            return "";
        };
        self.text.get(start..end).unwrap_or("")
    }
}

/// A map's entries with those of its `<<` values after them, skipping keys it already
/// has (YAML merge keys: <https://yaml.org/type/merge.html>; the earlier map wins).
fn merged(
    mut entries: Vec<(YamlNode, YamlNode)>,
    merges: Vec<YamlNode>,
) -> Vec<(YamlNode, YamlNode)> {
    if merges.is_empty() {
        return entries;
    }
    let mut seen: HashSet<String> = entries
        .iter()
        .filter_map(|(k, _)| k.scalar_text().map(str::to_string))
        .collect();
    // Every value is a map or a list of maps ([`mergeable`]).
    let maps = merges.into_iter().flat_map(|value| match value.value {
        NodeValue::Map(m) => vec![m],
        NodeValue::Seq(items) => items
            .into_iter()
            .filter_map(|item| match item.value {
                NodeValue::Map(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    });
    for (k, v) in maps.flatten() {
        let new = k.scalar_text().is_none_or(|t| seen.insert(t.to_string()));
        if new {
            entries.push((k, v));
        }
    }
    entries
}

/// A `<<` value must be a map or a list of maps; else refused where the offending value
/// is written.
fn mergeable(value: &YamlNode) -> Result<(), Refused> {
    let wrong = match &value.value {
        NodeValue::Map(_) => None,
        NodeValue::Seq(items) => items.iter().find(|i| !matches!(i.value, NodeValue::Map(_))),
        _ => Some(value),
    };
    match wrong {
        Some(node) => Err(Refused::Merge {
            line: node.span.line,
            column: node.span.column,
        }),
        None => Ok(()),
    }
}

/// A tag on a list or map must be its own kind's, or a custom one iamform ignores.
fn check_collection_tag(tag: Option<&Tag>, kind: &str) -> Result<(), Refused> {
    match tag {
        Some(t) if t.handle() == yaml_scalar::CORE && t.suffix() != kind => Err(Refused::Tag(
            format!("the tag `!!{}` is not supported here", t.suffix()),
        )),
        _ => Ok(()),
    }
}

/// Locates every node of an alias's copy where the alias is written.
fn relocate(node: &mut YamlNode, at: &Span) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        n.span = at.clone();
        match &mut n.value {
            NodeValue::Seq(items) => stack.extend(items.iter_mut()),
            NodeValue::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    stack.push(k);
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
}
