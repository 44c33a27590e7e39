//! Literal (`|`) and folded (`>`) block scalars, kept line for line: only their
//! indentation changes, so folding, chomping and every character of content stay as written.

use super::refusal::{Refusal, Why};
use super::source::Source;
use super::tree::Scalar;

/// Characters that may follow `|` or `>` in a header: chomping and an indentation digit.
const HEADER_MODIFIERS: &[u8] = b"+-0123456789";

/// Byte where the header (`|`, `>-`, …) of a block scalar begins, the previous event
/// ending at byte `after`: only a key's `:` or a dash can be between them. (The parser
/// places an empty block scalar's content at its header, or at the next line.)
pub(super) fn header_start(src: &Source, after: usize) -> Option<usize> {
    match src.token_after(after, &[':', '-'])? {
        (at, '|' | '>') => Some(at),
        _ => None,
    }
}

/// A block scalar read from the source.
pub(super) struct BlockScalar {
    /// The scalar, re-indentable.
    pub scalar: Scalar,
    /// The 0-based lines its content occupies (first, last), if any: not blank lines
    /// between entries even when empty.
    pub lines: Option<(usize, usize)>,
}

/// Reads the block scalar after the event ending at byte `after`, its content indented
/// by `content_indent` columns (`None` when it has no content line); `value` is what
/// iamform reads it as.
pub(super) fn read(
    src: &Source,
    after: usize,
    content_indent: Option<usize>,
    value: &str,
) -> Result<BlockScalar, Refusal> {
    let unsupported = |at| Refusal::at(at, Why::BlockScalar);
    let start = header_start(src, after).ok_or_else(|| unsupported(after))?;
    let header_line = src.line_of(start);
    let header_text = &src.line(header_line)[start - src.line_start(header_line)..];
    let header_len = header_text
        .bytes()
        .take_while(|b| *b == b'|' || *b == b'>' || HEADER_MODIFIERS.contains(b))
        .count();
    let header = &header_text[..header_len];
    let keep = header.contains('+');
    let indent = content_indent.unwrap_or(usize::MAX);

    let mut lines = Vec::new();
    // Empty lines are content only when content follows them, or with keep chomping (`+`).
    let mut pending_empty = 0;
    let mut last_line = header_line;
    let mut last_content_line = header_line;
    for line_no in header_line + 1..src.line_count() {
        let line = src.line(line_no);
        let spaces_only = line.bytes().all(|b| b == b' ');
        if spaces_only && line_no + 1 == src.line_count() {
            break; // spaces after the last line break: not a line
        }
        if line.len() <= indent && spaces_only {
            pending_empty += 1;
            last_line = line_no;
        } else if line.len() > indent && line.bytes().take(indent).all(|b| b == b' ') {
            lines.extend(std::iter::repeat_n(String::new(), pending_empty));
            pending_empty = 0;
            lines.push(line[indent..].to_string());
            last_line = line_no;
            last_content_line = line_no;
        } else if src.is_blank(line_no) {
            // A tab where the indentation is: not something to move around.
            return Err(unsupported(src.line_start(line_no)));
        } else {
            break;
        }
    }
    let last = if keep {
        // Kept empty lines are content: as many as the value ends with (how the reader
        // counts spaces left at the very end of the file is its business).
        let breaks = value.len() - value.trim_end_matches('\n').len();
        let empty = breaks.saturating_sub(usize::from(!lines.is_empty()));
        lines.extend(std::iter::repeat_n(String::new(), empty));
        last_line
    } else {
        last_content_line
    };
    // The digit, if any, is relative to the parent's indentation, which the writer puts
    // two columns left of the content.
    let header = header
        .chars()
        .map(|c| if c.is_ascii_digit() { '2' } else { c })
        .collect();
    Ok(BlockScalar {
        scalar: Scalar::Block { header, lines },
        lines: (last > header_line).then_some((header_line + 1, last)),
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::manifest::{NodeValue, parse_yaml as parse};

    /// The block scalar of `k`, the first key of `text`, its content indented by `indent`.
    fn block(text: &str, indent: Option<usize>) -> (String, Vec<String>, Option<(usize, usize)>) {
        let root = parse(&Arc::new(PathBuf::from("t.yaml")), text)
            .unwrap()
            .unwrap();
        let NodeValue::Map(entries) = &root.value else {
            panic!("a map")
        };
        let NodeValue::Str(value) = &entries[0].1.value else {
            panic!("a string")
        };
        let read = read(&Source::new(text, Vec::new()), 1, indent, value)
            .ok()
            .unwrap();
        match read.scalar {
            Scalar::Block { header, lines } => (header, lines, read.lines),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keeps_lines_and_drops_indentation() {
        let (header, lines, span) = block("k: >-\n    x\n\n      more\n\n\nnext: 1\n", Some(4));
        assert_eq!(header, ">-");
        assert_eq!(lines, ["x", "", "  more"]);
        assert_eq!(span, Some((1, 3)));
    }

    #[test]
    fn keep_chomping_keeps_the_empty_lines_the_value_ends_with() {
        let (header, lines, span) = block("k: |+\n  x\n\n\nnext: 1\n", Some(2));
        assert_eq!(
            (header.as_str(), lines.len(), span),
            ("|+", 3, Some((1, 3)))
        );
        // Spaces after the last line break are no line.
        let (_, lines, _) = block("k: |+ # c\n  x\n\n  ", Some(2));
        assert_eq!(lines, ["x", ""]);
        let (_, lines, _) = block("k: >+\n ", None);
        assert_eq!(lines, [""]);
    }

    #[test]
    fn the_indentation_digit_becomes_two() {
        let (header, lines, _) = block("k: |4-\n      x\n", Some(4));
        assert_eq!((header.as_str(), lines), ("|2-", vec!["  x".to_string()]));
    }

    #[test]
    fn an_empty_block_scalar_has_no_lines() {
        assert_eq!(
            block("k: |\nnext: 1\n", None),
            ("|".to_string(), Vec::new(), None)
        );
        assert_eq!(
            block("k: >- # c\n\n\n", None),
            (">-".to_string(), Vec::new(), None)
        );
    }

    #[test]
    fn tabs_in_the_indentation_are_refused() {
        let text = "k: |\n  x\n \t\n  y\n";
        let refusal = read(&Source::new(text, Vec::new()), 1, Some(2), "x\n")
            .err()
            .unwrap();
        assert_eq!(
            refusal,
            Refusal::at(text.find(" \t").unwrap(), Why::BlockScalar)
        );
    }
}
