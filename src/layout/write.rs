//! Writing the tree in the layout `iamform import` writes: two-space indentation, a list
//! under a key indented as `  - item`, maps under a dash starting on the dash's line,
//! strings quoted only when needed and short lists of scalars in flow style (both by
//! import's own rules, [`crate::import::yaml_text`]); comments where placement put them.

use crate::import::yaml_text::{fits_after_key, flow_sequence, scalar};

use super::placement::Placement;
use super::tree::{Aside, Map, Node, Scalar, Seq, push_aside};

/// The formatted document: `root` with the comments of `placement`.
pub(super) fn write(mut root: Node, mut placement: Placement, explicit_start: bool) -> String {
    install(&mut root, &mut placement);
    lift_first_line_notes(&mut root);
    let mut w = Writer::default();
    w.asides(&placement.preamble, 0);
    if explicit_start {
        w.begin_line(0);
        w.out.push_str("---");
        w.end_line(false, placement.marker_trailing.as_deref());
    }
    w.asides(&placement.head, 0);
    match &root {
        Node::Map(map) if !map.entries.is_empty() => w.map(map, 0),
        Node::Seq(seq) if !seq.items.is_empty() => w.seq(seq, 0),
        Node::Map(_) => w.whole_line("{}"),
        Node::Seq(_) => w.whole_line("[]"),
        Node::Scalar(_) => unreachable!("a scalar document is refused"),
    }
    w.asides(&placement.tail, 0);
    w.out
}

/// Moves each placed comment into the entry, item or collection it belongs to.
fn install(node: &mut Node, placement: &mut Placement) {
    match node {
        Node::Scalar(_) => {}
        Node::Seq(seq) => {
            if let Some(id) = seq.id {
                seq.end = std::mem::take(&mut placement.end[id]);
            }
            for item in &mut seq.items {
                if let Some(id) = item.id {
                    item.notes.before = std::mem::take(&mut placement.before[id]);
                    item.notes.trailing = placement.trailing[id].take();
                }
                install(&mut item.value, placement);
            }
        }
        Node::Map(map) => {
            if let Some(id) = map.id {
                map.end = std::mem::take(&mut placement.end[id]);
            }
            for entry in &mut map.entries {
                if let Some(id) = entry.id {
                    entry.notes.before = std::mem::take(&mut placement.before[id]);
                    entry.notes.trailing = placement.trailing[id].take();
                }
                install(&mut entry.value, placement);
            }
        }
    }
}

/// A collection under a dash starts on the dash's line (`- name: x`, `- - a`), so the
/// comments before its first entry go above the dash, and a comment after the dash
/// itself goes there too.
fn lift_first_line_notes(node: &mut Node) {
    match node {
        Node::Scalar(_) => {}
        Node::Map(map) => {
            for entry in &mut map.entries {
                lift_first_line_notes(&mut entry.value);
            }
        }
        Node::Seq(seq) => {
            for item in &mut seq.items {
                lift_first_line_notes(&mut item.value);
                if !item.value.is_nested_block() {
                    continue;
                }
                if let Some(trailing) = item.notes.trailing.take() {
                    item.notes.before.push(Aside::Comment(trailing));
                }
                let first = match &mut item.value {
                    Node::Map(map) => &mut map.entries[0].notes.before,
                    Node::Seq(seq) => &mut seq.items[0].notes.before,
                    Node::Scalar(_) => continue,
                };
                for aside in std::mem::take(first) {
                    push_aside(&mut item.notes.before, aside);
                }
            }
        }
    }
}

/// Text being written, and what the next line may start with.
#[derive(Default)]
struct Writer {
    out: String,
    /// A blank line is wanted before the next line.
    blank_pending: bool,
    /// The last line opened a block (`users:`), or nothing was written yet: a blank line
    /// here would only push content away from its key.
    at_block_start: bool,
    /// Written instead of the indentation at the start of the next line: the dashes of
    /// the items that collection is the value of (`- `, `- - `).
    dashes: Option<String>,
    started: bool,
}

impl Writer {
    fn begin_line(&mut self, indent: usize) {
        if self.blank_pending && self.started && !self.at_block_start {
            self.out.push('\n');
        }
        self.blank_pending = false;
        self.started = true;
        match self.dashes.take() {
            Some(dashes) => self.out.push_str(&dashes),
            None => push_indent(&mut self.out, indent),
        }
    }

    fn end_line(&mut self, opens_block: bool, trailing: Option<&str>) {
        if let Some(comment) = trailing {
            self.out.push_str(" #");
            self.out.push_str(comment);
        }
        self.out.push('\n');
        self.at_block_start = opens_block;
    }

    fn whole_line(&mut self, text: &str) {
        self.begin_line(0);
        self.out.push_str(text);
        self.end_line(false, None);
    }

