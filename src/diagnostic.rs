//! Located, user-facing problems: `file:line:col: error: message`, the source line, a hint.
//!
//! Every stage that can reject input (manifest loading, model resolution, the graph)
//! reports [`Diagnostic`]s; the CLI prints them with [`Diagnostic::render`].

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// A place in a source file. Lines and columns are 1-based and count characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file, as the user named it (relative to where iamform runs when possible).
    pub file: Arc<PathBuf>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// How many characters to underline (at least 1).
    pub len: u32,
}

impl Span {
    /// A span pointing at one position, underlining `len` characters.
    pub fn new(file: Arc<PathBuf>, line: u32, column: u32, len: u32) -> Span {
        Span {
            file,
            line,
            column,
            len: len.max(1),
        }
    }

    /// A span for a whole file (used when no better position is known).
    pub fn file_only(file: Arc<PathBuf>) -> Span {
        Span::new(file, 1, 1, 1)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// How bad a problem is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops validate/plan/apply.
    Error,
    /// Reported, does not stop anything.
    Warning,
}

/// One problem, where it is, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, one sentence, no trailing period.
    pub message: String,
    /// Where; `None` only for problems that have no source (e.g. a missing directory).
    pub span: Option<Span>,
    /// Other places that matter (e.g. the first definition of a duplicate), with a note each.
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
        }
    }

    /// A warning at `span`.
    pub fn warning(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(span, message)
        }
    }

    /// Adds a fix hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds another relevant location.
    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.related.push((span, note.into()));
        self
    }

    /// Renders as text: `file:line:col: error: message`, the source line with a caret
    /// underline, related locations, then `help:`. `source` returns a file's text.
    pub fn render(&self, source: &dyn Fn(&std::path::Path) -> Option<String>) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        match &self.span {
            Some(span) => {
                let _ = writeln!(out, "{span}: {sev}: {}", self.message);
                write_snippet(&mut out, span, source);
            }
            None => {
                let _ = writeln!(out, "{sev}: {}", self.message);
            }
        }
        for (span, note) in &self.related {
            let _ = writeln!(out, "{span}: note: {note}");
            write_snippet(&mut out, span, source);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

fn write_snippet(
    out: &mut String,
    span: &Span,
    source: &dyn Fn(&std::path::Path) -> Option<String>,
) {
    let Some(text) = source(&span.file) else {
        return;
    };
    let Some(line) = text.lines().nth(span.line.saturating_sub(1) as usize) else {
        return;
    };
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let line_chars = line.chars().count() as u32;
    let col = span.column.max(1);
    let len = span.len.min(line_chars.saturating_sub(col - 1).max(1));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {line}");
    let pad: String = line
        .chars()
        .take((col - 1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(out, "{gutter} | {pad}{}", "^".repeat(len as usize));
}

/// A batch of diagnostics, for `Result<_, Diagnostics>` across stages.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) found", .0.len())]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by file, line, column so output is stable.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.message.cmp(&b.message)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_snippet_and_help() {
        let file = Arc::new(PathBuf::from("users.yaml"));
        let d = Diagnostic::error(Some(Span::new(file, 2, 5, 7)), "unknown key `polices`")
            .with_help("did you mean `policies`?");
        let text = d.render(&|_| Some("users:\n    polices: []\n".to_string()));
        assert_eq!(
            text,
            "users.yaml:2:5: error: unknown key `polices`\n  |\n2 |     polices: []\n  |     ^^^^^^^\n  = help: did you mean `policies`?\n"
        );
    }
}
