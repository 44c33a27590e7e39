//! Escaping for the three Markdown contexts a plan comment uses: HTML (`<summary>`),
//! inline Markdown (headings, table cells, list items) and fenced code blocks. Entity
//! names come from manifests and documents from accounts, so none of it may inject
//! markup, break a table, close a fence or leave a `<details>` unbalanced.

use super::terminal_text::terminal_safe;

/// Text for inside an HTML element: `& < > " '` as entities, control characters visible.
pub(crate) fn html_escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text for inline Markdown: HTML-significant characters as entities, Markdown
/// punctuation backslash-escaped (including `|`, so it is safe in table cells).
pub(crate) fn inline_escape(text: &str) -> String {
    let safe = terminal_safe(text);
    let mut out = String::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A code span holding `text` literally (names stay readable and never become
/// mentions or links), with `|` escaped so it can sit in a table cell.
pub(crate) fn code_span(text: &str) -> String {
    let safe = terminal_safe(text);
    let ticks = "`".repeat(longest_backtick_run(&safe) + 1);
    // A space keeps a leading or trailing backtick from merging with the delimiter.
    let pad = if safe.starts_with('`') || safe.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{}{pad}{ticks}", safe.replace('|', "\\|"))
}

/// A code fence longer than any backtick run in `body`, so the body cannot close it.
pub(crate) fn fence_for(body: &str) -> String {
    "`".repeat((longest_backtick_run(body) + 1).max(3))
}

fn longest_backtick_run(text: &str) -> usize {
    let (mut longest, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// At most `max` characters of `text`, ending in `…` when shortened.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_cannot_be_injected_into_a_summary() {
        assert_eq!(
            html_escape("<img src=x onerror='a'>&</summary>"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&lt;/summary&gt;"
        );
        assert_eq!(html_escape("a\nb"), "a\\u{a}b");
    }

    #[test]
    fn inline_text_cannot_split_a_table_or_add_markup() {
        assert_eq!(inline_escape("a|b"), "a\\|b");
        assert_eq!(
            inline_escape("*bold* [x](y) <b>"),
            "\\*bold\\* \\[x\\]\\(y\\) &lt;b&gt;"
        );
        assert_eq!(inline_escape("line\nbreak"), "line\\\\u{a}break");
    }

    #[test]
    fn code_spans_outlast_backticks_in_names() {
        assert_eq!(code_span("alice"), "`alice`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span("a|b"), "`a\\|b`");
    }

    #[test]
    fn fences_outlast_backticks_in_documents() {
        assert_eq!(fence_for("plain"), "```");
        assert_eq!(fence_for("has ``` inside"), "````");
        assert_eq!(fence_for("``````"), "```````");
    }

    #[test]
    fn shorten_respects_character_boundaries() {
        assert_eq!(shorten("héllo", 2), "hé…");
        assert_eq!(shorten("hi", 2), "hi");
    }
}
