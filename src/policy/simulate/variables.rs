//! Policy variables (`${aws:username}`), replaced by request values before matching.

use super::request::Context;

/// Replaces each `${key}` in `text` with the context value of `key`; `${*}`, `${?}` and
/// `${$}` stand for the literal characters, and `${key, 'default'}` falls back to the
/// default. `None` when a key is absent (or multivalued) without a default: IAM then
/// treats the element as not matching.
pub fn substitute_variables(text: &str, context: &Context) -> Option<String> {
    if !text.contains("${") {
        return Some(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Some(out);
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
    Some(out)
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
