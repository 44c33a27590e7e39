//! Tags as one compact line: `team = web, env = prod`, or as changes
//! `+ team = web, ~ env = dev -> prod, - old = x` (a [`TagDelta`] in words).

use crate::diff::TagDelta;
use crate::model::Tags;

/// All tags as `key = value`, comma separated, in key order.
pub(crate) fn tag_list(tags: &Tags) -> String {
    tags.iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What changes from `before` to `after`: additions and value changes in key order,
/// then removals; empty when the sets are equal.
pub(crate) fn tag_changes(before: &Tags, after: &Tags) -> String {
    let delta = TagDelta::between(before, after);
    let set = delta.set.iter().map(|(key, value)| match &value.before {
        None => format!("+ {key} = {}", value.after),
        Some(old) => format!("~ {key} = {old} -> {}", value.after),
    });
    let removed = delta
        .removed
        .iter()
        .map(|(key, value)| format!("- {key} = {value}"));
    set.chain(removed).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn changes_list_added_changed_then_removed() {
        let before = tags(&[("env", "dev"), ("old", "x"), ("same", "1")]);
        let after = tags(&[("env", "prod"), ("same", "1"), ("team", "web")]);
        assert_eq!(
            tag_changes(&before, &after),
            "~ env = dev -> prod, + team = web, - old = x"
        );
        assert_eq!(tag_changes(&after, &after), "");
    }

    #[test]
    fn list_is_in_key_order() {
        assert_eq!(tag_list(&tags(&[("b", "2"), ("a", "1")])), "a = 1, b = 2");
    }
}
