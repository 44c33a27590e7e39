//! IAM's rules for names, paths, tags and descriptions, checked where they are written.

use crate::diagnostic::{Diagnostic, Span};
use crate::model::EntityKind;

use super::located::Located;

/// Most tags IAM allows on one entity.
pub const MAX_TAGS: usize = 50;
/// Longest description IAM accepts.
pub const MAX_DESCRIPTION: usize = 1000;
/// Longest IAM path.
pub const MAX_PATH: usize = 512;

/// Longest name IAM accepts for an entity of `kind`.
pub fn max_name_len(kind: EntityKind) -> usize {
    match kind {
        EntityKind::User | EntityKind::Role => 64,
        EntityKind::Group
        | EntityKind::Policy
        | EntityKind::InstanceProfile
        | EntityKind::SamlProvider
        | EntityKind::AccountSettings => 128,
        // The URL, https:// included, is at most 255 characters
        // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
        EntityKind::OidcProvider => 255 - "https://".len(),
        EntityKind::PermissionSet => 32,
    }
}

/// Checks an OIDC provider's issuer URL: `https://` (or no scheme), a host, an optional
/// path, no query or fragment, at most 255 characters with the scheme
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
pub fn check_oidc_url(url: &Located<String>) -> Option<Diagnostic> {
    let u = url.value.trim();
    let rest = match u.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => rest,
        Some((scheme, _)) => {
            return Some(
                Diagnostic::error(
                    Some(url.span.clone()),
                    format!("OIDC provider URL `{u}` uses `{scheme}://`; IAM takes only https"),
                )
                .with_help("write the issuer URL with https://, e.g. https://token.actions.githubusercontent.com"),
            );
        }
        None => u,
    };
    let host = rest.split('/').next().unwrap_or_default();
    let max = max_name_len(EntityKind::OidcProvider);
    let problem = if host.is_empty() {
        format!("OIDC provider URL `{u}` has no host")
    } else if rest.contains(['?', '#']) {
        format!("OIDC provider URL `{u}` has a query or fragment, which IAM does not allow")
    } else if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        format!("OIDC provider URL `{u}` contains a space or control character")
    } else if rest.trim_end_matches('/').len() > max {
        format!("OIDC provider URL `{u}` is longer than IAM's 255 characters")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(Some(url.span.clone()), problem)
            .with_help("write the issuer URL, e.g. https://token.actions.githubusercontent.com"),
    )
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// Checks an entity or inline policy name (`[\w+=,.@-]`, 1 to `max` characters).
pub fn check_name(name: &Located<String>, what: &str, max: usize) -> Option<Diagnostic> {
    let n = &name.value;
    let len = n.chars().count();
    let problem = if len == 0 {
        format!("{what} name is empty")
    } else if len > max {
        format!("{what} name `{n}` is {len} characters long; IAM allows at most {max}")
    } else if let Some(bad) = n.chars().find(|c| !is_name_char(*c)) {
        format!("{what} name `{n}` contains `{bad}`, which IAM does not allow")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(Some(name.span.clone()), problem)
            .with_help(format!("use 1 to {max} letters, digits and `_+=,.@-`")),
    )
}

