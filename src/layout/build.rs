//! The parser's events, walked beside the values `yaml_node` read, into the formatter's
//! tree. The events say how things are written (flow or block, quoted or plain, where each
//! entry starts); the values say what they mean (a plain `yes` is a boolean, `012` a
//! number), so each scalar is written back with the meaning iamform reads. Anything the
//! writer cannot keep is refused here, before a byte is written.

use serde_saphyr::granit_parser::{Event, ScalarStyle, Span, StructureStyle};

use crate::manifest::{NodeValue, YamlNode};

use super::block_scalar;
use super::events::{Events, byte};
use super::refusal::{Refusal, Why};
use super::source::Source;
use super::tree::{Entry, Item, Map, Node, Notes, Scalar, Seq};

/// Where a block entry (its key) or block item (its dash) starts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Target {
    /// Byte offset.
    pub at: usize,
    /// 0-based line.
    pub line: usize,
    /// 0-based column, in characters.
    pub column: usize,
    /// The block collection it belongs to (index in [`Built::collections`]).
    pub parent: usize,
}

/// A block sequence or mapping.
#[derive(Debug, Clone, Copy)]
pub(super) struct BlockCollection {
    /// The block collection holding it.
    pub parent: Option<usize>,
    /// 0-based column of its keys or dashes.
    pub column: usize,
}

/// The tree and what comment placement needs to know about the source.
#[derive(Debug)]
pub(super) struct Built {
    /// The document's value.
    pub root: Node,
    /// Byte where the value starts.
    pub root_start: usize,
    /// Every block entry and item, in source order.
    pub targets: Vec<Target>,
    /// Every block collection.
    pub collections: Vec<BlockCollection>,
    /// Byte ranges of the outermost flow collections.
    pub flow_spans: Vec<(usize, usize)>,
    /// 0-based line ranges (inclusive) inside multi-line scalars: their blank lines are
    /// content.
    pub content_lines: Vec<(usize, usize)>,
    /// Byte where an explicit `---` starts the document.
    pub doc_start: Option<usize>,
}

/// Builds the tree of the document whose events are `events` and whose values `yaml_node`
/// read as `root`.
pub(super) fn build<'t>(
    src: &Source<'t>,
    events: Events<'t>,
    root: &YamlNode,
) -> Result<Built, Refusal> {
    let mut builder = Builder {
        src,
        events,
        next: 0,
        built: Built {
            root: Node::Seq(Seq::default()),
            root_start: 0,
            targets: Vec::new(),
            collections: Vec::new(),
            flow_spans: Vec::new(),
            content_lines: Vec::new(),
            doc_start: None,
        },
        flow_depth: 0,
    };
    builder.document(root)?;
    Ok(builder.built)
}

struct Builder<'s, 't> {
    src: &'s Source<'t>,
    events: Events<'t>,
    next: usize,
    built: Built,
    flow_depth: usize,
}

