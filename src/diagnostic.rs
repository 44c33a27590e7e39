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
        self.render_lines(&|path, n| {
            source(path)?
                .lines()
                .nth(n.saturating_sub(1) as usize)
                .map(str::to_string)
        })
    }

    /// [`Diagnostic::render`] with `line(file, n)` returning line `n` (1-based) of a file,
    /// so a caller can index each file once instead of handing over its whole text.
    pub fn render_lines(&self, line: &dyn Fn(&std::path::Path, u32) -> Option<String>) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        match &self.span {
            Some(span) => {
                let _ = writeln!(out, "{span}: {sev}: {}", shorten(&self.message));
                write_snippet(&mut out, span, line);
            }
            None => {
                let _ = writeln!(out, "{sev}: {}", shorten(&self.message));
            }
        }
        for (span, note) in &self.related {
            let _ = writeln!(out, "{span}: note: {}", shorten(note));
            write_snippet(&mut out, span, line);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", shorten(help));
        }
        out
    }
}

/// Most characters of a message, note or hint shown; they may quote user input.
const MAX_MESSAGE: usize = 300;
/// Most characters of a source line shown; longer lines are cut around the column.
const MAX_SNIPPET: usize = 120;
/// How much of a cut line is shown before the column.
const SNIPPET_BEFORE: usize = 40;

fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_MESSAGE) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

fn write_snippet(
    out: &mut String,
    span: &Span,
    source_line: &dyn Fn(&std::path::Path, u32) -> Option<String>,
) {
    let Some(line) = source_line(&span.file, span.line) else {
        return;
    };
    let number = span.line.to_string();
    let gutter = " ".repeat(number.len());
    let col = span.column.max(1) as usize - 1;
    let line_chars = line.chars().count();
    // A long line (a 20 MB description) is shown as a window around the column.
    let (start, end) = if line_chars <= MAX_SNIPPET {
        (0, line_chars)
    } else {
        let start = col.min(line_chars).saturating_sub(SNIPPET_BEFORE);
        (start, (start + MAX_SNIPPET).min(line_chars))
    };
    let shown: String = line.chars().skip(start).take(end - start).collect();
    let (open, close) = (
        if start > 0 { "…" } else { "" },
        if end < line_chars { "…" } else { "" },
    );
    let len = (span.len as usize).min(end.saturating_sub(col).max(1));
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {open}{shown}{close}");
    let pad: String = open
        .chars()
        .map(|_| ' ')
        .chain(
            shown
                .chars()
                .take(col.saturating_sub(start))
                .map(|c| if c == '\t' { '\t' } else { ' ' }),
        )
        .collect();
    let _ = writeln!(out, "{gutter} | {pad}{}", "^".repeat(len));
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

    #[test]
    fn long_lines_and_messages_are_cut_around_the_column() {
        let file = Arc::new(PathBuf::from("big.yaml"));
        let line = format!(
            "description: {}X{}",
            "a".repeat(20_000_000),
            "b".repeat(1000)
        );
        let column = 14 + 20_000_000;
        let d = Diagnostic::error(Some(Span::new(file, 1, column, 5)), "x".repeat(10_000));
        let text = d.render_lines(&|_, _| Some(line.clone()));
        assert!(text.len() < 1000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with('…') && lines[0].chars().count() < 350);
        assert_eq!(
            lines[2],
            format!("1 | …{}X{}…", "a".repeat(40), "b".repeat(79))
        );
        assert_eq!(lines[3], format!("  | {}^^^^^", " ".repeat(41)));
    }
}