/// Checks an IAM path: `/` or `/a/b/`, printable ASCII, at most 512 characters.
pub fn check_path(path: &Located<String>) -> Option<Diagnostic> {
    let p = &path.value;
    let problem = if !p.starts_with('/') || !p.ends_with('/') {
        format!("path `{p}` must start and end with `/`")
    } else if p.len() > MAX_PATH {
        format!(
            "path is {} characters long; IAM allows at most {MAX_PATH}",
            p.len()
        )
    } else if p.contains("//") {
        format!("path `{p}` has an empty segment (`//`)")
    } else if let Some(bad) = p.chars().find(|c| !('\u{21}'..='\u{7e}').contains(c)) {
        format!("path `{p}` contains {bad:?}, which IAM does not allow")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(Some(path.span.clone()), problem)
            .with_help("write `/` or `/segment/…/` using printable ASCII without spaces"),
    )
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// Checks one tag: key 1–128 characters not starting with `aws:`, value at most 256.
pub fn check_tag(key: &Located<String>, value: &Located<String>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let k = &key.value;
    let key_len = k.chars().count();
    if key_len == 0 || key_len > 128 {
        out.push(
            Diagnostic::error(
                Some(key.span.clone()),
                format!("tag key `{k}` is {key_len} characters long"),
            )
            .with_help("tag keys are 1 to 128 characters"),
        );
    } else if crate::model::is_aws_reserved_tag_key(k) {
        out.push(
            Diagnostic::error(
                Some(key.span.clone()),
                format!("tag key `{k}` uses the reserved prefix `aws:`"),
            )
            .with_help("AWS reserves `aws:` tags for itself; choose another key"),
        );
    } else if let Some(bad) = k.chars().find(|c| !is_tag_char(*c)) {
        out.push(
            Diagnostic::error(
                Some(key.span.clone()),
                format!("tag key `{k}` contains {bad:?}"),
            )
            .with_help("tag keys use letters, digits, spaces and `_.:/=+-@`"),
        );
    }
    let value_len = value.value.chars().count();
    if value_len > 256 {
        out.push(
            Diagnostic::error(
                Some(value.span.clone()),
                format!("tag value is {value_len} characters long; IAM allows at most 256"),
            )
            .with_help("shorten the value"),
        );
    } else if let Some(bad) = value.value.chars().find(|c| !is_tag_char(*c)) {
        out.push(
            Diagnostic::error(
                Some(value.span.clone()),
                format!("tag value contains {bad:?}"),
            )
            .with_help("tag values use letters, digits, spaces and `_.:/=+-@`"),
        );
    }
    out
}

/// Checks the number of tags an entity ends up with (its own plus default tags).
pub fn check_tag_count(count: usize, at: &Span, what: &str) -> Option<Diagnostic> {
    (count > MAX_TAGS).then(|| {
        Diagnostic::error(
            Some(at.clone()),
            format!("{what} has {count} tags (with default_tags); IAM allows at most {MAX_TAGS}"),
        )
        .with_help("remove tags here or in default_tags")
    })
}

/// Checks a description's length.
pub fn check_description(description: &Located<String>) -> Option<Diagnostic> {
    let len = description.value.chars().count();
    (len > MAX_DESCRIPTION).then(|| {
        Diagnostic::error(
            Some(description.span.clone()),
            format!("description is {len} characters long; IAM allows at most {MAX_DESCRIPTION}"),
        )
        .with_help("shorten the description")
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;

    fn at(s: &str) -> Located<String> {
        Located::new(
            s.to_string(),
            Span::new(Arc::new(PathBuf::from("t.yaml")), 1, 1, 1),
        )
    }

    #[test]
    fn names_follow_iam_rules() {
        let user_max = max_name_len(EntityKind::User);
        assert!(check_name(&at("alice.smith+ops@example.com"), "user", user_max).is_none());
        assert!(check_name(&at(&"a".repeat(64)), "user", user_max).is_none());
        let long = check_name(&at(&"a".repeat(65)), "user", user_max).unwrap();
        assert!(
            long.message
                .contains("65 characters long; IAM allows at most 64")
        );
        let space = check_name(&at("bad name"), "user", user_max).unwrap();
        assert_eq!(
            space.message,
            "user name `bad name` contains ` `, which IAM does not allow"
        );
        assert!(check_name(&at(""), "role", 64).is_some());
        assert!(
            check_name(
                &at(&"g".repeat(128)),
                "group",
                max_name_len(EntityKind::Group)
            )
            .is_none()
        );
    }

    #[test]
    fn paths_follow_iam_rules() {
        assert!(check_path(&at("/")).is_none());
        assert!(check_path(&at("/team/ops/")).is_none());
        assert!(check_path(&at("team/")).is_some());
        assert!(check_path(&at("/team")).is_some());
        assert!(check_path(&at("/a b/")).is_some());
        assert!(check_path(&at("/a//b/")).is_some());
        assert!(check_path(&at(&format!("/{}/", "x".repeat(511)))).is_some());
    }

    #[test]
    fn tags_follow_iam_rules() {
        assert!(check_tag(&at("team"), &at("platform")).is_empty());
        assert_eq!(check_tag(&at("aws:owner"), &at("x")).len(), 1);
        assert_eq!(check_tag(&at(""), &at("x")).len(), 1);
        assert_eq!(check_tag(&at("k"), &at(&"v".repeat(257))).len(), 1);
        assert!(check_tag_count(50, &at("x").span, "user").is_none());
        assert!(check_tag_count(51, &at("x").span, "user").is_some());
        assert!(check_description(&at(&"d".repeat(1001))).is_some());
    }
}