impl<'t> Builder<'_, 't> {
    fn document(&mut self, root: &YamlNode) -> Result<(), Refusal> {
        while let Some((Event::StreamStart, _)) = self.peek() {
            self.next += 1;
        }
        match self.take()? {
            (Event::DocumentStart(true, _), span) => {
                let at = byte(&span.start);
                // Directives (`%YAML`, `%TAG`) can only precede an explicit `---`.
                let directive = self.src.text[..at].lines().position(|l| l.starts_with('%'));
                if let Some(line) = directive {
                    return Err(Refusal::at(self.src.line_start(line), Why::Directive));
                }
                self.built.doc_start = Some(at);
            }
            (Event::DocumentStart(false, _), _) => {}
            (_, span) => return Err(Refusal::at(byte(&span.start), Why::Unmatched)),
        }
        let root_start = self.peek_start()?;
        if let Some(marker) = self.built.doc_start
            && self.src.line_of(marker) == self.src.line_of(root_start)
        {
            return Err(Refusal::at(root_start, Why::ValueOnMarker));
        }
        self.built.root_start = root_start;
        self.built.root = match self.node(root, None)? {
            Node::Scalar(_) => return Err(Refusal::at(root_start, Why::ScalarRoot)),
            node => node,
        };
        match self.take()? {
            (Event::DocumentEnd, span) if span.start == span.end => Ok(()),
            (_, span) => Err(Refusal::at(byte(&span.start), Why::DocumentEnd)),
        }
    }

    fn peek(&self) -> Option<&(Event<'t>, Span)> {
        self.events.get(self.next)
    }

    fn take(&mut self) -> Result<(Event<'t>, Span), Refusal> {
        let at = self.src.text.len();
        let (event, span) = self
            .events
            .get(self.next)
            .cloned()
            .ok_or(Refusal::at(at, Why::Unmatched))?;
        self.next += 1;
        Ok((event, span))
    }

    /// Where the next node starts as written: a block scalar at its header.
    fn peek_start(&self) -> Result<usize, Refusal> {
        let (event, span) = self
            .peek()
            .ok_or(Refusal::at(self.src.text.len(), Why::Unmatched))?;
        let start = byte(&span.start);
        match event {
            Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) => {
                block_scalar::header_start(self.src, self.end_of(self.next - 1))
                    .ok_or(Refusal::at(start, Why::BlockScalar))
            }
            _ => Ok(start),
        }
    }

    /// Byte where event `index` ends.
    fn end_of(&self, index: usize) -> usize {
        self.events
            .get(index)
            .map_or(0, |(_, span)| byte(&span.end))
    }

    fn node(&mut self, yaml: &YamlNode, parent: Option<usize>) -> Result<Node, Refusal> {
        self.refuse_properties()?;
        let (event, span) = self.take()?;
        let start = byte(&span.start);
        match (event, &yaml.value) {
            (Event::Scalar(_, style, ..), _) => self.scalar(style, &span, yaml).map(Node::Scalar),
            (Event::SequenceStart(style, ..), NodeValue::Seq(items)) => {
                self.seq(style, start, items, parent).map(Node::Seq)
            }
            (Event::MappingStart(style, ..), NodeValue::Map(entries)) => {
                self.map(style, start, entries, parent).map(Node::Map)
            }
            // An alias's anchor comes first and is refused there; this is for safety.
            (Event::Alias(_), _) => Err(Refusal::at(start, Why::Anchor)),
            _ => Err(Refusal::at(start, Why::Unmatched)),
        }
    }

    /// Refuses an anchor or a tag on the next node (before looking for its dash or key,
    /// which the `&name` or `!tag` would hide).
    fn refuse_properties(&self) -> Result<(), Refusal> {
        let Some((event, span)) = self.peek() else {
            return Ok(());
        };
        let (anchor, tagged) = match event {
            Event::Scalar(_, _, anchor, tag)
            | Event::SequenceStart(_, anchor, tag)
            | Event::MappingStart(_, anchor, tag) => (*anchor, tag.is_some()),
            _ => return Ok(()),
        };
        if anchor != 0 {
            // With anchor events on, the event after the node says where `&name` is.
            let at = match self.events.get(self.next + 1) {
                Some((Event::Anchor(..), anchor_span)) => byte(&anchor_span.start),
                _ => byte(&span.start),
            };
            return Err(Refusal::at(at, Why::Anchor));
        }
        if tagged {
            let at = span.tag_start().map_or(byte(&span.start), |m| byte(&m));
            return Err(Refusal::at(at, Why::Tag));
        }
        Ok(())
    }

    fn scalar(
        &mut self,
        style: ScalarStyle,
        span: &Span,
        yaml: &YamlNode,
    ) -> Result<Scalar, Refusal> {
        let (start, end) = (byte(&span.start), byte(&span.end));
        match (style, &yaml.value) {
            (ScalarStyle::Literal | ScalarStyle::Folded, NodeValue::Str(value)) => {
                // The scalar was just taken: the event before it ends before its header.
                let after = self.end_of(self.next.saturating_sub(2));
                let read = block_scalar::read(self.src, after, span.indent, value)?;
                self.built.content_lines.extend(read.lines);
                Ok(read.scalar)
            }
            (_, NodeValue::Str(s)) => {
                let lines = (self.src.line_of(start), self.src.line_of(end));
                if lines.0 != lines.1 {
                    self.built.content_lines.push(lines);
                }
                Ok(Scalar::Str(s.clone()))
            }
            (ScalarStyle::Plain, NodeValue::Bool(..) | NodeValue::Number(_) | NodeValue::Null) => {
                Ok(Scalar::Verbatim(self.src.text[start..end].to_string()))
            }
            _ => Err(Refusal::at(start, Why::Unmatched)),
        }
    }

    /// Registers a block collection whose first key or dash is at byte `first`.
    fn open(&mut self, parent: Option<usize>, first: usize) -> usize {
        self.built.collections.push(BlockCollection {
            parent,
            column: self.src.column(first),
        });
        self.built.collections.len() - 1
    }

    fn target(&mut self, at: usize, parent: usize) -> usize {
        self.built.targets.push(Target {
            at,
            line: self.src.line_of(at),
            column: self.src.column(at),
            parent,
        });
        self.built.targets.len() - 1
    }

    fn enter_flow(&mut self, style: StructureStyle) -> bool {
        let flow = style == StructureStyle::Flow || self.flow_depth > 0;
        if flow {
            self.flow_depth += 1;
        }
        flow
    }

    fn leave_flow(&mut self, flow: bool, start: usize, end_span: &Span) {
        if flow {
            self.flow_depth -= 1;
            if self.flow_depth == 0 {
                self.built.flow_spans.push((start, byte(&end_span.end)));
            }
        }
    }

    fn seq(
        &mut self,
        style: StructureStyle,
        start: usize,
        values: &[YamlNode],
        parent: Option<usize>,
    ) -> Result<Seq, Refusal> {
        let flow = self.enter_flow(style);
        let mut seq = Seq::default();
        for value in values {
            self.refuse_properties()?;
            let mut id = None;
            if !flow {
                let item_start = self.peek_start()?;
                let dash = match self.src.token_before(item_start) {
                    Some((dash, '-')) => dash,
                    _ => return Err(Refusal::at(item_start, Why::Unmatched)),
                };
                let collection = *seq.id.get_or_insert_with(|| self.open(parent, dash));
                id = Some(self.target(dash, collection));
            }
            let value = self.node(value, seq.id)?;
            seq.items.push(Item {
                id,
                notes: Notes::default(),
                value,
            });
        }
        match self.take()? {
            (Event::SequenceEnd, end) => self.leave_flow(flow, start, &end),
            (_, span) => return Err(Refusal::at(byte(&span.start), Why::Unmatched)),
        }
        Ok(seq)
    }

    fn map(
        &mut self,
        style: StructureStyle,
        start: usize,
        entries: &[(YamlNode, YamlNode)],
        parent: Option<usize>,
    ) -> Result<Map, Refusal> {
        let flow = self.enter_flow(style);
        let mut map = Map::default();
        for (key, value) in entries {
            self.refuse_properties()?;
            let key_start = self.peek_start()?;
            let key = match self.take()? {
                (Event::Scalar(text, style, ..), span) => {
                    if let Some((mark, '?')) = self.src.token_before(key_start) {
                        return Err(Refusal::at(mark, Why::ExplicitKey));
                    }
                    if style == ScalarStyle::Plain && text == "<<" {
                        return Err(Refusal::at(key_start, Why::MergeKey));
                    }
                    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                        return Err(Refusal::at(key_start, Why::ComplexKey));
                    }
                    self.scalar(style, &span, key)?
                }
                (Event::SequenceStart(..) | Event::MappingStart(..), _) => {
                    return Err(Refusal::at(key_start, Why::ComplexKey));
                }
                (Event::Alias(_), _) => return Err(Refusal::at(key_start, Why::Anchor)),
                _ => return Err(Refusal::at(key_start, Why::Unmatched)),
            };
            let mut id = None;
            if !flow {
                let collection = *map.id.get_or_insert_with(|| self.open(parent, key_start));
                id = Some(self.target(key_start, collection));
            }
            let value = self.node(value, map.id)?;
            map.entries.push(Entry {
                id,
                notes: Notes::default(),
                key,
                value,
            });
        }
        match self.take()? {
            (Event::MappingEnd, end) => self.leave_flow(flow, start, &end),
            // More entries than iamform read: merge keys folded some in.
            (_, span) => return Err(Refusal::at(byte(&span.start), Why::Unmatched)),
        }
        Ok(map)
    }
}
