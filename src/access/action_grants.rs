//! What a set of policies allows, action by action over the catalog, and how two sets
//! differ. Conditions are read permissively: a conditional Allow counts as granting, a
//! conditional Deny as not denying, so the comparison shows what a principal *may* do.
//! `${…}` variables are read literally: the resource patterns themselves are the
//! resources tried.
//!
//! This is the simulator's decision (explicit deny wins; identity allows count inside the
//! boundary) on an index: each statement's actions are resolved to an [`ActionSet`] once,
//! so a whole-catalog comparison is bit tests, not a pattern match per action per
//! statement. A test checks it against [`crate::policy::simulate::evaluate`].

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::policy::catalog::{ActionId, ActionSet, ActionSetCache, catalog};
use crate::policy::simulate::{NamedPolicy, PolicyRole};
use crate::policy::{Effect, ResourceList, Statement, glob_matches};

/// Catalog actions by resource pattern (`arn:aws:s3:::logs/*`, `*`).
pub type Grants = BTreeMap<String, ActionSet>;

/// Actions (by resource pattern) that `after` allows and `before` does not, and the
/// reverse.
pub fn grants_between(before: &[NamedPolicy], after: &[NamedPolicy]) -> (Grants, Grants) {
    grants_between_cached(before, after, &mut ActionSetCache::default())
}

/// [`grants_between`] with action sets from (and added to) `cache`.
pub fn grants_between_cached(
    before: &[NamedPolicy],
    after: &[NamedPolicy],
    cache: &mut ActionSetCache,
) -> (Grants, Grants) {
    let before = AccessIndex::new(before, cache);
    let after = AccessIndex::new(after, cache);
    let changed = changed_actions(&before, &after);
    // Candidates: each resource pattern of an identity Allow, with every action some
    // Allow names on it, as far as a changed statement covers it.
    let mut candidates: BTreeMap<&str, ActionSet> = BTreeMap::new();
    for index in [&before, &after] {
        for s in index.identity_allows() {
            for resource in s.allowed_resources() {
                candidates
                    .entry(resource)
                    .or_insert_with(ActionSet::empty)
                    .union_with(&s.actions);
            }
        }
    }
    if let Some(changed) = &changed {
        for actions in candidates.values_mut() {
            actions.intersect_with(changed);
        }
    }
    let c = catalog();
    let (mut granted, mut revoked) = (Grants::new(), Grants::new());
    for (resource, actions) in candidates {
        let (mut more, mut less) = (ActionSet::empty(), ActionSet::empty());
        for id in actions.iter() {
            let (service, action) = c.action_by_id(id);
            // Only resources of a shape the action acts on: `s3:ListBucket` on
            // `bucket/*` grants nothing.
            if !service.resource_fits(action, resource) {
                continue;
            }
            match (before.allows(id, resource), after.allows(id, resource)) {
                (false, true) => more.insert(id),
                (true, false) => less.insert(id),
                _ => {}
            }
        }
        for (set, side) in [(more, &mut granted), (less, &mut revoked)] {
            if !set.is_empty() {
                side.insert(resource.to_string(), set);
            }
        }
    }
    (granted, revoked)
}

/// The actions whose decision can differ: those some statement present on one side only
/// covers. A decision depends only on the statements covering the action, so a principal
/// whose inline policy changed is compared on that policy's actions, not on everything
/// its AWS-managed policies allow. `None` (compare all) when a boundary comes or goes,
/// which changes how every statement counts.
fn changed_actions<'a>(before: &AccessIndex<'a>, after: &AccessIndex<'a>) -> Option<ActionSet> {
    if before.has_boundary != after.has_boundary {
        return None;
    }
    let content = |index: &AccessIndex<'a>| -> HashSet<(PolicyRole, &'a Statement)> {
        index
            .statements
            .iter()
            .map(|s| (s.role, s.statement))
            .collect()
    };
    let (was, is) = (content(before), content(after));
    let mut changed = ActionSet::empty();
    for (side, other) in [(before, &is), (after, &was)] {
        for s in &side.statements {
            if !other.contains(&(s.role, s.statement)) {
                changed.union_with(&s.actions);
            }
        }
    }
    Some(changed)
}

/// One statement, reduced to what the permissive reading needs.
struct IndexedStatement<'a> {
    statement: &'a Statement,
    effect: Effect,
    role: PolicyRole,
    actions: Arc<ActionSet>,
    resource: Option<&'a ResourceList>,
}

impl IndexedStatement<'_> {
    /// The patterns an Allow names, `*` for `NotResource` or none.
    fn allowed_resources(&self) -> Vec<&str> {
        match self.resource {
            Some(ResourceList::Resource(r)) => r.iter().map(String::as_str).collect(),
            _ => vec!["*"],
        }
    }

    fn covers(&self, id: ActionId, resource: &str) -> bool {
        if !self.actions.contains(id) {
            return false;
        }
        let any = |patterns: &[String]| patterns.iter().any(|p| glob_matches(p, resource, false));
        match self.resource {
            None => true,
            Some(ResourceList::Resource(p)) => any(p),
            Some(ResourceList::NotResource(p)) => !any(p),
        }
    }
}

/// A principal's identity and boundary statements, indexed. Conditional Denies are
/// left out and Allow conditions ignored (the permissive reading).
struct AccessIndex<'a> {
    statements: Vec<IndexedStatement<'a>>,
    has_boundary: bool,
}

impl<'a> AccessIndex<'a> {
    fn new(policies: &'a [NamedPolicy], cache: &mut ActionSetCache) -> AccessIndex<'a> {
        let mut statements = Vec::new();
        for named in policies.iter().filter(|p| p.role != PolicyRole::Resource) {
            for s in &named.policy.statements {
                if s.effect == Effect::Deny && !s.condition.is_empty() {
                    continue;
                }
                statements.push(IndexedStatement {
                    statement: s,
                    effect: s.effect,
                    role: named.role,
                    actions: cache.get(&s.action),
                    resource: s.resource.as_ref(),
                });
            }
        }
        AccessIndex {
            statements,
            has_boundary: policies.iter().any(|p| p.role == PolicyRole::Boundary),
        }
    }

    fn identity_allows(&self) -> impl Iterator<Item = &IndexedStatement<'a>> {
        self.statements
            .iter()
            .filter(|s| s.effect == Effect::Allow && s.role == PolicyRole::Identity)
    }

    /// The simulator's decision: a Deny wins; else an identity Allow is needed, inside
    /// the boundary when there is one.
    fn allows(&self, id: ActionId, resource: &str) -> bool {
        let (mut identity, mut boundary) = (false, !self.has_boundary);
        for s in self.statements.iter().filter(|s| s.covers(id, resource)) {
            match (s.effect, s.role) {
                (Effect::Deny, _) => return false,
                (Effect::Allow, PolicyRole::Identity) => identity = true,
                (Effect::Allow, _) => boundary = true,
            }
        }
        identity && boundary
    }
}

#[cfg(test)]
#[path = "action_grants_tests.rs"]
mod tests;
