//! A unified diff between two versions of a text file (`iamform fmt --check --diff`).
//! The file comes from a pull request: control characters in it are shown as visible
//! escapes, never sent to the terminal.

use std::fmt::Write as _;
use std::time::Duration;

use similar::udiff::UnifiedHunkHeader;
use similar::{ChangeTag, TextDiff};

use super::terminal_text::{ADDED, BOLD, HUNK, REMOVED, paint, terminal_safe};

/// Lines of context around each change, as in `diff -u`.
const CONTEXT_LINES: usize = 3;

/// How long the line matching may take before it settles for a coarser diff: a large,
/// adversarial file must not hold a CI job.
const DIFF_TIMEOUT: Duration = Duration::from_secs(2);

/// The unified diff from `old` to `new`, both versions of the file shown as `name`
/// (`--- name`, `+++ name`, hunks); empty when they are equal. Coloured when `color`.
pub fn file_diff(name: &str, old: &str, new: &str, color: bool) -> String {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(old, new);
    let mut out = String::new();
    for group in diff.grouped_ops(CONTEXT_LINES) {
        if group.is_empty() {
            continue;
        }
        if out.is_empty() {
            let name = terminal_safe(name);
            let _ = writeln!(out, "{}", paint(&format!("--- {name}"), BOLD, color));
            let _ = writeln!(out, "{}", paint(&format!("+++ {name}"), BOLD, color));
        }
        let header = UnifiedHunkHeader::new(&group).to_string();
        let _ = writeln!(out, "{}", paint(&header, HUNK, color));
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, style) = match change.tag() {
                    ChangeTag::Insert => ("+", Some(ADDED)),
                    ChangeTag::Delete => ("-", Some(REMOVED)),
                    ChangeTag::Equal => (" ", None),
                };
                let text = change.value();
                let line = format!("{sign}{}", terminal_safe(text.trim_end_matches('\n')));
                let _ = match style {
                    Some(style) => writeln!(out, "{}", paint(&line, style, color)),
                    None => writeln!(out, "{line}"),
                };
                if !text.ends_with('\n') {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_changed_lines_with_context() {
        let middle: String = (1..=8).map(|i| format!("k{i}: {i}\n")).collect();
        let old = format!("a: 1\nb:   2\n{middle}z:   0");
        let new = format!("a: 1\nb: 2\n{middle}z: 0\n");
        assert_eq!(
            file_diff("users.yaml", &old, &new, false),
            "--- users.yaml\n+++ users.yaml\n@@ -1,5 +1,5 @@\n a: 1\n-b:   2\n+b: 2\n k1: 1\n k2: 2\n k3: 3\n\
             @@ -8,4 +8,4 @@\n k6: 6\n k7: 7\n k8: 8\n-z:   0\n\\ No newline at end of file\n+z: 0\n"
        );
        assert_eq!(file_diff("x", "same\n", "same\n", false), "");
    }

    #[test]
    fn control_characters_stay_visible_and_colour_is_optional() {
        let diff = file_diff("a\u{1b}[2J.yaml", "k:  \"\u{1b}[31m\"\n", "k: x\n", true);
        assert!(!diff.contains("\u{1b}[2J") && !diff.contains("\u{1b}[31m\""));
        assert!(diff.contains("a\\u{1b}[2J.yaml"), "{diff}");
        assert!(diff.contains("\u{1b}[32m+k: x\u{1b}[0m"), "{diff}");
    }
}
