//! Wildcard patterns of `StringLike` and the ARN operators: `*` matches any run of
//! characters, `?` exactly one. A pattern is a list of [`Unit`]s rather than text, so a
//! `*` that came from a policy variable's value (or `${*}`) stays a literal character.
//!
//! Matching never backtracks. The pattern is cut at its `*`s into segments; the first
//! must start the text, the last must end it, and each one between is found at its
//! leftmost place after the previous one (taking the leftmost place never loses a
//! match, because a later segment may start anywhere after it). Finding a segment, `?`s
//! included, is a bit-parallel scan (shift-and), so one match costs O(text × segment /
//! 64) at worst and O(text) for segments up to 64 characters, whatever the input.

use std::collections::BTreeMap;

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// This character, literally.
    Char(char),
    /// `*`: any run of characters, possibly empty.
    AnyRun,
    /// `?`: any one character.
    AnyOne,
}

/// The units as text, wildcards written as `*` and `?` (for the operators that take
/// no wildcards, where `*` is just a character).
pub(crate) fn units_text(units: &[Unit]) -> String {
    units
        .iter()
        .map(|u| match u {
            Unit::Char(c) => *c,
            Unit::AnyRun => '*',
            Unit::AnyOne => '?',
        })
        .collect()
}

/// A compiled pattern; `None` in a segment is a `?`.
#[derive(Debug, Clone)]
pub(crate) enum Glob {
    /// No `*`: one segment that must cover the whole text.
    Exact(Vec<Option<char>>),
    /// The segment before the first `*`, searches for the non-empty segments between
    /// `*`s, and the segment after the last `*`.
    Starred {
        first: Vec<Option<char>>,
        middle: Vec<Finder>,
        last: Vec<Option<char>>,
    },
}

impl Glob {
    /// Compiles `units`.
    pub(crate) fn new(units: &[Unit]) -> Glob {
        let mut segments = Vec::new();
        let mut current = Vec::new();
        for unit in units {
            match unit {
                Unit::AnyRun => segments.push(std::mem::take(&mut current)),
                Unit::AnyOne => current.push(None),
                Unit::Char(c) => current.push(Some(*c)),
            }
        }
        if segments.is_empty() {
            return Glob::Exact(current);
        }
        let mut segments = segments.into_iter();
        let first = segments.next().unwrap_or_default();
        let middle = segments
            .filter(|s| !s.is_empty())
            .map(|s| Finder::new(&s))
            .collect();
        Glob::Starred {
            first,
            middle,
            last: current,
        }
    }

    /// True when the pattern matches all of `text`.
    pub(crate) fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        let (first, middle, last) = match self {
            Glob::Exact(segment) => {
                return text.len() == segment.len() && matches_at(segment, &text, 0);
            }
            Glob::Starred {
                first,
                middle,
                last,
            } => (first, middle, last),
        };
        if first.len() + last.len() > text.len()
            || !matches_at(first, &text, 0)
            || !matches_at(last, &text, text.len() - last.len())
        {
            return false;
        }
        let mut window = &text[first.len()..text.len() - last.len()];
        for finder in middle {
            match finder.find(window) {
                Some(end) => window = &window[end..],
                None => return false,
            }
        }
        true
    }
}

/// True when `segment` matches `text` starting at `start` (and fits in it).
fn matches_at(segment: &[Option<char>], text: &[char], start: usize) -> bool {
    text.get(start..start + segment.len()).is_some_and(|t| {
        segment
            .iter()
            .zip(t)
            .all(|(s, c)| s.is_none_or(|s| s == *c))
    })
}

/// Shift-and search for one non-empty segment. Bit `i` of the state says that the
/// segment's first `i + 1` units match the text just read.
#[derive(Debug, Clone)]
pub(crate) struct Finder {
    len: usize,
    /// Positions holding `?`, which accept every character.
    any: Vec<u64>,
    /// For each character of the segment, where it occurs: a full bit mask for
    /// characters occurring more often than the mask has words, else the positions.
    /// That keeps memory linear in the segment and each step O(words).
    masks: BTreeMap<char, Positions>,
}

#[derive(Debug, Clone)]
enum Positions {
    Mask(Vec<u64>),
    List(Vec<usize>),
}

