//! `iamform fmt`: manifests rewritten in the layout `iamform import` writes, comments kept.
//!
//! A module of its own, above `manifest` (which reads the values, [`yaml_node`]) and
//! `import` (whose writer owns the layout rules, [`crate::import::yaml_text`]): neither has
//! to reach up into the other.
//!
//! Stages: `events` asks the YAML parser how the file is written; `build` walks those
//! events beside the values iamform reads and refuses what it cannot keep (anchors, tags,
//! comments inside `[…]`, …: the file is left as it is, with a located warning);
//! `placement` decides which entry each comment and blank line goes with; `write` writes
//! the tree. Nothing is reordered: keys and items stay where they are, booleans, numbers
//! and nulls stay as written, strings are quoted by import's rule, block scalars (`|`,
//! `>`) keep their lines.
//!
//! Two checks guard every result before it is returned: the formatted text must read back
//! to the same values (`same_values`), and formatting it again must change nothing.
//! Either failing is an error and the file stays as it was.

mod block_scalar;
mod build;
mod events;
mod placement;
mod refusal;
mod same_values;
mod source;
mod tree;
mod write;

#[cfg(test)]
mod refusal_tests;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Span};
use crate::manifest::{self, YamlNode};

use self::refusal::Refusal;
use self::source::Source;

/// A file's text in the canonical layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The formatted text.
    pub text: String,
    /// True when it differs from the input.
    pub changed: bool,
}

/// Why a file was not formatted. In every case the file is to be left as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// Not YAML iamform can read: the error `validate` reports.
    #[error("{}", .0.message)]
    Invalid(Diagnostic),
    /// YAML the formatter cannot rewrite without losing something (an anchor, a tag, a
    /// comment inside `[…]`): a warning, located at it.
    #[error("{}", .0.message)]
    Unsupported(Diagnostic),
    /// The formatted text would not read back to the same values, or would change if
    /// formatted again: a formatter bug, caught before anything is written.
    #[error("{}", .0.message)]
    Unsafe(Diagnostic),
}

impl FormatError {
    /// The located diagnostic (a warning for [`FormatError::Unsupported`], else an error).
    pub fn diagnostic(&self) -> &Diagnostic {
        match self {
            FormatError::Invalid(d) | FormatError::Unsupported(d) | FormatError::Unsafe(d) => d,
        }
    }
}

/// Formats `text`, the contents of `file` (named in diagnostics only).
pub fn format_manifest(file: &Arc<PathBuf>, text: &str) -> Result<Formatted, FormatError> {
    let formatted = match manifest::parse_yaml(file, text).map_err(FormatError::Invalid)? {
        None => comments_only(text),
        Some(root) => {
            let formatted = layout(text, &root)
                .map_err(|r| FormatError::Unsupported(warning(file, text, r)))?;
            check(file, &root, &formatted)?;
            formatted
        }
    };
    Ok(Formatted {
        changed: formatted != text,
        text: formatted,
    })
}

/// The layout of `text`, whose values `yaml_node` read as `root`.
fn layout(text: &str, root: &YamlNode) -> Result<String, Refusal> {
    let (events, comments) = events::events(text)?;
    let src = Source::new(text, comments.iter().map(|c| (c.start, c.end)).collect());
    let built = build::build(&src, events, root)?;
    let placement = placement::place(&src, &built, &comments)?;
    Ok(write::write(
        built.root,
        placement,
        built.doc_start.is_some(),
    ))
}

/// The safety nets: same values, and a fixed point.
fn check(file: &Arc<PathBuf>, root: &YamlNode, formatted: &str) -> Result<(), FormatError> {
    let failure = |span: Option<Span>, message: &str| {
        FormatError::Unsafe(
            Diagnostic::error(
                Some(span.unwrap_or_else(|| Span::file_only(file.clone()))),
                format!("not formatted: {message}"),
            )
            .with_help("the file is left as it is; please report this as an iamform bug"),
        )
    };
    let Ok(Some(reread)) = manifest::parse_yaml(file, formatted) else {
        return Err(failure(None, "the formatted text would not read back"));
    };
    if let Some(node) = same_values::first_difference(root, &reread) {
        return Err(failure(
            Some(node.span.clone()),
            "the formatted text would read this value differently",
        ));
    }
    if layout(formatted, &reread).ok().as_deref() != Some(formatted) {
        return Err(failure(None, "formatting the result again would change it"));
    }
    Ok(())
}

/// A file with no value, only comments (and `---`): each line trimmed, blank runs made one.
fn comments_only(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The warning for a refusal, located at its byte.
fn warning(file: &Arc<PathBuf>, text: &str, refusal: Refusal) -> Diagnostic {
    let (message, help) = refusal.why.explain();
    let span = match text.get(..refusal.at) {
        Some(before) => {
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Span::new(file.clone(), to_u32(line), to_u32(column), 1)
        }
        None => Span::file_only(file.clone()),
    };
    Diagnostic::warning(Some(span), message).with_help(help)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
