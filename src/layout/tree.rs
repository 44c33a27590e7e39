//! The document as the formatter sees it: values in source order, each block entry and
//! item with the comments and blank lines that go with it.

/// A value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// A scalar.
    Scalar(Scalar),
    /// A sequence (block or flow in the source; the writer decides how it is written).
    Seq(Seq),
    /// A mapping.
    Map(Map),
}

/// A scalar as it will be written.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Scalar {
    /// A string, quoted by import's rules.
    Str(String),
    /// A boolean, number or null, kept exactly as written (`yes`, `0x1F`, `~`, or nothing).
    Verbatim(String),
    /// A literal (`|`) or folded (`>`) block scalar, kept line for line.
    Block {
        /// `|`, `>-`, `|2+`, …, the indentation digit already made relative to the writer's
        /// two-space indentation.
        header: String,
        /// Content lines without their indentation; empty strings are empty lines.
        lines: Vec<String>,
    },
}

/// A sequence and the comments closing it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Seq {
    /// Index in [`super::build::Built::collections`]; `None` for a flow sequence.
    pub id: Option<usize>,
    /// The items.
    pub items: Vec<Item>,
    /// Comments after the last item, written at the items' indentation.
    pub end: Vec<Aside>,
}

/// A mapping and the comments closing it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Map {
    /// Index in [`super::build::Built::collections`]; `None` for a flow mapping.
    pub id: Option<usize>,
    /// The entries, in source order (duplicates kept).
    pub entries: Vec<Entry>,
    /// Comments after the last entry, written at the entries' indentation.
    pub end: Vec<Aside>,
}

/// A sequence item.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    /// Index in [`super::build::Built::targets`]; `None` inside a flow collection.
    pub id: Option<usize>,
    /// Its comments.
    pub notes: Notes,
    /// The value.
    pub value: Node,
}

/// A mapping entry.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// Index in [`super::build::Built::targets`]; `None` inside a flow collection.
    pub id: Option<usize>,
    /// Its comments.
    pub notes: Notes,
    /// The key.
    pub key: Scalar,
    /// The value.
    pub value: Node,
}

/// The comments (and blank lines) of one entry or item.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Notes {
    /// Lines written before it, at its indentation.
    pub before: Vec<Aside>,
    /// A comment at the end of its first line: the text after `#`.
    pub trailing: Option<String>,
}

/// A line that is not data: a comment or a blank line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Aside {
    /// One blank line (runs are collapsed).
    Blank,
    /// A full-line comment: the text after `#`, trailing whitespace removed.
    Comment(String),
}

impl Node {
    /// True for a sequence or mapping with content, which is written on the lines below
    /// its key or dash.
    pub fn is_nested_block(&self) -> bool {
        match self {
            Node::Seq(seq) => !seq.items.is_empty(),
            Node::Map(map) => !map.entries.is_empty(),
            Node::Scalar(_) => false,
        }
    }
}

/// Pushes `aside`, never two blank lines in a row.
pub(super) fn push_aside(asides: &mut Vec<Aside>, aside: Aside) {
    if aside == Aside::Blank && asides.last() == Some(&Aside::Blank) {
        return;
    }
    asides.push(aside);
}
