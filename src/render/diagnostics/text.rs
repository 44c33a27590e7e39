//! Diagnostics as terminal text, in rustc's layout (annotate-snippets): the level, the
//! rule code, the message, `--> file:line:col`, the source line with the span underlined,
//! secondary locations with their notes, then `= note:` and `= help:` lines.
//!
//! Manifests are untrusted: every text shown is normalised (control characters made
//! visible), messages are cut to a length, and a source line is cut to a window around
//! the span before it is laid out, so a 20 MB line costs no more than a short one.

use std::borrow::Cow;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity, Span};

/// Most characters of a message, note or hint shown; they may quote user input.
const MAX_MESSAGE: usize = 300;
/// Most characters of a source line shown; longer lines are cut around the column.
const MAX_SNIPPET: usize = 120;
/// How much of a cut line is shown before the column.
const SNIPPET_BEFORE: usize = 40;
/// Up to this column a long line is passed from its start, so annotate-snippets (which
/// cuts it to the width itself) counts the column right; past it the line is cut here,
/// to bound the work per diagnostic, and the location is written apart.
const KEEP_LINE_START: usize = 2_000;
/// The width lines are laid out for: fixed, so output does not depend on the terminal.
const TERM_WIDTH: usize = 140;

/// Line `n` (1-based) of a file, without its line break; `None` when unknown.
pub type SourceLine<'a> = dyn Fn(&Path, u32) -> Option<String> + 'a;

/// How to show diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiagnosticTextOptions {
    /// Colour the levels, codes and underlines (ANSI).
    pub color: bool,
}

/// One diagnostic as text, ending in a newline. `line` supplies the quoted source lines.
pub fn diagnostic_text(
    diagnostic: &Diagnostic,
    line: &SourceLine<'_>,
    options: DiagnosticTextOptions,
) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let mut title = level.primary_title(clean(&diagnostic.message));
    if let Some(code) = diagnostic.code {
        title = title.id(code.as_str());
    }
    let excerpts: Vec<Excerpt> = diagnostic
        .span
        .iter()
        .map(|span| Excerpt::new(span, None, line))
        .chain(
            diagnostic
                .related
                .iter()
                .map(|(span, note)| Excerpt::new(span, Some(clean(note)), line)),
        )
        .collect();
    let mut group = Group::with_title(title);
    for (i, excerpt) in excerpts.iter().enumerate() {
        let kind = if i == 0 && diagnostic.span.is_some() {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        group = excerpt.add_to(group, kind);
    }
    if let Some(path) = &diagnostic.logical {
        group = group.element(Level::NOTE.message(format!("in {}", clean(path))));
    }
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(clean(note)));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(clean(help)));
    }
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(TERM_WIDTH);
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// `N error(s), M warning(s)`, or `None` when there are none.
pub fn count_line(errors: usize, warnings: usize) -> Option<String> {
    match (errors, warnings) {
        (0, 0) => None,
        (0, w) => Some(format!("{w} warning(s)")),
        (e, 0) => Some(format!("{e} error(s)")),
        (e, w) => Some(format!("{e} error(s), {w} warning(s)")),
    }
}

/// One location to show: the file and, when its line is known, the line (cut to a
/// window) and the byte range to underline in it.
struct Excerpt {
    path: String,
    line: u32,
    column: u32,
    source: Option<(String, std::ops::Range<usize>)>,
    /// The line was cut before the span: annotate-snippets would count the column in
    /// the shown part, so the location is written apart.
    cut: bool,
    label: Option<String>,
}

impl Excerpt {
    fn new(span: &Span, label: Option<String>, line: &SourceLine<'_>) -> Excerpt {
        let source = if span.has_position() {
            line(&span.file, span.line).map(|text| window(&text, span))
        } else {
            None
        };
        Excerpt {
            path: clean(&span.file.display().to_string()),
            line: span.line,
            column: span.column,
            cut: source
                .as_ref()
                .is_some_and(|(text, _)| text.starts_with('…')),
            source,
            label,
        }
    }

    /// Adds the excerpt to `group`: the snippet under its location.
    fn add_to<'a>(&'a self, group: Group<'a>, kind: AnnotationKind) -> Group<'a> {
        match &self.source {
            Some((text, range)) => {
                let mut annotation = kind.span(range.clone());
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                let snippet = Snippet::source(text.as_str())
                    .line_start(self.line as usize)
                    .annotation(annotation);
                if self.cut {
                    group.element(self.origin()).element(snippet)
                } else {
                    group.element(snippet.path(self.path.as_str()))
                }
            }
            None => group.element(self.origin()),
        }
    }

    /// `--> path:line:column`, with the label when there is no snippet to carry it.
    fn origin(&self) -> annotate_snippets::Origin<'_> {
        let mut origin = Origin::path(match (&self.label, &self.source) {
            (Some(label), None) => Cow::Owned(format!("{} ({label})", self.path)),
            _ => Cow::Borrowed(self.path.as_str()),
        });
        if self.line > 0 {
            origin = origin
                .line(self.line as usize)
                .char_column(self.column as usize);
        }
        origin
    }
}