impl Finder {
    fn new(segment: &[Option<char>]) -> Finder {
        let words = segment.len().div_ceil(64);
        let mut any = vec![0u64; words];
        let mut lists: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (i, unit) in segment.iter().enumerate() {
            match unit {
                None => set(&mut any, i),
                Some(c) => lists.entry(*c).or_default().push(i),
            }
        }
        let masks = lists
            .into_iter()
            .map(|(c, list)| {
                if list.len() > words {
                    let mut mask = vec![0u64; words];
                    list.iter().for_each(|&i| set(&mut mask, i));
                    (c, Positions::Mask(mask))
                } else {
                    (c, Positions::List(list))
                }
            })
            .collect();
        Finder {
            len: segment.len(),
            any,
            masks,
        }
    }

    /// The end (exclusive) of the segment's leftmost match in `text`.
    fn find(&self, text: &[char]) -> Option<usize> {
        let words = self.any.len();
        let mut state = vec![0u64; words];
        let mut next = vec![0u64; words];
        for (at, c) in text.iter().enumerate() {
            shift_in_one(&mut state);
            for ((n, s), a) in next.iter_mut().zip(&state).zip(&self.any) {
                *n = s & a;
            }
            match self.masks.get(c) {
                Some(Positions::Mask(mask)) => {
                    for ((n, s), m) in next.iter_mut().zip(&state).zip(mask) {
                        *n |= s & m;
                    }
                }
                Some(Positions::List(list)) => {
                    for &i in list {
                        if get(&state, i) {
                            set(&mut next, i);
                        }
                    }
                }
                None => {}
            }
            std::mem::swap(&mut state, &mut next);
            if get(&state, self.len - 1) {
                return Some(at + 1);
            }
        }
        None
    }
}

/// `state = (state << 1) | 1` over a little-endian array of words.
fn shift_in_one(state: &mut [u64]) {
    let mut carry = 1;
    for word in state.iter_mut() {
        let out = *word >> 63;
        *word = (*word << 1) | carry;
        carry = out;
    }
}

fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn get(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str) -> Glob {
        let units: Vec<Unit> = pattern
            .chars()
            .map(|c| match c {
                '*' => Unit::AnyRun,
                '?' => Unit::AnyOne,
                c => Unit::Char(c),
            })
            .collect();
        Glob::new(&units)
    }

    #[test]
    fn stars_and_question_marks() {
        let cases = [
            ("*", "", true),
            ("*", "anything", true),
            ("", "", true),
            ("", "x", false),
            ("a*", "abc", true),
            ("a*", "ba", false),
            ("*c", "abc", true),
            ("a*c", "ac", true),
            ("a*c", "abcbc", true),
            ("a*c", "abcb", false),
            ("b?", "bx", true),
            ("b?", "b", false),
            ("b?", "bxy", false),
            ("?", "é", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b?d*e", "abxdabcde", true),
            ("a*ab", "aab", true),
            ("a**b", "ab", true),
            ("*a?a*", "xxaaxa", true),
            ("*a?a*", "xxaxxa", false),
            ("home/*", "home/", true),
            ("home/*", "home", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(glob(pattern).matches(text), expected, "{pattern} ~ {text}");
        }
    }

    #[test]
    fn literal_units_do_not_match_as_wildcards() {
        let units = [
            Unit::Char('B'),
            Unit::Char('o'),
            Unit::Char('b'),
            Unit::Char('*'),
        ];
        assert!(Glob::new(&units).matches("Bob*"));
        assert!(!Glob::new(&units).matches("Bobby"));
        assert_eq!(
            units_text(&[Unit::AnyRun, Unit::Char('x'), Unit::AnyOne]),
            "*x?"
        );
    }

    #[test]
    fn long_segments_and_hostile_sizes_stay_fast() {
        // A segment longer than one word, with `?`s, found after a near miss.
        let segment: String = (0..150)
            .map(|i| if i % 7 == 0 { '?' } else { 'a' })
            .collect();
        let pattern = format!("*{segment}b*");
        let mut text = "a".repeat(149);
        text.push('c');
        text.push_str(&"a".repeat(150));
        text.push('b');
        assert!(glob(&pattern).matches(&text));
        // Many stars against a long text that never matches: linear, no backtracking.
        let pattern = format!("{}*b*", "*a".repeat(2_000));
        let text = "a".repeat(200_000);
        assert!(!glob(&pattern).matches(&text));
        let pattern = format!("*{}*", "?".repeat(5_000));
        assert!(glob(&pattern).matches(&"x".repeat(100_000)));
    }
}
