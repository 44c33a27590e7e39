//! IAM's rules for names, paths and tags, and IAM's case-insensitive name lookup.

use std::collections::BTreeMap;

use crate::backend::BackendError;
use crate::model::{EntityKind, Tags};

/// Most tags IAM allows on one entity.
pub const MAX_TAGS: usize = 50;

/// Longest name IAM accepts for an entity of `kind`.
pub fn max_name_len(kind: EntityKind) -> usize {
    match kind {
        EntityKind::User | EntityKind::Role => 64,
        _ => 128,
    }
}

/// True for IAM's name charset `[\w+=,.@-]`.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Checks an entity or inline-policy name the way IAM does.
pub fn check_name(what: &str, name: &str, max_len: usize) -> Result<(), BackendError> {
    if name.is_empty() || name.chars().count() > max_len {
        return Err(BackendError::InvalidInput(format!(
            "{what} name `{name}` must be 1 to {max_len} characters long"
        )));
    }
    if let Some(bad) = name.chars().find(|c| !is_name_char(*c)) {
        return Err(BackendError::InvalidInput(format!(
            "{what} name `{name}` contains `{bad}`; IAM allows letters, digits and _+=,.@-"
        )));
    }
    Ok(())
}

/// Checks an IAM path: `/`, or `/` + printable ASCII + `/`, at most 512 characters.
pub fn check_path(path: &str) -> Result<(), BackendError> {
    let printable = path.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    let shaped = path == "/" || (path.len() >= 3 && path.starts_with('/') && path.ends_with('/'));
    if !shaped || !printable || path.len() > 512 {
        return Err(BackendError::InvalidInput(format!(
            "path `{path}` must start and end with `/`, hold printable ASCII without spaces and be at most 512 characters"
        )));
    }
    Ok(())
}

/// Checks a tag set: at most 50 tags, keys 1–128 and values 0–256 characters of
/// IAM's tag charset, and no key in the reserved `aws:` namespace.
pub fn check_tags(tags: &Tags) -> Result<(), BackendError> {
    if tags.len() > MAX_TAGS {
        return Err(BackendError::LimitExceeded(format!(
            "{} tags, IAM allows at most {MAX_TAGS} per entity",
            tags.len()
        )));
    }
    let tag_char = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    for (key, value) in tags {
        if key.is_empty() || key.chars().count() > 128 || !key.chars().all(tag_char) {
            return Err(BackendError::InvalidInput(format!(
                "tag key `{key}` must be 1 to 128 letters, digits, spaces or _.:/=+-@"
            )));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(BackendError::InvalidInput(format!(
                "tag key `{key}` uses the reserved `aws:` prefix"
            )));
        }
        if value.chars().count() > 256 || !value.chars().all(tag_char) {
            return Err(BackendError::InvalidInput(format!(
                "tag value of `{key}` must be at most 256 letters, digits, spaces or _.:/=+-@"
            )));
        }
    }
    Ok(())
}

/// The stored key of `name` in `map`: IAM names are unique regardless of case, and
/// IAM finds an entity whatever the case of the name it is asked for.
pub fn find_key<'a, V>(map: &'a BTreeMap<String, V>, name: &str) -> Option<&'a String> {
    if let Some((key, _)) = map.get_key_value(name) {
        return Some(key);
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name))
}

/// The stored key of `name`, or IAM's NoSuchEntity naming what was looked for.
pub fn existing_key<V>(
    map: &BTreeMap<String, V>,
    kind: EntityKind,
    name: &str,
) -> Result<String, BackendError> {
    find_key(map, name).cloned().ok_or_else(|| {
        BackendError::NoSuchEntity(format!("the {} `{name}` cannot be found", kind.noun()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_iam_charset_and_length() {
        assert!(check_name("user", "alice.smith+ops@x", 64).is_ok());
        assert!(matches!(
            check_name("user", "bad name", 64),
            Err(BackendError::InvalidInput(_))
        ));
        assert!(matches!(
            check_name("user", "", 64),
            Err(BackendError::InvalidInput(_))
        ));
        assert!(check_name("role", &"r".repeat(64), 64).is_ok());
        assert!(check_name("role", &"r".repeat(65), 64).is_err());
    }

    #[test]
    fn paths_must_be_slash_delimited_printable_ascii() {
        assert!(check_path("/").is_ok());
        assert!(check_path("/teams/ops/").is_ok());
        for bad in ["", "teams/", "/teams", "/a b/", "//", "/é/"] {
            assert!(check_path(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_path(&format!("/{}/", "a".repeat(511))).is_err());
    }

    #[test]
    fn tags_are_limited_to_fifty_and_the_iam_charset() {
        let mut tags: Tags = (0..50).map(|i| (format!("k{i}"), "v".into())).collect();
        assert!(check_tags(&tags).is_ok());
        tags.insert("k50".into(), "v".into());
        assert!(matches!(
            check_tags(&tags),
            Err(BackendError::LimitExceeded(_))
        ));
        let reserved: Tags = [("aws:foo".to_string(), "x".to_string())].into();
        assert!(matches!(
            check_tags(&reserved),
            Err(BackendError::InvalidInput(_))
        ));
        let bad: Tags = [("team".to_string(), "a;b".to_string())].into();
        assert!(check_tags(&bad).is_err());
    }

    #[test]
    fn lookup_ignores_case_but_prefers_exact() {
        let map: BTreeMap<String, u8> = [("Alice".to_string(), 1)].into();
        assert_eq!(find_key(&map, "alice").map(String::as_str), Some("Alice"));
        assert!(matches!(
            existing_key(&map, EntityKind::User, "bob"),
            Err(BackendError::NoSuchEntity(_))
        ));
    }
}
