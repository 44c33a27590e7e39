//! What the formatter cannot rewrite without losing something: such a file is left as it
//! is, with a warning that says where and why.

/// Why a file is left unformatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    /// `&name` (and so `*name`).
    Anchor,
    /// `!tag` or `!!str`.
    Tag,
    /// `# …` between `[` and `]` or `{` and `}`.
    CommentInFlow,
    /// `? key`.
    ExplicitKey,
    /// A key that is a list or a map.
    ComplexKey,
    /// `<<: …`.
    MergeKey,
    /// `%YAML` or `%TAG`.
    Directive,
    /// `...`.
    DocumentEnd,
    /// `--- value`.
    ValueOnMarker,
    /// A file that is one string or number.
    ScalarRoot,
    /// A block scalar whose indentation holds tabs or whose header is not where expected.
    BlockScalar,
    /// The parser's events do not match the values iamform reads.
    Unmatched,
}

impl Why {
    /// The warning and its help.
    pub(crate) fn explain(self) -> (&'static str, &'static str) {
        match self {
            Why::Anchor => (
                "not formatted: anchors (`&name`) and aliases (`*name`) are not kept by `iamform fmt`",
                "write the repeated values out; manifests need no anchors",
            ),
            Why::Tag => (
                "not formatted: tags (`!name`) are not kept by `iamform fmt`",
                "remove the tag; quote a value to make it a string",
            ),
            Why::CommentInFlow => (
                "not formatted: a comment inside `[…]` or `{…}` would be lost",
                "move the comment above the entry, or write the list one item per line",
            ),
            Why::ExplicitKey => (
                "not formatted: explicit keys (`? key`) are not kept by `iamform fmt`",
                "write the entry as `key: value`",
            ),
            Why::ComplexKey => (
                "not formatted: a key that is a list or a map",
                "manifest keys are names; use a string key",
            ),
            Why::MergeKey => (
                "not formatted: merge keys (`<<`) are not kept by `iamform fmt`",
                "write the merged entries out",
            ),
            Why::Directive => (
                "not formatted: `%` directives are not kept by `iamform fmt`",
                "remove the directive; manifests are read as YAML 1.2",
            ),
            Why::DocumentEnd => (
                "not formatted: the document end marker `...` is not kept by `iamform fmt`",
                "remove the `...` line",
            ),
            Why::ValueOnMarker => (
                "not formatted: a value on the `---` line",
                "start the document on the line after `---`",
            ),
            Why::ScalarRoot => (
                "not formatted: the file holds a single value, not a map",
                "a manifest is a map of sections (`users:`, `roles:`, …)",
            ),
            Why::BlockScalar => (
                "not formatted: this block scalar's indentation cannot be moved safely",
                "indent the text of `|` and `>` blocks with spaces only",
            ),
            Why::Unmatched => (
                "not formatted: this YAML is not written in a way `iamform fmt` can rewrite",
                "write it as plain maps, lists and values",
            ),
        }
    }
}

/// A reason to leave the file as it is, at a byte of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// Byte offset of what cannot be kept.
    pub at: usize,
    /// What it is.
    pub why: Why,
}

impl Refusal {
    /// A refusal at byte `at`.
    pub(crate) fn at(at: usize, why: Why) -> Refusal {
        Refusal { at, why }
    }
}
