//! Entity tags, and the `aws:` keys AWS writes itself (CloudFormation's
//! `aws:cloudformation:stack-name`, …) that nobody else may set or remove.

/// Tags on an entity, sorted by key.
pub type Tags = std::collections::BTreeMap<String, String>;

/// True for keys in AWS's reserved `aws:` namespace (any case): IAM refuses to tag or
/// untag them, so they are neither written in manifests nor compared.
pub fn is_aws_reserved_tag_key(key: &str) -> bool {
    key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

/// The tags iamform manages: all but the reserved `aws:` ones.
pub fn managed_tags(tags: &Tags) -> Tags {
    tags.iter()
        .filter(|(k, _)| !is_aws_reserved_tag_key(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_prefixed_keys_are_reserved_in_any_case() {
        assert!(is_aws_reserved_tag_key("aws:cloudformation:stack-name"));
        assert!(is_aws_reserved_tag_key("AWS:x"));
        assert!(!is_aws_reserved_tag_key("aws"));
        assert!(!is_aws_reserved_tag_key("awsome"));
        assert!(!is_aws_reserved_tag_key("team"));
        let tags: Tags = [("aws:cloudformation:stack-name", "s"), ("team", "web")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(managed_tags(&tags).keys().collect::<Vec<_>>(), ["team"]);
    }
}
