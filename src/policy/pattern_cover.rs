//! Whether one IAM wildcard pattern matches everything another matches, for dropping
//! what a broader action, resource or principal already covers.
//!
//! The test is sound, not complete: when it says yes, every text the narrow pattern
//! matches is matched by the broad one (so dropping the narrow one changes no decision);
//! it may say no for exotic pairs that are in fact covered, which only leaves a redundant
//! value in place. A `*` of the broad pattern may absorb any part of the narrow one,
//! wildcards included; its `?` only one literal character or `?`; its other characters
//! only themselves.

/// One unit of a pattern: a literal, `?` or `*`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Char(char),
    One,
    Any,
}

fn units(pattern: &str) -> Vec<Unit> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Unit::Any,
            '?' => Unit::One,
            c => Unit::Char(c),
        })
        .collect()
}

/// True when every text `narrow` matches is matched by `broad` (case-sensitive).
pub(crate) fn covers(broad: &str, narrow: &str) -> bool {
    if broad == narrow || broad == "*" {
        return true;
    }
    let (p, t) = (units(broad), units(narrow));
    // Greedy matching with one backtrack point to the last `*`, as for plain texts: the
    // narrow pattern's units are the text, and `Any` among them only meets a broad `*`.
    let fits = |b: Unit, n: Unit| match (b, n) {
        (Unit::One, Unit::Char(_) | Unit::One) => true,
        (Unit::Char(x), Unit::Char(y)) => x == y,
        _ => false,
    };
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != Unit::Any && fits(p[pi], t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == Unit::Any {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|u| *u == Unit::Any)
}

/// [`covers`] for action patterns, which the normal form has already lower-cased.
pub(crate) fn action_covers(broad: &str, narrow: &str) -> bool {
    covers(broad, narrow)
}

/// [`covers`] for resource ARNs, field by field: IAM matches each of the first five
/// colon-separated fields on its own, so a `*` there never stands for a colon. Patterns
/// with policy variables only cover themselves, as what they match depends on the request.
pub(crate) fn resource_covers(broad: &str, narrow: &str) -> bool {
    if broad == narrow || broad == "*" {
        return true;
    }
    if broad.contains("${") || narrow.contains("${") {
        return false;
    }
    let (b, n): (Vec<&str>, Vec<&str>) = (
        broad.splitn(6, ':').collect(),
        narrow.splitn(6, ':').collect(),
    );
    b.len() == 6 && n.len() == 6 && b.iter().zip(&n).all(|(b, n)| covers(b, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Wildcards in actions and ARNs:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    #[test]
    fn broad_patterns_cover_literals_and_narrower_patterns() {
        for (broad, narrow) in [
            ("s3:*", "s3:getobject"),
            ("s3:*", "s3:get*"),
            ("s3:get*", "s3:get?bject"),
            ("s3:get?bject", "s3:getobject"),
            ("*", "iam:passrole"),
            ("s3:*object*", "s3:getobjectacl"),
            ("a*", "a**"),
            ("a**", "a*"),
        ] {
            assert!(action_covers(broad, narrow), "{broad} ⊇ {narrow}");
        }
        for (broad, narrow) in [
            ("s3:get?", "s3:get*"),
            ("s3:get*", "s3:*"),
            ("s3:get?", "s3:get"),
            ("s3:getobject", "s3:get*"),
            ("s3:*", "s3x:get"),
            ("ab*", "a*"),
        ] {
            assert!(!action_covers(broad, narrow), "{broad} ⊉ {narrow}");
        }
    }

    #[test]
    fn resources_are_covered_field_by_field() {
        assert!(resource_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y"));
        assert!(resource_covers("arn:aws:s3:::*", "arn:aws:s3:::b/*"));
        assert!(resource_covers("*", "arn:aws:iam::1:role/x"));
        assert!(resource_covers(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::111111111111:role/ci"
        ));
        // ARNs are case-sensitive, and a `*` in one field does not reach the next.
        assert!(!resource_covers("arn:aws:s3:::B/*", "arn:aws:s3:::b/x"));
        assert!(!resource_covers("arn:aws:*", "arn:aws:s3:::b"));
        assert!(!resource_covers("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        // Policy variables only cover themselves.
        let home = "arn:aws:s3:::home/${aws:username}/*";
        assert!(resource_covers(home, home));
        assert!(!resource_covers("arn:aws:s3:::home/*", home));
        assert!(!resource_covers(home, "arn:aws:s3:::home/alice/x"));
    }
}
