//! Printing located diagnostics to stderr, with source snippets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use iamform::diagnostic::{Diagnostic, Diagnostics, Severity};
use iamform::input_file::{MANIFEST_LIMIT, read_text};
use iamform::render;
use iamform::render::diagnostics::{DiagnosticTextOptions, count_line};

use super::Ui;

/// The lines diagnostics quote. Each file is read once, through the same bounds as the
/// manifests (regular files, size cap: a span never makes the printer read a FIFO or a
/// device), and indexed by line, so many diagnostics in one large file stay cheap.
/// Built for a list of diagnostics before any is rendered, so rendering only looks up
/// and can run on all cores.
pub struct SnippetSource {
    files: HashMap<PathBuf, Option<IndexedText>>,
}

struct IndexedText {
    text: String,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl SnippetSource {
    /// The files the spans of `diagnostics` name, read.
    pub fn of(diagnostics: &[Diagnostic]) -> SnippetSource {
        let mut files = HashMap::new();
        let spans = diagnostics
            .iter()
            .flat_map(|d| d.span.iter().chain(d.related.iter().map(|(span, _)| span)));
        for span in spans {
            if !files.contains_key(span.file.as_path()) {
                files.insert(span.file.to_path_buf(), read_indexed(&span.file));
            }
        }
        SnippetSource { files }
    }

    /// Line `n` (1-based) of `path`, without its line break.
    pub fn line(&self, path: &Path, n: u32) -> Option<String> {
        let indexed = self.files.get(path)?.as_ref()?;
        let i = (n as usize).checked_sub(1)?;
        let start = *indexed.starts.get(i)?;
        let end = indexed
            .starts
            .get(i + 1)
            .map_or(indexed.text.len(), |e| e - 1);
        let line = &indexed.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line).to_string())
    }

    /// `diagnostic` as text, with its snippets.
    pub fn render(&self, diagnostic: &Diagnostic, color: bool) -> String {
        render::diagnostics::diagnostic_text(
            diagnostic,
            &|path, n| self.line(path, n),
            DiagnosticTextOptions { color },
        )
    }

    /// Every diagnostic as text, in order; rendered on all cores (thousands of lint
    /// warnings are common in a large project).
    pub fn render_all(&self, diagnostics: &[Diagnostic], color: bool) -> Vec<String> {
        iamform::parallel::map(diagnostics, |d| self.render(d, color))
    }
}

/// `path` read and indexed by line; `None` when it cannot be read as a manifest.
fn read_indexed(path: &Path) -> Option<IndexedText> {
    let text = read_text(path, MANIFEST_LIMIT).ok()?;
    let starts = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    Some(IndexedText { text, starts })
}

/// Prints every diagnostic (errors and warnings) with its source snippet on stderr, then
/// a count line.
pub fn print(ui: &Ui, diags: &Diagnostics) {
    let source = SnippetSource::of(&diags.0);
    for text in source.render_all(&diags.0, ui.stderr_color()) {
        ui.eprintln(text);
    }
    if let Some(line) = count_line(diags.count(Severity::Error), diags.count(Severity::Warning)) {
        ui.eprintln(line);
    }
}
