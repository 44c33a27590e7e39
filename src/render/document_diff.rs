//! Line diffs of JSON documents: a unified diff for changes, all-added or all-removed
//! lines for documents that appear or disappear.

use serde_json::Value;
use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, TextDiff};

use super::canonical_json::canonical_text;

/// Lines of context around each change, as in `diff -u`.
const CONTEXT_LINES: usize = 3;

/// What one line of a document diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DiffLineKind {
    /// Only in the wanted document.
    Added,
    /// Only in the current document.
    Removed,
    /// In both, shown for orientation.
    Context,
    /// `@@ -a,b +c,d @@`.
    Hunk,
}

/// One line of a document diff, without its leading `+`/`-`/space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiffLine {
    /// Its role.
    pub(crate) kind: DiffLineKind,
    /// The text, without a line break.
    pub(crate) text: String,
}

impl DiffLine {
    /// The unified-diff prefix of the line (the hunk header carries its own).
    pub(crate) fn prefix(&self) -> &'static str {
        match self.kind {
            DiffLineKind::Added => "+",
            DiffLineKind::Removed => "-",
            DiffLineKind::Context => " ",
            DiffLineKind::Hunk => "",
        }
    }
}

/// Every line of `document` as added (a new document).
pub(crate) fn added_document(document: &Value) -> Vec<DiffLine> {
    whole_document(document, DiffLineKind::Added)
}

/// The unified diff from `before` to `after`; empty when their canonical text is equal.
pub(crate) fn document_diff(before: &Value, after: &Value) -> Vec<DiffLine> {
    let old = canonical_text(before);
    let new = canonical_text(after);
    let diff = TextDiff::from_lines(&old, &new);
    let mut lines = Vec::new();
    for group in diff.grouped_ops(CONTEXT_LINES) {
        if group.is_empty() {
            continue;
        }
        lines.push(DiffLine {
            kind: DiffLineKind::Hunk,
            text: UnifiedHunkHeader::new(&group).to_string(),
        });
        for op in &group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    ChangeTag::Insert => DiffLineKind::Added,
                    ChangeTag::Delete => DiffLineKind::Removed,
                    ChangeTag::Equal => DiffLineKind::Context,
                };
                lines.push(DiffLine {
                    kind,
                    text: change.value().trim_end_matches('\n').to_string(),
                });
            }
        }
    }
    lines
}

fn whole_document(document: &Value, kind: DiffLineKind) -> Vec<DiffLine> {
    canonical_text(document)
        .lines()
        .map(|line| DiffLine {
            kind,
            text: line.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(lines: &[DiffLine]) -> String {
        lines
            .iter()
            .map(|l| format!("{}{}\n", l.prefix(), l.text))
            .collect()
    }

    #[test]
    fn unified_diff_shows_only_the_changed_region_with_context() {
        let before = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]});
        let after = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]});
        let text = render(&document_diff(&before, &after));
        assert_eq!(
            text,
            "@@ -4,7 +4,8 @@\n     {\n       \"Effect\": \"Allow\",\n       \"Action\": [\n-        \"s3:GetObject\"\n+        \"s3:GetObject\",\n+        \"s3:PutObject\"\n       ],\n       \"Resource\": [\n         \"*\"\n"
        );
    }

    #[test]
    fn key_order_alone_is_no_difference() {
        let a = json!({"Version": "2012-10-17", "Statement": []});
        let b = json!({"Statement": [], "Version": "2012-10-17"});
        assert!(document_diff(&a, &b).is_empty());
    }

    #[test]
    fn new_documents_are_all_added_lines() {
        let lines = added_document(&json!({"Version": "2012-10-17"}));
        assert!(lines.iter().all(|l| l.kind == DiffLineKind::Added));
        assert_eq!(render(&lines), "+{\n+  \"Version\": \"2012-10-17\"\n+}\n");
    }
}
