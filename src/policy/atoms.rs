//! The canonical form of `Action` statements: the same access written the same way.
//!
//! An Allow (or Deny) statement with `Principal`, `Action` and `Resource` lists matches a
//! request when its principal, action and resource each match one listed value and every
//! condition holds. So a group of such statements is exactly the set of "atoms" (effect,
//! conditions, one principal, one action, one resource) they spell out, however they are
//! split into statements and lists. The canonical form takes that set, drops every atom
//! another one already covers (a broader principal, action and resource with a subset of
//! its conditions: any request it matches, the other matches too, with the same effect),
//! and writes what remains back in one fixed grouping. Two documents with the same atoms
//! after that get the same statements.
//!
//! `NotPrincipal`, `NotAction` and `NotResource` statements stay as written (normalized):
//! their "everything except" lists do not split into atoms.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::condition::ConditionBlock;
use super::document::{ActionList, Effect, PrincipalElement, ResourceList, Statement};
use super::pattern_cover::{action_covers, resource_covers};
use super::principal::{Principal, PrincipalType};

/// Atoms beyond this (far more than IAM's largest policy can hold in practice) are not
/// worth the quadratic cover test: the caller falls back to merging by action only.
const ATOM_BUDGET: usize = 4096;
/// Cover lookups beyond this give up the same way, so hostile patterns stay cheap.
const WORK_BUDGET: usize = 1 << 20;

/// One principal of a `Principal` map, or none for a statement without one.
type Who = Option<(PrincipalType, String)>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Atom {
    effect: Effect,
    condition: ConditionBlock,
    who: Who,
    action: String,
    resource: Option<String>,
}

/// The canonical form of the eligible statements among `statements` (already normalized)
/// followed by the others unchanged; `None` when the document is too large for it.
pub(crate) fn canonical_statements(statements: Vec<Statement>) -> Option<Vec<Statement>> {
    let (eligible, mut out): (Vec<Statement>, Vec<Statement>) =
        statements.into_iter().partition(is_eligible);
    let count: usize = eligible.iter().map(atom_count).sum();
    if count > ATOM_BUDGET {
        return None;
    }
    let mut atoms: Vec<Atom> = eligible.iter().flat_map(atoms_of).collect();
    atoms.sort();
    atoms.dedup();
    let kept = uncovered(&atoms)?;
    out.extend(regroup(kept));
    Some(out)
}

fn is_eligible(s: &Statement) -> bool {
    matches!(s.action, ActionList::Action(_))
        && matches!(
            s.principal,
            None | Some(PrincipalElement::Principal(Principal::Typed(_)))
        )
        && matches!(s.resource, None | Some(ResourceList::Resource(_)))
}

fn whos(s: &Statement) -> Vec<Who> {
    match &s.principal {
        Some(PrincipalElement::Principal(Principal::Typed(map))) => map
            .iter()
            .flat_map(|(kind, values)| values.iter().map(|v| Some((*kind, v.clone()))))
            .collect(),
        _ => vec![None],
    }
}

fn resources(s: &Statement) -> Vec<Option<String>> {
    match &s.resource {
        Some(r) => r.patterns().iter().cloned().map(Some).collect(),
        None => vec![None],
    }
}

fn atom_count(s: &Statement) -> usize {
    whos(s)
        .len()
        .saturating_mul(s.action.patterns().len())
        .saturating_mul(resources(s).len())
}

fn atoms_of(s: &Statement) -> Vec<Atom> {
    let mut out = Vec::new();
    for who in whos(s) {
        for action in s.action.patterns() {
            for resource in resources(s) {
                out.push(Atom {
                    effect: s.effect,
                    condition: s.condition.clone(),
                    who: who.clone(),
                    action: action.clone(),
                    resource,
                });
            }
        }
    }
    out
}

/// `{"AWS": "*"}` covers every AWS principal; otherwise a principal covers only itself.
fn who_covers(broad: &Who, narrow: &Who) -> bool {
    match (broad, narrow) {
        (None, None) => true,
        (Some((bk, bv)), Some((nk, nv))) => {
            bk == nk && (bv == nv || (*bk == PrincipalType::Aws && bv == "*"))
        }
        _ => false,
    }
}

