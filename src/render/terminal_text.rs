//! Terminal-safe text: names and warnings come from manifests and accounts, so control
//! characters in them must not reach the terminal as escape sequences.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character shown as a visible escape (`\u{1b}`).
pub(crate) fn terminal_safe(text: &str) -> Cow<'_, str> {
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

/// Wraps `text` in an ANSI SGR sequence when `color` is on.
pub(crate) fn paint(text: &str, sgr: &str, color: bool) -> String {
    if color {
        format!("\u{1b}[{sgr}m{text}\u{1b}[0m")
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
        assert_eq!(paint("+", "32", false), "+");
        assert_eq!(paint("+", "32", true), "\u{1b}[32m+\u{1b}[0m");
    }
}
