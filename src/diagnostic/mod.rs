//! Located, user-facing problems: what is wrong, where, which rule, and how to fix it.
//!
//! Every stage that can reject input (manifest loading, model resolution, the graph) and
//! every checker (policy lint, the manifest-wide rules) reports [`Diagnostic`]s. They
//! are data only: `render::diagnostic_text`, `render::diagnostic_json` and
//! `render::sarif` turn them into output, one file per format.

mod code;

pub use code::Code;

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

    /// A file without a position in it (line and column 0): shown as the file name
    /// alone, with no source line, for files whose positions are unknown (YAML or
    /// URL-encoded policy files).
    pub fn unpositioned(file: Arc<PathBuf>) -> Span {
        Span {
            file,
            line: 0,
            column: 0,
            len: 0,
        }
    }

    /// False for [`Span::unpositioned`].
    pub fn has_position(&self) -> bool {
        self.line > 0
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.has_position() {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
        } else {
            write!(f, "{}", self.file.display())
        }
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
    /// Worth knowing, not a problem (`policy lint` only); stops nothing.
    Info,
}

/// One problem, where it is, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it, for checks with a stable code (lint rules); `None` for
    /// plain input errors.
    pub code: Option<Code>,
    /// Error, warning or info.
    pub severity: Severity,
    /// What is wrong, one sentence, no trailing period, without the code.
    pub message: String,
    /// The primary location; `None` only for problems that have no source (e.g. a
    /// missing directory).
    pub span: Option<Span>,
    /// Where inside a policy document, as a JSON path such as `Statement[0].Action`
    /// (SARIF's logical location), for findings in documents.
    pub logical: Option<String>,
    /// Secondary locations (e.g. the first definition of a duplicate), with a note each.
    pub related: Vec<(Span, String)>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts that explain the problem (not fixes).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: None,
            severity: Severity::Error,
            message: message.into(),
            span,
            logical: None,
            related: Vec::new(),
            help: None,
            notes: Vec::new(),
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

    /// A finding of the rule `code`, with the rule's severity.
    pub fn coded(
        code: impl Into<Code>,
        span: Option<Span>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let code = code.into();
        Diagnostic {
            code: Some(code),
            severity: code.severity(),
            ..Diagnostic::error(span, message)
        }
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sets where inside a document the problem is.
    pub fn with_logical(mut self, path: impl Into<String>) -> Diagnostic {
        self.logical = Some(path.into());
        self
    }
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

    /// How many diagnostics have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, line, column so output is stable.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| a.span.cmp(&b.span).then(a.message.cmp(&b.message)));
    }
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::lint::Rule;

    #[test]
    fn a_coded_diagnostic_takes_the_rules_severity_and_keeps_the_message_clean() {
        let d = Diagnostic::coded(Rule::PassRoleAnyRole, None, "iam:PassRole on every role");
        assert_eq!(d.code, Some(Code::Lint(Rule::PassRoleAnyRole)));
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.message, "iam:PassRole on every role");
        let e = Diagnostic::coded(Rule::Grammar, None, "`allow` is not an Effect");
        assert_eq!(e.severity, Severity::Error);
    }

    #[test]
    fn an_unpositioned_span_shows_the_file_alone() {
        let file = Arc::new(PathBuf::from("policy.yaml"));
        assert_eq!(Span::unpositioned(file.clone()).to_string(), "policy.yaml");
        assert_eq!(Span::new(file, 3, 4, 1).to_string(), "policy.yaml:3:4");
    }

    #[test]
    fn counts_by_severity() {
        let diags = Diagnostics(vec![
            Diagnostic::error(None, "a"),
            Diagnostic::warning(None, "b"),
            Diagnostic::warning(None, "c"),
        ]);
        assert_eq!(diags.count(Severity::Error), 1);
        assert_eq!(diags.count(Severity::Warning), 2);
    }
}
