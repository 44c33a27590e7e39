//! IAM wildcard patterns (`*` any run of characters, `?` one character): matching a
//! text, and telling whether two patterns can match a common text.

/// True when `pattern` matches all of `text`. Action names compare case-insensitively
/// (`fold_case`); ARNs and condition values do not.
pub fn glob_matches(pattern: &str, text: &str, fold_case: bool) -> bool {
    // IAM actions and ARNs are ASCII almost always: match bytes without allocating.
    if pattern.is_ascii() && text.is_ascii() {
        return match_units(
            pattern.as_bytes(),
            text.as_bytes(),
            |a, b| {
                if fold_case {
                    a.eq_ignore_ascii_case(&b)
                } else {
                    a == b
                }
            },
            b'*',
            b'?',
        );
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    match_units(
        &p,
        &t,
        |a, b| {
            if fold_case {
                a.to_lowercase().eq(b.to_lowercase())
            } else {
                a == b
            }
        },
        '*',
        '?',
    )
}

/// Greedy matching with backtracking to the last `*`: linear for IAM-sized patterns.
fn match_units<T: Copy + PartialEq>(
    p: &[T],
    t: &[T],
    same: impl Fn(T, T) -> bool,
    star: T,
    one: T,
) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut last_star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != star && (p[pi] == one || same(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == star {
            last_star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = last_star {
            pi = sp + 1;
            ti = st + 1;
            last_star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == star)
}

/// In [`globs_intersect`] patterns: like `*`, but never matching a `/` (used for
/// catalog placeholders such as `${BucketName}`).
pub(crate) const SEGMENT: char = '\u{0}';

/// True when some text matches both patterns (case-sensitive). Used to tell whether a
/// policy's resource pattern can name a resource of a given ARN shape.
pub fn globs_intersect(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return intersect_units(a.as_bytes(), b.as_bytes(), b'*', b'?', SEGMENT as u8, b'/');
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    intersect_units(&a, &b, '*', '?', SEGMENT, '/')
}

/// Reachability over the product of the two patterns' positions: `(i, j)` is reached
/// when some text takes `a` to position `i` and `b` to position `j`. Every move
/// advances `i`, `j` or both, so one pass in order, a row at a time, decides it. Only
/// the span of reached cells of a row is visited: for ARN patterns that is a few cells,
/// so the pass is about linear in the patterns' length.
fn intersect_units<T: Copy + PartialEq>(
    a: &[T],
    b: &[T],
    star: T,
    one: T,
    segment: T,
    slash: T,
) -> bool {
    let is_star = |c: T| c == star || c == segment;
    let any = |c: T| c == star || c == one || c == segment;
    // A segment placeholder never matches a `/`.
    let slash_only = |c: T, other: T| other == segment && c == slash;
    let width = b.len() + 1;
    let mut row = vec![false; width];
    let mut next = vec![false; width];
    row[0] = true;
    // Reached cells of `row` lie in `lo..=hi`.
    let (mut lo, mut hi) = (0, 0);
    for i in 0..=a.len() {
        let ca = a.get(i).copied();
        let (mut next_lo, mut next_hi) = (usize::MAX, 0);
        let mut reach_next = |j: usize, next: &mut Vec<bool>| {
            next[j] = true;
            next_lo = next_lo.min(j);
            next_hi = next_hi.max(j);
        };
        let mut j = lo;
        while j <= hi {
            if row[j] {
                if i == a.len() && j == b.len() {
                    return true;
                }
                let cb = b.get(j).copied();
                if ca.is_some_and(is_star) {
                    reach_next(j, &mut next);
                }
                if cb.is_some_and(is_star) {
                    row[j + 1] = true;
                    hi = hi.max(j + 1);
                }
                // Both sides consume one common character; a star stays where it is.
                if let (Some(x), Some(y)) = (ca, cb) {
                    let compatible =
                        (any(x) || any(y) || x == y) && !slash_only(x, y) && !slash_only(y, x);
                    match (is_star(x), is_star(y)) {
                        (true, true) => {}
                        _ if !compatible => {}
                        (true, false) => {
                            row[j + 1] = true;
                            hi = hi.max(j + 1);
                        }
                        (false, true) => reach_next(j, &mut next),
                        (false, false) => reach_next(j + 1, &mut next),
                    }
                }
            }
            j += 1;
        }
        if next_lo == usize::MAX {
            return false;
        }
        row[lo..=hi].fill(false);
        std::mem::swap(&mut row, &mut next);
        (lo, hi) = (next_lo, next_hi);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_star_and_question_mark() {
        assert!(glob_matches("s3:Get*", "s3:GetObject", false));
        assert!(glob_matches("S3:get*", "s3:GetObject", true));
        assert!(!glob_matches("S3:get*", "s3:GetObject", false));
        assert!(glob_matches("*", "", false));
        assert!(glob_matches("a?c", "abc", false));
        assert!(!glob_matches("a?c", "ac", false));
        assert!(glob_matches(
            "arn:aws:s3:::b/*/x",
            "arn:aws:s3:::b/1/2/x",
            false
        ));
        assert!(!glob_matches(
            "arn:aws:s3:::b/*/x",
            "arn:aws:s3:::b/1/2/y",
            false
        ));
    }

    /// The first implementation: a depth-first search over position pairs, kept as
    /// the reference the row-by-row pass must agree with.
    fn reference_intersect(a: &str, b: &str) -> bool {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let width = b.len() + 1;
        let mut seen = vec![false; (a.len() + 1) * width];
        let mut stack = vec![(0usize, 0usize)];
        let star = |c: Option<char>| c == Some('*') || c == Some(SEGMENT);
        while let Some((i, j)) = stack.pop() {
            if std::mem::replace(&mut seen[i * width + j], true) {
                continue;
            }
            if i == a.len() && j == b.len() {
                return true;
            }
            let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
            if star(ca) {
                stack.push((i + 1, j));
            }
            if star(cb) {
                stack.push((i, j + 1));
            }
            if let (Some(x), Some(y)) = (ca, cb) {
                let any = |c: char| c == '*' || c == '?' || c == SEGMENT;
                let slash_only = |c: char, other: char| other == SEGMENT && c == '/';
                if (any(x) || any(y) || x == y) && !slash_only(x, y) && !slash_only(y, x) {
                    let ni = if star(Some(x)) { i } else { i + 1 };
                    let nj = if star(Some(y)) { j } else { j + 1 };
                    if (ni, nj) != (i, j) {
                        stack.push((ni, nj));
                    }
                }
            }
        }
        false
    }

    #[test]
    fn intersection_agrees_with_the_search_on_every_small_pair() {
        let units = ['a', 'b', '/', '*', '?', SEGMENT, 'é'];
        let mut patterns = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = patterns
                .iter()
                .filter(|p| p.chars().count() == patterns.last().map_or(0, |l| l.chars().count()))
                .flat_map(|p| units.iter().map(move |u| format!("{p}{u}")))
                .collect();
            patterns.extend(longer);
        }
        assert_eq!(patterns.len(), 1 + 7 + 49 + 343);
        for a in &patterns {
            for b in &patterns {
                assert_eq!(
                    globs_intersect(a, b),
                    reference_intersect(a, b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn intersection_of_two_patterns() {
        assert!(globs_intersect("arn:aws:s3:::logs/*", "arn:*:s3:::*/*"));
        assert!(!globs_intersect("arn:aws:s3:::logs", "arn:*:s3:::*/*"));
        assert!(globs_intersect("arn:aws:s3:::logs", "arn:*:s3:::*"));
        assert!(!globs_intersect("arn:aws:iam::1:role/x", "arn:*:s3:::*"));
        assert!(globs_intersect("a?c", "*b*"));
        assert!(globs_intersect("*", ""));
        assert!(!globs_intersect("a", ""));
    }
}
