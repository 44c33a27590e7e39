//! Policy variables (`${aws:username}`), replaced by request values before matching.

use std::borrow::Cow;

use super::request::Context;

/// Replaces each `${key}` in `text` with the context value of `key`; `${*}`, `${?}` and
/// `${$}` stand for the literal characters, and `${key, 'default'}` falls back to the
/// default. `None` when a key is absent (or multivalued) without a default: IAM then
/// treats the element as not matching.
pub fn substitute_variables<'a>(text: &'a str, context: &Context) -> Option<Cow<'a, str>> {
    if !text.contains("${") {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Some(Cow::Owned(out));
        };
        let inner = &after[..end];
        let (key, default) = match inner.split_once(',') {
            Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\''))),
            None => (inner.trim(), None),
        };
        match key {
            "*" | "?" | "$" => out.push_str(key),
            _ => match (context.get(key), default) {
                (Some([one]), _) => out.push_str(one),
                (_, Some(d)) => out.push_str(d),
                _ => return None,
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_known_keys_and_literals() {
        let mut cx = Context::new();
        cx.insert("aws:username", "alice");
        assert_eq!(
            substitute_variables("arn:aws:s3:::home/${aws:username}/${*}", &cx).as_deref(),
            Some("arn:aws:s3:::home/alice/*")
        );
        assert_eq!(substitute_variables("${aws:userid}", &cx), None);
        assert_eq!(
            substitute_variables("${aws:userid, 'nobody'}", &cx).as_deref(),
            Some("nobody")
        );
        assert_eq!(substitute_variables("plain", &cx).as_deref(), Some("plain"));
    }
}
