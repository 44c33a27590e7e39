//! Terminal-safe text: names and warnings come from manifests and accounts, so control
//! characters in them must not reach the terminal as escape sequences.

use std::borrow::Cow;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

/// Headings and the summary line.
pub(crate) const BOLD: Style = Style::new().bold();
/// Warnings and notes that ask to be read.
pub(crate) const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Added lines of a document diff.
pub(crate) const ADDED: Style = AnsiColor::Green.on_default();
/// Removed lines of a document diff.
pub(crate) const REMOVED: Style = AnsiColor::Red.on_default();
/// `@@` hunk headers of a document diff.
pub(crate) const HUNK: Style = AnsiColor::Cyan.on_default();

/// `text` with every control character shown as a visible escape (`\u{1b}`).
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(safe, "\\u{{{:x}}}", u32::from(c));
        } else {
            safe.push(c);
        }
    }
    Cow::Owned(safe)
}

/// Wraps `text` in `style` (and a reset) when `color` is on; the caller decided colour
/// once for the run (`--color`, `NO_COLOR`, a terminal or not).
pub(crate) fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\u{a}c");
        assert!(matches!(terminal_safe("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn paint_only_when_asked() {
        assert_eq!(paint("+", ADDED, false), "+");
        assert_eq!(paint("+", ADDED, true), "\u{1b}[32m+\u{1b}[0m");
        assert_eq!(paint("!", WARNING, true), "\u{1b}[1m\u{1b}[33m!\u{1b}[0m");
    }
}