fn resource_option_covers(broad: &Option<String>, narrow: &Option<String>) -> bool {
    match (broad, narrow) {
        (None, None) => true,
        (Some(b), Some(n)) => resource_covers(b, n),
        _ => false,
    }
}

/// Whether `broad` matches every request `narrow` matches, with the same effect.
fn atom_covers(broad: &Atom, narrow: &Atom) -> bool {
    broad.effect == narrow.effect
        && who_covers(&broad.who, &narrow.who)
        && action_covers(&broad.action, &narrow.action)
        && resource_option_covers(&broad.resource, &narrow.resource)
        && conditions_within(&broad.condition, &narrow.condition)
}

/// Every test of `fewer` is in `more`: a statement with `fewer` conditions matches every
/// request one with `more` does.
fn conditions_within(fewer: &ConditionBlock, more: &ConditionBlock) -> bool {
    fewer.0.iter().all(|(op, keys)| {
        more.0
            .get(op)
            .is_some_and(|theirs| keys.iter().all(|(k, v)| theirs.get(k) == Some(v)))
    })
}

/// The atoms no other kept atom covers. Atoms are dropped in order, each only for an atom
/// not dropped before it, so every dropped atom is covered by one that stays (through a
/// chain of later drops at worst) and the access is unchanged. `None` past the budget.
fn uncovered(atoms: &[Atom]) -> Option<Vec<Atom>> {
    let action_cov = covering(
        atoms.iter().map(|a| &a.action),
        |b| has_wildcard(b),
        |b, n| action_covers(b, n),
    )?;
    let resource_cov = covering(
        atoms.iter().map(|a| &a.resource),
        |b| b.as_deref().is_some_and(has_wildcard),
        resource_option_covers,
    )?;
    let who_cov = covering(
        atoms.iter().map(|a| &a.who),
        |b| matches!(b, Some((PrincipalType::Aws, v)) if v == "*"),
        who_covers,
    )?;
    let mut by_key: HashMap<(Effect, &Who, &str, &Option<String>), Vec<usize>> = HashMap::new();
    for (i, a) in atoms.iter().enumerate() {
        by_key
            .entry((a.effect, &a.who, a.action.as_str(), &a.resource))
            .or_default()
            .push(i);
    }
    let mut dropped = vec![false; atoms.len()];
    let mut work = 0usize;
    for (i, atom) in atoms.iter().enumerate() {
        let covered = 'search: {
            for who in &who_cov[&atom.who] {
                for action in &action_cov[&atom.action] {
                    for resource in &resource_cov[&atom.resource] {
                        work += 1;
                        if work > WORK_BUDGET {
                            return None;
                        }
                        let key = (atom.effect, who, action.as_str(), resource);
                        for &j in by_key.get(&key).into_iter().flatten() {
                            let other = &atoms[j];
                            // Of two atoms covering each other, the first stays.
                            if j != i
                                && !dropped[j]
                                && conditions_within(&other.condition, &atom.condition)
                                && (j < i || !atom_covers(atom, other))
                            {
                                break 'search true;
                            }
                        }
                    }
                }
            }
            false
        };
        dropped[i] = covered;
    }
    Some(
        atoms
            .iter()
            .zip(dropped)
            .filter(|(_, d)| !d)
            .map(|(a, _)| a.clone())
            .collect(),
    )
}

fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

/// For each distinct value, itself and the other values that cover it. Only values that
/// `can_cover` (those with a wildcard) cover others, so `covers` is asked of those alone.
fn covering<'a, T: Ord + Clone + 'a>(
    values: impl Iterator<Item = &'a T>,
    can_cover: impl Fn(&T) -> bool,
    covers: impl Fn(&T, &T) -> bool,
) -> Option<BTreeMap<T, Vec<T>>> {
    let values: BTreeSet<&T> = values.collect();
    let broad: Vec<&T> = values.iter().copied().filter(|v| can_cover(v)).collect();
    if broad.len().saturating_mul(values.len()) > WORK_BUDGET {
        return None;
    }
    let map = values
        .iter()
        .map(|n| {
            let mut by = vec![(*n).clone()];
            by.extend(
                broad
                    .iter()
                    .filter(|b| **b != *n && covers(b, n))
                    .map(|b| (*b).clone()),
            );
            ((*n).clone(), by)
        })
        .collect();
    Some(map)
}

