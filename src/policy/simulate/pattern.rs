//! A policy value after variable substitution: the wildcards written in the policy stay
//! wildcards, while text that came from a request value (or from `${*}`, `${?}`, `${$}`)
//! is literal. A plain string cannot keep that apart: `aws:username = Bob*` must not turn
//! `home/${aws:username}` into the wildcard `home/Bob*`.

/// One unit of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// One character, compared as itself.
    Char(char),
    /// `*`: any run of characters, empty included.
    AnyRun,
    /// `?`: exactly one character.
    AnyOne,
}

/// A resolved policy value, ready for wildcard matching or for use as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Pattern(Vec<Unit>);

impl Pattern {
    /// Appends policy text, whose `*` and `?` are wildcards.
    pub(crate) fn push_policy_text(&mut self, text: &str) {
        self.0.extend(text.chars().map(|c| match c {
            '*' => Unit::AnyRun,
            '?' => Unit::AnyOne,
            c => Unit::Char(c),
        }));
    }

    /// Appends text that stands for itself (a request value, an escape).
    pub(crate) fn push_literal(&mut self, text: &str) {
        self.0.extend(text.chars().map(Unit::Char));
    }

    /// The value as text, for operators without wildcards: every unit as the character
    /// it was written with.
    pub(crate) fn text(&self) -> String {
        self.0
            .iter()
            .map(|u| match u {
                Unit::Char(c) => *c,
                Unit::AnyRun => '*',
                Unit::AnyOne => '?',
            })
            .collect()
    }

    /// True when the pattern is exactly one `*`.
    pub(crate) fn is_any(&self) -> bool {
        self.0 == [Unit::AnyRun]
    }

    /// Splits at literal-or-written `sep` characters into at most `n` parts (ARN parts).
    pub(crate) fn splitn(&self, n: usize, sep: char) -> Vec<Pattern> {
        let mut parts = vec![Pattern::default()];
        for unit in &self.0 {
            if *unit == Unit::Char(sep) && parts.len() < n {
                parts.push(Pattern::default());
            } else if let Some(last) = parts.last_mut() {
                last.0.push(*unit);
            }
        }
        parts
    }

    /// True when the pattern matches all of `text`; `fold_case` compares characters
    /// case-insensitively. Greedy with backtracking to the last `*`: linear in practice
    /// for IAM-sized values.
    pub(crate) fn matches(&self, text: &str, fold_case: bool) -> bool {
        let p = &self.0;
        let t: Vec<char> = text.chars().collect();
        let same = |a: char, b: char| {
            if fold_case {
                a.to_lowercase().eq(b.to_lowercase())
            } else {
                a == b
            }
        };
        let (mut pi, mut ti) = (0, 0);
        let mut last_star: Option<(usize, usize)> = None;
        while ti < t.len() {
            match p.get(pi) {
                Some(Unit::AnyOne) => {
                    pi += 1;
                    ti += 1;
                }
                Some(Unit::Char(c)) if same(*c, t[ti]) => {
                    pi += 1;
                    ti += 1;
                }
                Some(Unit::AnyRun) => {
                    last_star = Some((pi, ti));
                    pi += 1;
                }
                _ => match last_star {
                    Some((sp, st)) => {
                        pi = sp + 1;
                        ti = st + 1;
                        last_star = Some((sp, st + 1));
                    }
                    None => return false,
                },
            }
        }
        p[pi..].iter().all(|u| *u == Unit::AnyRun)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(policy: &str, literal: &str) -> Pattern {
        let mut p = Pattern::default();
        p.push_policy_text(policy);
        p.push_literal(literal);
        p
    }

    #[test]
    fn written_wildcards_match_and_literal_text_does_not() {
        assert!(pattern("home/*", "").matches("home/x/y", false));
        assert!(pattern("a?c", "").matches("abc", false));
        assert!(!pattern("a?c", "").matches("ac", false));
        // A request value `Bob*` is four characters, not a wildcard.
        assert!(pattern("home/", "Bob*").matches("home/Bob*", false));
        assert!(!pattern("home/", "Bob*").matches("home/Bobby", false));
        assert!(pattern("S3:get*", "").matches("s3:GetObject", true));
        assert!(!pattern("S3:get*", "").matches("s3:GetObject", false));
    }

    #[test]
    fn text_and_split_keep_every_unit() {
        let p = pattern("arn:aws:s3:::*/", "a:b");
        assert_eq!(p.text(), "arn:aws:s3:::*/a:b");
        let parts = p.splitn(6, ':');
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[5].text(), "*/a:b");
        assert!(pattern("*", "").is_any() && !pattern("", "*").is_any());
    }
}
