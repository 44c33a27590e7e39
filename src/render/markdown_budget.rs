//! Fitting a Markdown document into a character budget without breaking its markup.
//!
//! Forges refuse comments over a size (GitHub: 65,536 characters, counted as Unicode
//! characters over the whole body). Every part of the document is pre-rendered as
//! whole blocks (a `<details>` element, a fenced block, a list item with its sub-items);
//! a block is kept whole or dropped whole, so no fence, tag or element is ever split.

/// GitHub's limit on the length of a comment body, in characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;
/// The smallest budget accepted: room for the shortest head (title, alerts and the
/// summary line as counts, warnings counted) and the note saying what was left out.
pub const MIN_MARKDOWN_CHARS: usize = 2_000;

/// Length as GitHub counts it.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// A part of the document that is cut piece by piece, from the end.
///
/// The effective-access section, for one, hands its rendered per-principal pieces here;
/// the budget decides how many are shown and the caller reports how many were not.
#[derive(Debug, Default)]
pub(crate) struct CutSection {
    /// Written before the first piece shown (`### Effective access\n\n`).
    pub(crate) heading: String,
    /// Rendered pieces in reading order, each kept whole or dropped whole.
    pub(crate) pieces: Vec<String>,
    /// Written after the last piece shown (blank line, trailing notes).
    pub(crate) footer: String,
}

/// What [`CutSection::fit`] kept.
#[derive(Debug, Default)]
pub(crate) struct Fitted {
    /// The section as written (empty when nothing of it fits).
    pub(crate) text: String,
    /// How many pieces are in `text`.
    pub(crate) shown: usize,
}

impl CutSection {
    /// True when there is nothing to write.
    pub(crate) fn is_empty(&self) -> bool {
        self.pieces.is_empty() && self.heading.is_empty() && self.footer.is_empty()
    }

    /// The longest prefix of pieces that fits in `room` characters with the heading and
    /// footer; `room` shrinks by what is used. A section with pieces is dropped whole
    /// when not even its first piece fits (a heading over nothing says nothing).
    pub(crate) fn fit(&self, room: &mut usize) -> Fitted {
        if self.is_empty() {
            return Fitted::default();
        }
        let frame = chars(&self.heading) + chars(&self.footer);
        if frame > *room {
            return Fitted::default();
        }
        let mut used = frame;
        let mut shown = 0;
        for piece in &self.pieces {
            let len = chars(piece);
            if used + len > *room {
                break;
            }
            used += len;
            shown += 1;
        }
        if shown == 0 && !self.pieces.is_empty() {
            return Fitted::default();
        }
        *room -= used;
        let mut text = self.heading.clone();
        self.pieces[..shown].iter().for_each(|p| text.push_str(p));
        text.push_str(&self.footer);
        Fitted { text, shown }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section() -> CutSection {
        CutSection {
            heading: "### H\n\n".into(),
            pieces: vec!["- é\n".into(), "- bb\n".into(), "- ccc\n".into()],
            footer: "\n".into(),
        }
    }

    #[test]
    fn characters_not_bytes_are_counted() {
        assert_eq!(chars("é🙂"), 2);
        assert_eq!(chars("- é\n"), 4);
    }

    #[test]
    fn a_section_that_fits_is_written_whole() {
        let mut room = 100;
        let fitted = section().fit(&mut room);
        assert_eq!(fitted.text, "### H\n\n- é\n- bb\n- ccc\n\n");
        assert_eq!((fitted.shown, room), (3, 100 - 23));
    }

    #[test]
    fn pieces_are_kept_whole_from_the_start() {
        let mut room = 7 + 4 + 5 + 1 + 3;
        let fitted = section().fit(&mut room);
        assert_eq!(fitted.text, "### H\n\n- é\n- bb\n\n");
        assert_eq!(fitted.shown, 2);
        assert_eq!(room, 3);
    }

    #[test]
    fn a_section_whose_first_piece_does_not_fit_is_dropped_whole() {
        let mut room = 7 + 1 + 3;
        let fitted = section().fit(&mut room);
        assert_eq!((fitted.text.as_str(), fitted.shown, room), ("", 0, 11));
    }

    #[test]
    fn a_section_without_pieces_is_kept_when_its_frame_fits() {
        let notes = CutSection {
            heading: "### H\n\n".into(),
            pieces: Vec::new(),
            footer: "_note_\n".into(),
        };
        let mut room = 100;
        assert_eq!(notes.fit(&mut room).text, "### H\n\n_note_\n");
        assert_eq!(room, 100 - 14);
    }
}
