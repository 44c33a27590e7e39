//! Policy variables (`${aws:username}`), replaced by request values before matching.
//!
//! Rules, from <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>:
//! - a variable is replaced by the value of the request-context key it names (key names
//!   are case-insensitive); only single-valued keys can be variables;
//! - the value is literal text: a `*` in a user name is a character, not a wildcard;
//! - `${*}`, `${?}` and `${$}` stand for the literal characters `*`, `?` and `$`;
//! - `${key, 'default'}` uses `default` when the key is absent (a `''` inside the quotes
//!   is one `'`); the default is literal text too, and is not scanned for variables;
//! - a variable that does not resolve leaves the value without any value at all (not an
//!   empty string): the caller decides what that means for its element;
//! - only `2012-10-17` documents have variables; elsewhere `${…}` is plain text.

use std::borrow::Cow;

use super::condition_eval::wildcard::Unit;
use super::request::Context;

/// `text` as pattern units, with variables replaced when `substitute` is set. Outside
/// variables, `*` and `?` become wildcards (callers that take none read them back as
/// characters with `units_text`). `None` when a variable does not resolve.
pub(crate) fn expand(text: &str, context: &Context, substitute: bool) -> Option<Vec<Unit>> {
    let mut units = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if substitute && rest.starts_with("${") {
            match read_variable(&rest[2..]) {
                Parsed::NotAVariable => {}
                Parsed::Malformed => return None,
                Parsed::Variable { key, default, len } => {
                    let value = resolve(key, default, context)?;
                    units.extend(value.chars().map(Unit::Char));
                    rest = &rest[2 + len..];
                    continue;
                }
            }
        }
        units.push(match c {
            '*' => Unit::AnyRun,
            '?' => Unit::AnyOne,
            c => Unit::Char(c),
        });
        rest = &rest[c.len_utf8()..];
    }
    Some(units)
}

/// The value of a variable, or `None` when it does not resolve.
fn resolve<'a>(
    key: &str,
    default: Option<Cow<'a, str>>,
    context: &'a Context,
) -> Option<Cow<'a, str>> {
    match key {
        "*" | "?" | "$" => return Some(Cow::Owned(key.to_string())),
        "" => return None,
        _ => {}
    }
    match context.get(key) {
        Some([one]) => Some(Cow::Borrowed(one.as_str())),
        _ => default,
    }
}

/// What follows a `${`.
enum Parsed<'a> {
    /// No closing `}`: the text is literal.
    NotAVariable,
    /// A `${…}` whose default is not a quoted string: it resolves to nothing.
    Malformed,
    /// `key` and its default; `len` bytes up to and including the `}`.
    Variable {
        key: &'a str,
        default: Option<Cow<'a, str>>,
        len: usize,
    },
}

