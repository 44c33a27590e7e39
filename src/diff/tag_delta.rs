//! What changes between two tag sets, computed once: the diff decides from it whether
//! tags changed, the plan shows it (`+ team = web, ~ env = dev -> prod, - old = x`) and
//! apply turns it into Tag and Untag calls.

use std::collections::BTreeMap;

use super::change::FieldChange;
use crate::model::{Tags, managed_tags};

/// A tag key whose value is new or changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagValueChange {
    /// Current value; `None` for a new key.
    pub before: Option<String>,
    /// Wanted value.
    pub after: String,
}

/// The difference between a current and a wanted tag set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagDelta {
    /// Keys to set (new, or with another value), in key order.
    pub set: BTreeMap<String, TagValueChange>,
    /// Keys to remove, with their current value, in key order.
    pub removed: Tags,
}

impl TagDelta {
    /// What goes from `before` to `after`.
    pub fn between(before: &Tags, after: &Tags) -> TagDelta {
        let set = after
            .iter()
            .filter(|(k, v)| before.get(*k) != Some(*v))
            .map(|(k, v)| {
                let change = TagValueChange {
                    before: before.get(k).cloned(),
                    after: v.clone(),
                };
                (k.clone(), change)
            })
            .collect();
        let removed = before
            .iter()
            .filter(|(k, _)| !after.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        TagDelta { set, removed }
    }

    /// True when the two sets are equal.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.removed.is_empty()
    }

    /// The tags to write, with their wanted values (one Tag call).
    pub fn set_values(&self) -> Tags {
        self.set
            .iter()
            .map(|(k, v)| (k.clone(), v.after.clone()))
            .collect()
    }

    /// The keys to remove (one Untag call).
    pub fn removed_keys(&self) -> Vec<String> {
        self.removed.keys().cloned().collect()
    }
}

/// The tags field of an update, when the tags iamform manages differ. `aws:` tags
/// (CloudFormation's, …) belong to AWS: never compared, never untagged.
pub(super) fn tags_field(wanted: &Tags, current: &Tags) -> Option<FieldChange> {
    let (want, have) = (managed_tags(wanted), managed_tags(current));
    (!TagDelta::between(&have, &want).is_empty()).then_some(FieldChange::Tags {
        before: have,
        after: want,
    })
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
    fn delta_sets_new_and_changed_and_removes_gone() {
        let before = tags(&[("keep", "1"), ("change", "old"), ("gone", "x")]);
        let after = tags(&[("keep", "1"), ("change", "new"), ("add", "y")]);
        let delta = TagDelta::between(&before, &after);
        assert_eq!(
            delta.set,
            BTreeMap::from([
                (
                    "add".to_string(),
                    TagValueChange {
                        before: None,
                        after: "y".into()
                    }
                ),
                (
                    "change".to_string(),
                    TagValueChange {
                        before: Some("old".into()),
                        after: "new".into()
                    }
                ),
            ])
        );
        assert_eq!(delta.removed, tags(&[("gone", "x")]));
        assert_eq!(delta.set_values(), tags(&[("change", "new"), ("add", "y")]));
        assert_eq!(delta.removed_keys(), vec!["gone".to_string()]);
        assert!(!delta.is_empty());
    }

    #[test]
    fn identical_tags_need_nothing() {
        let t = tags(&[("a", "1")]);
        let delta = TagDelta::between(&t, &t);
        assert!(delta.is_empty());
        assert_eq!(delta, TagDelta::default());
    }

    #[test]
    fn only_managed_tags_make_a_field_change() {
        let current = tags(&[("aws:cloudformation:stack-name", "s"), ("team", "web")]);
        assert_eq!(tags_field(&tags(&[("team", "web")]), &current), None);
        assert_eq!(
            tags_field(&tags(&[("team", "api")]), &current),
            Some(FieldChange::Tags {
                before: tags(&[("team", "web")]),
                after: tags(&[("team", "api")]),
            })
        );
    }
}