/// Writes atoms back as statements, one fixed way: per effect and conditions, the actions
/// of each (principal, resource); then the resources sharing a principal and action set;
/// then the principals sharing both.
fn regroup(atoms: Vec<Atom>) -> Vec<Statement> {
    type Actions = BTreeSet<String>;
    type Resources = BTreeSet<Option<String>>;
    let mut groups: BTreeMap<(Effect, ConditionBlock), Vec<Atom>> = BTreeMap::new();
    for atom in atoms {
        groups
            .entry((atom.effect, atom.condition.clone()))
            .or_default()
            .push(atom);
    }
    let mut out = Vec::new();
    for ((effect, condition), atoms) in groups {
        let mut actions: BTreeMap<(Who, Option<String>), Actions> = BTreeMap::new();
        for a in atoms {
            actions
                .entry((a.who, a.resource))
                .or_default()
                .insert(a.action);
        }
        let mut resources: BTreeMap<(Who, bool, Actions), Resources> = BTreeMap::new();
        for ((who, resource), acts) in actions {
            resources
                .entry((who, resource.is_some(), acts))
                .or_default()
                .insert(resource);
        }
        let mut principals: BTreeMap<(bool, Actions, Resources), BTreeSet<Who>> = BTreeMap::new();
        for ((who, _, acts), res) in resources {
            principals
                .entry((who.is_some(), acts, res))
                .or_default()
                .insert(who);
        }
        for ((has_principal, acts, res), who) in principals {
            let principal = has_principal.then(|| {
                let mut map: BTreeMap<PrincipalType, Vec<String>> = BTreeMap::new();
                for (kind, value) in who.into_iter().flatten() {
                    map.entry(kind).or_default().push(value);
                }
                PrincipalElement::Principal(Principal::Typed(map))
            });
            let listed: Vec<String> = res.iter().flatten().cloned().collect();
            out.push(Statement {
                sid: None,
                effect,
                principal,
                action: ActionList::Action(acts.into_iter().collect()),
                resource: (!listed.is_empty()).then_some(ResourceList::Resource(listed)),
                condition: condition.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn statements(doc: serde_json::Value) -> Vec<Statement> {
        crate::policy::parse(&doc)
            .unwrap()
            .statements
            .iter()
            .map(Statement::normalized)
            .collect()
    }

    #[test]
    fn writes_parts_back_in_one_grouping() {
        let split = statements(json!({"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::a", "arn:aws:s3:::b"]},
            {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::a"}
        ]}));
        let out = canonical_statements(split).unwrap();
        let mut shapes: Vec<(Vec<String>, Vec<String>)> = out
            .iter()
            .map(|s| {
                let r = s.resource.as_ref().map(|r| r.patterns().to_vec());
                (s.action.patterns().to_vec(), r.unwrap_or_default())
            })
            .collect();
        shapes.sort();
        assert_eq!(
            shapes,
            vec![
                (
                    vec!["s3:getobject".to_string()],
                    vec!["arn:aws:s3:::b".to_string()]
                ),
                (
                    vec!["s3:getobject".to_string(), "s3:putobject".to_string()],
                    vec!["arn:aws:s3:::a".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn not_statements_stay_whole() {
        let not = statements(json!({"Statement": [
            {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b"}
        ]}));
        let out = canonical_statements(not.clone()).unwrap();
        assert_eq!(out, not);
    }

    #[test]
    fn oversized_documents_are_left_to_the_fallback() {
        let actions: Vec<String> = (0..100).map(|i| format!("s3:a{i}")).collect();
        let resources: Vec<String> = (0..50).map(|i| format!("arn:aws:s3:::b{i}")).collect();
        let big = statements(
            json!({"Statement": {"Effect": "Allow", "Action": actions, "Resource": resources}}),
        );
        assert_eq!(canonical_statements(big), None);
    }
}
