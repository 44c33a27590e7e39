//! The YAML parser's events for a document, comments apart: the parser that
//! `yaml_node` reads through, asked for what `yaml_node` drops (styles, positions,
//! comments, anchors and tags).

use serde_saphyr::granit_parser::{Event, Marker, Parser, Span};

use super::refusal::{Refusal, Why};

/// A comment: its byte range (`#` included) and its text after `#`.
#[derive(Debug, Clone)]
pub(super) struct Comment {
    /// Byte where `#` is.
    pub start: usize,
    /// Byte after its last character.
    pub end: usize,
    /// The text after `#`, trailing whitespace removed.
    pub text: String,
}

/// The parser's events, each with where it is written.
pub(super) type Events<'t> = Vec<(Event<'t>, Span)>;

/// The parser's events (without comments) and the comments, for `text`.
pub(super) fn events(text: &str) -> Result<(Events<'_>, Vec<Comment>), Refusal> {
    let options = serde_saphyr::granit_parser::options! {
        emit_anchor_events: true,
        // A long comment header is buffered whole; it is bounded by the file's size.
        max_buffered_comment_events: text.len(),
    };
    let mut events = Vec::new();
    let mut comments = Vec::new();
    for result in Parser::new_from_str_with_options(text, options) {
        // `yaml_node` read the file, so an error here is a difference between readers.
        let (event, span) = result.map_err(|e| Refusal::at(byte(e.marker()), Why::Unmatched))?;
        match event {
            Event::Comment(body, _) => comments.push(Comment {
                start: byte(&span.start),
                end: byte(&span.end),
                text: body.trim_end().to_string(),
            }),
            event => events.push((event, span)),
        }
    }
    comments.sort_by_key(|c| c.start);
    Ok((events, comments))
}

/// A marker's byte offset (always known for text parsed from a `&str`).
pub(super) fn byte(marker: &Marker) -> usize {
    marker.byte_offset().unwrap_or(0)
}
