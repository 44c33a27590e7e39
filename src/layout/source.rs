//! The manifest's text indexed for placement: where lines start, where comments are, and
//! the two questions placement asks (is a line blank; which token precedes a position).

/// The text, its line starts and its comments' byte ranges (sorted).
pub(super) struct Source<'t> {
    /// The whole file.
    pub text: &'t str,
    line_starts: Vec<usize>,
    comments: Vec<(usize, usize)>,
}

impl<'t> Source<'t> {
    /// Indexes `text`; `comments` are the byte ranges of its comments, `#` included.
    pub fn new(text: &'t str, mut comments: Vec<(usize, usize)>) -> Source<'t> {
        comments.sort_unstable();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            text,
            line_starts,
            comments,
        }
    }

    /// Number of lines (a final line break starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line holding byte `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= at) - 1
    }

    /// Byte where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line]
    }

    /// 0-based line `line`, without its line break (`\n` or `\r\n`).
    pub fn line(&self, line: usize) -> &'t str {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end];
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// Characters between the start of its line and byte `at` (a 0-based column).
    pub fn column(&self, at: usize) -> usize {
        let start = self.line_starts[self.line_of(at)];
        self.text[start..at].chars().count()
    }

    /// True when 0-based line `line` holds only spaces and tabs.
    pub fn is_blank(&self, line: usize) -> bool {
        self.line(line).chars().all(|c| c == ' ' || c == '\t')
    }

    /// True when only whitespace precedes byte `at` on its line.
    pub fn starts_its_line(&self, at: usize) -> bool {
        let start = self.line_starts[self.line_of(at)];
        self.text[start..at]
            .chars()
            .all(|c| c == ' ' || c == '\t' || c == '\u{feff}')
    }

    /// The nearest character before byte `at` that is neither whitespace nor part of a
    /// comment, with its byte offset.
    pub fn token_before(&self, at: usize) -> Option<(usize, char)> {
        let mut end = at;
        loop {
            let (i, c) = self.text[..end].char_indices().next_back()?;
            if let Some((start, _)) = self.comment_holding(i) {
                end = start;
            } else if c.is_whitespace() || c == '\u{feff}' {
                end = i;
            } else {
                return Some((i, c));
            }
        }
    }

    /// The first character from byte `at` on that is not whitespace, part of a comment, or
    /// one of `skip`, with its byte offset.
    pub fn token_after(&self, at: usize, skip: &[char]) -> Option<(usize, char)> {
        let mut start = at;
        loop {
            let (i, c) = self.text[start..]
                .char_indices()
                .next()
                .map(|(i, c)| (start + i, c))?;
            if let Some((_, end)) = self.comment_holding(i) {
                start = end;
            } else if c.is_whitespace() || skip.contains(&c) {
                start = i + c.len_utf8();
            } else {
                return Some((i, c));
            }
        }
    }

    /// The byte range of the comment that holds byte `at`, if one does.
    fn comment_holding(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.comments.partition_point(|&(start, _)| start <= at);
        let (start, end) = *self.comments.get(i.checked_sub(1)?)?;
        (at < end).then_some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_blanks_and_tokens() {
        let text = "a: 1 # c\r\n\n  - x\n";
        let src = Source::new(text, vec![(5, 8)]);
        assert_eq!(src.line_count(), 4);
        assert_eq!(src.line(0), "a: 1 # c");
        assert!(src.is_blank(1) && src.is_blank(3) && !src.is_blank(2));
        assert_eq!(src.line_of(text.find('x').unwrap()), 2);
        // Before `-`: the line break, the blank line and the comment are skipped.
        let dash = text.find('-').unwrap();
        assert_eq!(src.token_before(dash), Some((3, '1')));
        assert_eq!(src.token_before(dash + 2), Some((dash, '-')));
        assert!(src.starts_its_line(dash) && !src.starts_its_line(5));
        // After `1`: the comment and line breaks are skipped, then `-` as asked.
        assert_eq!(src.token_after(4, &[]), Some((dash, '-')));
        assert_eq!(src.token_after(4, &['-']), Some((dash + 2, 'x')));
    }
}
