//! Policy variables (`${aws:username}`), replaced by request values before matching.
//!
//! Rules (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
//! a variable's value is literal text, never a wildcard; `${*}`, `${?}` and `${$}` stand
//! for the characters themselves; `${key, 'default'}` falls back to the default when the
//! key has no value; a key that is absent or multivalued, without a default, leaves the
//! variable unresolved, and the value it is part of then matches nothing.

use super::pattern::Pattern;
use super::request::Context;

/// Resolves the variables in `text`: `None` when one is unresolved. Without `variables`
/// (2008-10-17 documents) `${…}` is plain policy text.
pub(crate) fn resolve(text: &str, context: &Context, variables: bool) -> Option<Pattern> {
    let mut out = Pattern::default();
    if !variables || !text.contains("${") {
        out.push_policy_text(text);
        return Some(out);
    }
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_policy_text(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            // An unterminated `${` is no variable: the text stays as written.
            out.push_policy_text(&rest[start..]);
            return Some(out);
        };
        let inner = &after[..end];
        let (key, default) = match inner.split_once(',') {
            Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\''))),
            None => (inner.trim(), None),
        };
        match key {
            "*" | "?" | "$" => out.push_literal(key),
            _ => match (context.get(key), default) {
                (Some([one]), _) => out.push_literal(one),
                (_, Some(d)) => out.push_literal(d),
                _ => return None,
            },
        }
        rest = &after[end + 1..];
    }
    out.push_policy_text(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, cx: &Context) -> Option<String> {
        resolve(s, cx, true).map(|p| p.text())
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn replaces_known_keys_escapes_and_defaults() {
        let mut cx = Context::new();
        cx.insert("aws:username", "alice");
        assert_eq!(
            text("arn:aws:s3:::home/${aws:username}/${*}", &cx).as_deref(),
            Some("arn:aws:s3:::home/alice/*")
        );
        assert_eq!(text("${aws:userid}", &cx), None);
        assert_eq!(
            text("${aws:userid, 'nobody'}", &cx).as_deref(),
            Some("nobody")
        );
        assert_eq!(text("plain", &cx).as_deref(), Some("plain"));
        // Without variables (2008-10-17), `${…}` is text.
        assert_eq!(
            resolve("${aws:userid}", &cx, false).map(|p| p.text()),
            Some("${aws:userid}".into())
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    // ("${*}" is a literal asterisk; a variable's value is not a pattern)
    #[test]
    fn escapes_and_values_are_literal_not_wildcards() {
        let mut cx = Context::new();
        cx.insert("aws:username", "Bob*");
        let p = resolve("home/${aws:username}", &cx, true).unwrap();
        assert!(p.matches("home/Bob*", false));
        assert!(!p.matches("home/Bobby", false));
        let star = resolve("file${*}", &cx, true).unwrap();
        assert!(star.matches("file*", false));
        assert!(!star.matches("file1", false));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn multivalued_keys_do_not_resolve() {
        let mut cx = Context::new();
        cx.insert("aws:TagKeys", "a");
        cx.insert("aws:TagKeys", "b");
        assert_eq!(text("${aws:TagKeys}", &cx), None);
        assert_eq!(text("${aws:TagKeys, 'x'}", &cx).as_deref(), Some("x"));
    }
}