/// The part of `line` shown for `span`, with `…` where it was cut, and the byte range of
/// the span within it (at least one character; at the end of the line when the column
/// is past it).
fn window(line: &str, span: &Span) -> (String, std::ops::Range<usize>) {
    // Not `clean`ed: annotate-snippets makes control characters in source lines visible
    // itself and keeps the underline in place when it does.
    let chars = line.chars().count();
    let col = (span.column.max(1) as usize - 1).min(chars);
    let (start, end) = if chars <= MAX_SNIPPET {
        (0, chars)
    } else if col <= KEEP_LINE_START {
        (
            0,
            (col + MAX_SNIPPET - SNIPPET_BEFORE)
                .max(MAX_SNIPPET)
                .min(chars),
        )
    } else {
        let start = col.saturating_sub(SNIPPET_BEFORE);
        (start, (start + MAX_SNIPPET).min(chars))
    };
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let offset = shown.len();
    shown.extend(line.chars().skip(start).take(end - start));
    let body_end = shown.len();
    if end < chars {
        shown.push('…');
    }
    let byte_of = |char_index: usize| {
        shown[offset..body_end]
            .char_indices()
            .nth(char_index)
            .map_or(body_end, |(i, _)| offset + i)
    };
    let from = byte_of(col - start);
    let len = (span.len.max(1) as usize).min((end - col).max(1));
    let to = byte_of(col - start + len).max(from);
    (shown, from..to)
}

/// `text` with control characters made visible and cut to [`MAX_MESSAGE`] characters.
fn clean(text: &str) -> String {
    let cut = match text.char_indices().nth(MAX_MESSAGE) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    };
    annotate_snippets::normalize_untrusted_str(&cut)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::policy::lint::Rule;

    fn plain(d: &Diagnostic, source: &str) -> String {
        diagnostic_text(
            d,
            &|_, n| source.lines().nth(n as usize - 1).map(str::to_string),
            DiagnosticTextOptions::default(),
        )
    }

    #[test]
    fn renders_location_snippet_and_help() {
        let file = Arc::new(PathBuf::from("users.yaml"));
        let d = Diagnostic::error(Some(Span::new(file, 2, 5, 7)), "unknown key `polices`")
            .with_help("did you mean `policies`?");
        insta::assert_snapshot!(plain(&d, "users:\n    polices: []\n"), @r"
        error: unknown key `polices`
         --> users.yaml:2:5
          |
        2 |     polices: []
          |     ^^^^^^^
          |
          = help: did you mean `policies`?
        ");
    }

    #[test]
    fn shows_the_code_the_path_in_the_document_and_secondary_locations() {
        let file = Arc::new(PathBuf::from("roles.yaml"));
        let d = Diagnostic::coded(
            Rule::PassRoleAnyRole,
            Some(Span::new(file.clone(), 3, 11, 12)),
            "role ci, inline policy deploy: iam:PassRole on every role",
        )
        .with_logical("Statement[0].Action")
        .with_related(Span::new(file, 1, 1, 5), "the role is defined here")
        .with_note("a principal that can pass any role can act as any role")
        .with_help("name the roles it may pass");
        insta::assert_snapshot!(plain(&d, "roles:\n  ci:\n    Action: iam:PassRole\n"));
    }

    #[test]
    fn a_file_without_positions_or_source_is_named_alone() {
        let file = Arc::new(PathBuf::from("policy.yaml"));
        let d = Diagnostic::coded(
            Rule::UnknownAction,
            Some(Span::unpositioned(file)),
            "s3:GetObjekt",
        );
        let text = plain(&d, "");
        assert!(
            text.starts_with("warning[IAM011]: s3:GetObjekt\n"),
            "{text}"
        );
        assert!(text.contains("--> policy.yaml\n"), "{text}");
    }

    #[test]
    fn control_characters_in_messages_are_made_visible() {
        let d = Diagnostic::error(None, "name \u{1b}[31mred");
        assert!(!plain(&d, "").contains('\u{1b}'));
    }

    #[test]
    fn a_long_line_is_cut_and_keeps_its_column() {
        // A minified policy: one line, the finding far into it.
        let file = Arc::new(PathBuf::from("min.json"));
        let line = format!(
            "{{\"a\": \"{}\", \"Principal\": \"arn\"}}",
            "x".repeat(1_500)
        );
        let column = line.find("\"arn").unwrap() as u32 + 1;
        let d = Diagnostic::error(Some(Span::new(file, 1, column, 5)), "bare principal");
        let text = diagnostic_text(
            &d,
            &|_, _| Some(line.clone()),
            DiagnosticTextOptions::default(),
        );
        assert!(
            text.contains(&format!("--> min.json:1:{column}\n")),
            "{text}"
        );
        assert!(!text.contains(":::"), "{text}");
        assert!(text.contains("\"Principal\": \"arn\""), "{text}");
        assert!(text.lines().all(|l| l.chars().count() < 200), "{text}");
    }

    #[test]
    fn long_lines_and_messages_are_cut_around_the_column() {
        let file = Arc::new(PathBuf::from("big.yaml"));
        let line = format!(
            "description: {}X{}",
            "a".repeat(2_000_000),
            "b".repeat(1000)
        );
        let column = 14 + 2_000_000;
        let d = Diagnostic::error(Some(Span::new(file, 1, column, 5)), "x".repeat(10_000));
        let text = diagnostic_text(
            &d,
            &|_, _| Some(line.clone()),
            DiagnosticTextOptions::default(),
        );
        assert!(text.len() < 1500, "{} bytes: {text}", text.len());
        assert!(
            text.contains(&format!("{}X{}", "a".repeat(40), "b".repeat(20))),
            "{text}"
        );
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.lines().next().unwrap().chars().count() < 350); // The location counts columns in the whole line, not in the part shown.
        assert!(
            text.contains(&format!("--> big.yaml:1:{column}\n")),
            "{text}"
        );
    }
}