    fn asides(&mut self, asides: &[Aside], indent: usize) {
        for aside in asides {
            match aside {
                Aside::Blank => self.blank_pending = true,
                Aside::Comment(text) => {
                    self.begin_line(indent);
                    self.out.push('#');
                    self.out.push_str(text);
                    self.end_line(false, None);
                }
            }
        }
    }

    fn map(&mut self, map: &Map, indent: usize) {
        for entry in &map.entries {
            self.asides(&entry.notes.before, indent);
            self.begin_line(indent);
            self.out.push_str(&inline(&entry.key, false));
            self.out.push(':');
            self.value_after_key(&entry.value, indent, entry.notes.trailing.as_deref());
        }
        self.asides(&map.end, indent);
    }

    fn value_after_key(&mut self, value: &Node, indent: usize, trailing: Option<&str>) {
        match value {
            Node::Scalar(scalar) => self.scalar_rest(scalar, indent, trailing),
            Node::Seq(seq) if seq.items.is_empty() => {
                self.out.push_str(" []");
                self.end_line(false, trailing);
            }
            Node::Map(map) if map.entries.is_empty() => {
                self.out.push_str(" {}");
                self.end_line(false, trailing);
            }
            Node::Seq(seq) => match flow(seq) {
                Some(text) if fits_after_key(indent, &text) => {
                    self.out.push(' ');
                    self.out.push_str(&text);
                    self.end_line(false, trailing);
                }
                _ => {
                    self.end_line(true, trailing);
                    self.seq(seq, indent + 2);
                }
            },
            Node::Map(map) => {
                self.end_line(true, trailing);
                self.map(map, indent + 2);
            }
        }
    }

    /// The rest of a line that holds `scalar` (after `key:` or `-`), and a block
    /// scalar's content lines.
    fn scalar_rest(&mut self, scalar: &Scalar, indent: usize, trailing: Option<&str>) {
        let text = match scalar {
            Scalar::Block { header, .. } => header.clone(),
            other => inline(other, false),
        };
        if !text.is_empty() {
            self.out.push(' ');
            self.out.push_str(&text);
        }
        self.end_line(false, trailing);
        if let Scalar::Block { lines, .. } = scalar {
            for line in lines {
                if !line.is_empty() {
                    push_indent(&mut self.out, indent + 2);
                    self.out.push_str(line);
                }
                self.out.push('\n');
            }
        }
    }

    fn seq(&mut self, seq: &Seq, indent: usize) {
        for item in &seq.items {
            self.asides(&item.notes.before, indent);
            let trailing = item.notes.trailing.as_deref();
            match &item.value {
                Node::Scalar(scalar) => {
                    self.begin_line(indent);
                    self.out.push('-');
                    self.scalar_rest(scalar, indent, trailing);
                }
                Node::Seq(inner) if !inner.items.is_empty() => {
                    self.under_dash(indent);
                    self.seq(inner, indent + 2);
                }
                Node::Map(inner) if !inner.entries.is_empty() => {
                    self.under_dash(indent);
                    self.map(inner, indent + 2);
                }
                Node::Seq(_) => self.dash_line(indent, "[]", trailing),
                Node::Map(_) => self.dash_line(indent, "{}", trailing),
            }
        }
        self.asides(&seq.end, indent);
    }

    /// The next line, the first of a collection that is an item, starts with the dash
    /// (after the dashes of the items it is in, if any).
    fn under_dash(&mut self, indent: usize) {
        let mut dashes = self.dashes.take().unwrap_or_else(|| " ".repeat(indent));
        dashes.push_str("- ");
        self.dashes = Some(dashes);
    }

    fn dash_line(&mut self, indent: usize, text: &str, trailing: Option<&str>) {
        self.begin_line(indent);
        self.out.push_str("- ");
        self.out.push_str(text);
        self.end_line(false, trailing);
    }
}

/// A sequence in flow style, when it holds only one-line scalars and no comments (blank
/// lines between items are layout, and go).
fn flow(seq: &Seq) -> Option<String> {
    if !seq.end.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(seq.items.len());
    for item in &seq.items {
        let Node::Scalar(scalar @ (Scalar::Str(_) | Scalar::Verbatim(_))) = &item.value else {
            return None;
        };
        let text = inline(scalar, true);
        let commented = item.notes.trailing.is_some()
            || item
                .notes
                .before
                .iter()
                .any(|a| matches!(a, Aside::Comment(_)));
        if text.is_empty() || commented {
            return None;
        }
        parts.push(text);
    }
    Some(flow_sequence(&parts))
}

/// A one-line scalar as written: strings by import's quoting rule, the rest verbatim.
fn inline(value: &Scalar, in_flow: bool) -> String {
    match value {
        Scalar::Str(s) => scalar(s, in_flow),
        Scalar::Verbatim(text) => text.clone(),
        Scalar::Block { header, .. } => header.clone(),
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}
