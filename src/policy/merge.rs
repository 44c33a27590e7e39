//! Merging statements that differ only in their `Action` list.
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
use super::value_list::sorted_unique;

type MergeKey = (
    Effect,
    Option<PrincipalElement>,
    Option<ResourceList>,
    ConditionBlock,
);

/// Merges normalized `Action` statements that share everything but their actions, and
/// drops action patterns already matched by a wildcard pattern in the same list (exact for
/// `NotAction` too: a request matching none of `s3:*` matches none of `s3:getobject`).
pub(crate) fn merge_action_statements(statements: Vec<Statement>) -> Vec<Statement> {
    let mut groups: BTreeMap<MergeKey, Vec<String>> = BTreeMap::new();
    let mut out = Vec::with_capacity(statements.len());
    for s in statements {
        match s.action {
            ActionList::Action(actions) => groups
                .entry((s.effect, s.principal, s.resource, s.condition))
                .or_default()
                .extend(actions),
            ActionList::NotAction(actions) => out.push(Statement {
                action: ActionList::NotAction(without_covered(actions)),
                ..s
            }),
        }
    }
    for ((effect, principal, resource, condition), actions) in groups {
        out.push(Statement {
            sid: None,
            effect,
            principal,
            action: ActionList::Action(without_covered(sorted_unique(actions))),
            resource,
            condition,
        });
    }
    out
}

/// Drops literal actions (no wildcard) that a wildcard pattern in the same list already
/// matches: `["s3:*", "s3:getobject"]` matches exactly what `["s3:*"]` matches. Patterns
/// are lower-case here, as IAM matches actions case-insensitively.
fn without_covered(actions: Vec<String>) -> Vec<String> {
    let patterns: Vec<&String> = actions.iter().filter(|a| is_wildcard(a)).collect();
    actions
        .iter()
        .filter(|a| is_wildcard(a) || !patterns.iter().any(|p| glob_matches(p, a)))
        .cloned()
        .collect()
}

fn is_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// IAM action matching: `*` matches any run of characters, `?` any one character.
fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matching with one backtrack point, linear in practice.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matches_like_iam() {
        assert!(glob_matches("s3:*", "s3:getobject"));
        assert!(glob_matches("*", "iam:passrole"));
        assert!(glob_matches("s3:get*", "s3:get"));
        assert!(glob_matches(
            "ec2:describe?nstances",
            "ec2:describeinstances"
        ));
        assert!(glob_matches("s3:*object*", "s3:getobjectacl"));
        assert!(!glob_matches("s3:get*", "s3:putobject"));
        assert!(!glob_matches("s3:get?", "s3:get"));
        assert!(!glob_matches("s3:*", "s3x:get"));
    }

    #[test]
    fn covered_literals_are_dropped_but_patterns_kept() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            without_covered(v(&["s3:*", "s3:get*", "s3:getobject", "sqs:sendmessage"])),
            v(&["s3:*", "s3:get*", "sqs:sendmessage"])
        );
    }
}
