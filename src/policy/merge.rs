//! Merging statements that differ only in their `Action` list (the fallback of `atoms`
//! for oversized documents), and dropping list values another value covers.
//!
//! A request matches an `Action` statement when its action matches one of the patterns
//! AND the principal, resource and conditions match. The conditions never depend on
//! which listed pattern matched, so two statements with the same effect, principal,
//! resource and conditions match exactly the requests that one statement with the union
//! of their actions matches. `NotAction` statements are never merged: the union of two
//! "everything except" sets is not "everything except the union".

use std::collections::BTreeMap;

use super::condition::ConditionBlock;
use super::document::{ActionList, Effect, PrincipalElement, ResourceList, Statement};
use super::pattern_cover::action_covers;
use super::value_list::sorted_unique;

type MergeKey = (
    Effect,
    Option<PrincipalElement>,
    Option<ResourceList>,
    ConditionBlock,
);

/// Merges normalized `Action` statements that share everything but their actions. The
/// fallback of [`super::atoms`] for documents too large for it.
pub(crate) fn merge_action_statements(statements: Vec<Statement>) -> Vec<Statement> {
    let mut groups: BTreeMap<MergeKey, Vec<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(statements.len());
    for s in statements {
        match s.action {
            ActionList::Action(actions) => groups
                .entry((s.effect, s.principal, s.resource, s.condition))
                .or_default()
                .extend(actions),
            ActionList::NotAction(_) => out.push(s),
        }
    }
    for ((effect, principal, resource, condition), actions) in groups {
        out.push(Statement {
            sid: None,
            effect,
            principal,
            action: ActionList::Action(without_covered(sorted_unique(actions), action_covers)),
            resource,
            condition,
        });
    }
    out
}

/// Lists longer than this keep their covered values: the test is quadratic, and no IAM
/// document is near this long.
const MAX_COVERED_LIST: usize = 2048;

/// Drops each value another value of the same list covers: `["s3:*", "s3:getobject"]`
/// matches exactly what `["s3:*"]` matches, and excludes exactly what it excludes as a
/// `NotAction`. Of two values covering each other, the first stays.
pub(crate) fn without_covered(values: Vec<String>, covers: fn(&str, &str) -> bool) -> Vec<String> {
    if values.len() > MAX_COVERED_LIST {
        return values;
    }
    let mut kept: Vec<bool> = vec![true; values.len()];
    for i in 0..values.len() {
        // Only a value still kept may cover another, so a dropped one always has a cover
        // that stays (see `atoms::uncovered`).
        kept[i] = !(0..values.len()).any(|j| {
            j != i
                && kept[j]
                && values[j].contains(['*', '?'])
                && covers(&values[j], &values[i])
                && (j < i || !covers(&values[i], &values[j]))
        });
    }
    values
        .into_iter()
        .zip(kept)
        .filter_map(|(v, k)| k.then_some(v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::pattern_cover::resource_covers;

    // Actions and resources match when any listed pattern matches:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    #[test]
    fn covered_values_are_dropped() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            without_covered(
                v(&["s3:*", "s3:get*", "s3:getobject", "sqs:sendmessage"]),
                action_covers
            ),
            v(&["s3:*", "sqs:sendmessage"])
        );
        assert_eq!(
            without_covered(v(&["a*", "a**"]), action_covers),
            v(&["a*"])
        );
        assert_eq!(
            without_covered(
                v(&["arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]),
                resource_covers
            ),
            v(&["arn:aws:s3:::b", "arn:aws:s3:::b/*"])
        );
    }
}
