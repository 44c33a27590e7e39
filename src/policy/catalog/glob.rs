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
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Reachability over the product of the two patterns' positions.
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        if std::mem::replace(&mut seen[i * width + j], true) {
            continue;
        }
        if i == a.len() && j == b.len() {
            return true;
        }
        let mut push = |x: usize, y: usize| {
            if !seen[x * width + y] {
                stack.push((x, y));
            }
        };
        let (ca, cb) = (a.get(i).copied(), b.get(j).copied());
        let star = |c: Option<char>| c == Some('*') || c == Some(SEGMENT);
        if star(ca) {
            push(i + 1, j);
        }
        if star(cb) {
            push(i, j + 1);
        }
        // Both sides consume one common character.
        if let (Some(x), Some(y)) = (ca, cb) {
            let any = |c: char| c == '*' || c == '?' || c == SEGMENT;
            let slash_only = |c: char, other: char| other == SEGMENT && c == '/';
            let compatible = (any(x) || any(y) || x == y) && !slash_only(x, y) && !slash_only(y, x);
            if compatible {
                let ni = if star(Some(x)) { i } else { i + 1 };
                let nj = if star(Some(y)) { j } else { j + 1 };
                if (ni, nj) != (i, j) {
                    push(ni, nj);
                }
            }
        }
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
