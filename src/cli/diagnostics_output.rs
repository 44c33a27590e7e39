//! Printing located diagnostics to stderr, with source snippets.

use std::cell::RefCell;
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
#[derive(Default)]
pub struct SnippetSource {
    files: RefCell<HashMap<PathBuf, Option<IndexedText>>>,
}

struct IndexedText {
    text: String,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl SnippetSource {
    /// Line `n` (1-based) of `path`, without its line break.
    pub fn line(&self, path: &Path, n: u32) -> Option<String> {
        let mut files = self.files.borrow_mut();
        let indexed = files.entry(path.to_path_buf()).or_insert_with(|| {
            let text = read_text(path, MANIFEST_LIMIT).ok()?;
            let starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            Some(IndexedText { text, starts })
        });
        let indexed = indexed.as_ref()?;
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
}

/// Prints every diagnostic (errors and warnings) with its source snippet on stderr, then
/// a count line.
pub fn print(ui: &Ui, diags: &Diagnostics) {
    let source = SnippetSource::default();
    for d in &diags.0 {
        ui.eprintln(source.render(d, ui.stderr_color()));
    }
    if let Some(line) = count_line(diags.count(Severity::Error), diags.count(Severity::Warning)) {
        ui.eprintln(line);
    }
}