/// Reads `key}` or `key, 'default'}` from the text after a `${`.
fn read_variable(body: &str) -> Parsed<'_> {
    let Some(end) = body.find([',', '}']) else {
        return Parsed::NotAVariable;
    };
    let key = body[..end].trim();
    if body[end..].starts_with('}') {
        return Parsed::Variable {
            key,
            default: None,
            len: end + 1,
        };
    }
    let after_comma = &body[end + 1..];
    let quoted = after_comma.trim_start_matches(' ');
    let Some(inside) = quoted.strip_prefix('\'') else {
        return Parsed::Malformed;
    };
    let mut default = String::new();
    let mut chars = inside.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            default.push(c);
            continue;
        }
        if inside[i + 1..].starts_with('\'') {
            default.push('\'');
            chars.next();
            continue;
        }
        let tail = &inside[i + 1..];
        let closing = tail.trim_start_matches(' ');
        if !closing.starts_with('}') {
            return Parsed::Malformed;
        }
        let len = body.len() - closing.len() + 1;
        return Parsed::Variable {
            key,
            default: Some(Cow::Owned(default)),
            len,
        };
    }
    Parsed::Malformed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::simulate::condition_eval::wildcard::units_text;

    fn cx(pairs: &[(&str, &str)]) -> Context {
        let mut cx = Context::new();
        for (k, v) in pairs {
            cx.insert(k, *v);
        }
        cx
    }

    fn text(s: &str, context: &Context) -> Option<String> {
        expand(s, context, true).map(|u| units_text(&u))
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    #[test]
    fn replaces_known_keys_case_insensitively() {
        let cx = cx(&[("aws:username", "alice")]);
        assert_eq!(
            text("arn:aws:s3:::home/${AWS:UserName}/*", &cx).as_deref(),
            Some("arn:aws:s3:::home/alice/*")
        );
        assert_eq!(text("plain", &cx).as_deref(), Some("plain"));
        assert_eq!(text("${aws:userid}", &cx), None);
        assert_eq!(text("${ aws:username }", &cx).as_deref(), Some("alice"));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    // ("Special characters"): `${*}`, `${?}`, `${$}` are the literal characters.
    #[test]
    fn special_characters_are_literal_units() {
        let units = expand("a${*}b*${?}?${$}", &Context::new(), true).unwrap();
        assert_eq!(
            units,
            [
                Unit::Char('a'),
                Unit::Char('*'),
                Unit::Char('b'),
                Unit::AnyRun,
                Unit::Char('?'),
                Unit::AnyOne,
                Unit::Char('$'),
            ]
        );
    }

    // A policy variable's value is literal: `Bob*` is four characters.
    #[test]
    fn substituted_values_are_literal_characters() {
        let units = expand("${aws:username}", &cx(&[("aws:username", "Bob*")]), true).unwrap();
        assert_eq!(
            units,
            [
                Unit::Char('B'),
                Unit::Char('o'),
                Unit::Char('b'),
                Unit::Char('*')
            ]
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    // ("Specifying default values").
    #[test]
    fn defaults_apply_when_the_key_is_absent() {
        let empty = Context::new();
        assert_eq!(
            text("${aws:userid, 'anonymous'}", &empty).as_deref(),
            Some("anonymous")
        );
        assert_eq!(
            text(
                "${aws:userid, 'anonymous'}",
                &cx(&[("aws:userid", "AIDA1")])
            )
            .as_deref(),
            Some("AIDA1")
        );
        assert_eq!(text("${k, 'it''s'}", &empty).as_deref(), Some("it's"));
        assert_eq!(text("${k, 'a}b'}x", &empty).as_deref(), Some("a}bx"));
        // The default is literal and not scanned again.
        assert_eq!(
            expand("${k, '*'}", &empty, true),
            Some(vec![Unit::Char('*')])
        );
        assert_eq!(
            text("${k, '${aws:username}'}", &cx(&[("aws:username", "a")])).as_deref(),
            Some("${aws:username}")
        );
        // Malformed defaults resolve to nothing.
        for bad in ["${k, anonymous}", "${k, 'open}", "${k, 'x' y}", "${}"] {
            assert_eq!(text(bad, &empty), None, "{bad}");
        }
    }

    #[test]
    fn multivalued_keys_are_not_variables_and_unclosed_braces_are_text() {
        let mut multi = Context::new();
        multi.insert("aws:tagkeys", "a");
        multi.insert("aws:tagkeys", "b");
        assert_eq!(text("${aws:TagKeys}", &multi), None);
        assert_eq!(text("${aws:TagKeys, 'd'}", &multi).as_deref(), Some("d"));
        assert_eq!(
            text("cost-${center", &multi).as_deref(),
            Some("cost-${center")
        );
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html:
    // variables came with version 2012-10-17; before it `${…}` is literal text.
    #[test]
    fn without_substitution_variables_are_text() {
        let units = expand("${aws:username}*", &cx(&[("aws:username", "a")]), false).unwrap();
        assert_eq!(units_text(&units), "${aws:username}*");
        assert_eq!(units.last(), Some(&Unit::AnyRun));
    }
}
