//! What a set of policies allows, action by action over the catalog, and how two sets
//! differ. An action allowed only after signing in with MFA, or only through Allows with
//! other conditions, is told apart from one allowed unconditionally ([`AccessDelta`]).
//! MFA tests are decided per sign-in ([`super::sign_in`]), so `require_mfa`'s Deny
//! counts; a Deny with other conditions is read as not denying, so the comparison shows
//! what a principal *may* do.
//! `${…}` variables are read literally: the resource patterns themselves are the
//! resources tried.
//!
//! This is the simulator's decision (explicit deny wins; identity allows count inside the
//! boundary) on an index: each statement's actions are resolved to an [`ActionSet`] once,
//! so a whole-catalog comparison is bit tests, not a pattern match per action per
//! statement. A test checks it against [`crate::policy::simulate::evaluate`].

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use crate::policy::catalog::{ActionSet, ActionSetCache, ResourceFits, catalog};
use crate::policy::simulate::{NamedPolicy, PolicyRole, actions_without_permissions};
use crate::policy::{Effect, Policy, Statement, glob_matches};

use super::sign_in::{ConditionReading, SIGN_INS, WITH_MFA, read_conditions};

/// Catalog actions by resource pattern (`arn:aws:s3:::logs/*`, `*`).
pub type Grants = BTreeMap<String, ActionSet>;

/// How access differs between two policy sets, by resource pattern. An action is allowed
/// *firmly* (however the principal signs in, no other condition), *with MFA* (firmly
/// once signed in with MFA, not otherwise), *conditionally* (only when other conditions
/// hold), or not at all; each change of state lands in one of the six sets.
#[derive(Debug, Default)]
pub struct AccessDelta {
    /// Newly allowed without conditions (before: not at all, or only under some).
    pub granted: Grants,
    /// Newly allowed, but only after signing in with MFA.
    pub granted_with_mfa: Grants,
    /// Newly allowed, but only when some statement's conditions hold.
    pub granted_if_conditions: Grants,
    /// No longer allowed at all.
    pub revoked: Grants,
    /// Allowed without conditions before, now only after signing in with MFA.
    pub revoked_unless_mfa: Grants,
    /// Allowed without conditions (or with MFA) before, now only when conditions hold.
    pub revoked_unless_conditions: Grants,
}

/// How access differs from `before` to `after`.
pub fn grants_between(before: &[NamedPolicy], after: &[NamedPolicy]) -> AccessDelta {
    grants_between_cached(before, after, &ActionSetCache::default())
}

/// [`grants_between`] with action sets from (and added to) `cache`.
pub fn grants_between_cached(
    before: &[NamedPolicy],
    after: &[NamedPolicy],
    cache: &ActionSetCache,
) -> AccessDelta {
    grants_between_fitted(before, after, cache, &mut ResourceFits::default())
}

/// [`grants_between_cached`] with resource-fit answers from (and added to) `fits`.
pub(super) fn grants_between_fitted(
    before: &[NamedPolicy],
    after: &[NamedPolicy],
    cache: &ActionSetCache,
    fits: &mut ResourceFits,
) -> AccessDelta {
    let before = AccessIndex::new(before, cache);
    let after = AccessIndex::new(after, cache);
    let changed = changed_actions(&before, &after);
    // Candidates: each resource pattern of an identity Allow, with every action some
    // Allow names on it, as far as a changed statement covers it.
    let mut candidates: BTreeMap<&str, ActionSet> = BTreeMap::new();
    for index in [&before, &after] {
        for s in index.identity_allows() {
            for resource in s.statement.named_resources() {
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
    let mut delta = AccessDelta::default();
    for (resource, candidates) in candidates {
        // Every set below is cut to the candidates: none, nothing to compare.
        if candidates.is_empty() {
            continue;
        }
        let (mut was, mut is) = (before.states_on(resource), after.states_on(resource));
        // Every set below is cut to the candidates; cutting the states first gives the
        // same sets (the set operations commute with it), and equal states give none.
        was.restrict_to(&candidates);
        is.restrict_to(&candidates);
        if was == is {
            continue;
        }
        let fit = fits.of(resource);
        let sets = [
            (is.firm.minus(&was.firm), &mut delta.granted),
            (
                is.only_with_mfa().minus(&was.mfa),
                &mut delta.granted_with_mfa,
            ),
            (
                is.only_conditional().minus(&was.any),
                &mut delta.granted_if_conditions,
            ),
            (was.any.minus(&is.any), &mut delta.revoked),
            (
                was.firm.and(&is.only_with_mfa()),
                &mut delta.revoked_unless_mfa,
            ),
            (
                was.mfa.and(&is.only_conditional()),
                &mut delta.revoked_unless_conditions,
            ),
        ];
        for (mut set, side) in sets {
            if set.is_empty() {
                continue;
            }
            // Only resources of a shape the action acts on: `s3:ListBucket` on
            // `bucket/*` grants nothing.
            if resource != "*" {
                set.retain(|id| {
                    let (service, action) = c.action_by_id(id);
                    fit.fits(service, action)
                });
            }
            if !set.is_empty() {
                side.insert(resource.to_string(), set);
            }
        }
    }
    delta
}

/// What a principal may do on one resource.
#[derive(PartialEq)]
struct ResourceAccess {
    /// Allowed by some Allow under some sign-in, other conditions read as holding.
    any: ActionSet,
    /// Allowed without other conditions once signed in with MFA (a superset of `firm`).
    mfa: ActionSet,
    /// Allowed without other conditions however the principal signs in.
    firm: ActionSet,
}

impl ResourceAccess {
    /// Keeps only the actions of `actions` in every state.
    fn restrict_to(&mut self, actions: &ActionSet) {
        for state in [&mut self.any, &mut self.mfa, &mut self.firm] {
            state.intersect_with(actions);
        }
    }

    fn only_with_mfa(&self) -> ActionSet {
        self.mfa.minus(&self.firm)
    }

    fn only_conditional(&self) -> ActionSet {
        self.any.minus(&self.mfa)
    }
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
    // Documents both sides hold as the same `Arc` (the bundled AWS-managed ones) are
    // unchanged without comparing their statements.
    let documents = |index: &AccessIndex<'a>| -> HashSet<(PolicyRole, *const Policy)> {
        index
            .statements
            .iter()
            .map(|s| (s.role, s.document))
            .collect()
    };
    let (docs_before, docs_after) = (documents(before), documents(after));
    let content = |index: &AccessIndex<'a>, shared: &HashSet<(PolicyRole, *const Policy)>| {
        index
            .statements
            .iter()
            .filter(|s| !shared.contains(&(s.role, s.document)))
            .map(|s| (s.role, s.statement))
            .collect::<HashSet<(PolicyRole, &'a Statement)>>()
    };
    let shared: HashSet<_> = docs_before.intersection(&docs_after).copied().collect();
    let (was, is) = (content(before, &shared), content(after, &shared));
    let mut changed = ActionSet::empty();
    for (side, other) in [(before, &is), (after, &was)] {
        for s in &side.statements {
            if !shared.contains(&(s.role, s.document)) && !other.contains(&(s.role, s.statement)) {
                changed.union_with(&s.actions);
            }
        }
    }
    Some(changed)
}

/// One statement, reduced to what the permissive reading needs.
struct IndexedStatement<'a> {
    statement: &'a Statement,
    /// The document it belongs to, by identity.
    document: *const Policy,
    role: PolicyRole,
    actions: Arc<ActionSet>,
    conditions: ConditionReading,
}

impl IndexedStatement<'_> {
    fn effect(&self) -> Effect {
        self.statement.effect
    }

    /// An Allow with conditions other than MFA tests (such Denies are not indexed): it
    /// counts only when they are read as holding.
    fn conditional(&self) -> bool {
        self.conditions.other
    }

    /// Whether the statement's `Resource`/`NotResource` covers `resource`: the same for
    /// every action of the statement.
    fn covers_resource(&self, resource: &str) -> bool {
        self.statement
            .resource
            .as_ref()
            .is_none_or(|list| list.covers(|p| glob_matches(p, resource, false)))
    }
}

/// A principal's identity and boundary statements, indexed. Denies with conditions
/// other than MFA tests are left out and such Allow conditions ignored (the permissive
/// reading).
struct AccessIndex<'a> {
    statements: Vec<IndexedStatement<'a>>,
    has_boundary: bool,
    /// Some statement tests MFA: sign-ins must be evaluated apart.
    tests_mfa: bool,
    /// The actions that need no permissions: allowed on both sides of every comparison,
    /// so no policy change grants or revokes them.
    without_permissions: &'static ActionSet,
}

impl<'a> AccessIndex<'a> {
    fn new(policies: &'a [NamedPolicy], cache: &ActionSetCache) -> AccessIndex<'a> {
        let mut statements = Vec::new();
        for named in policies.iter().filter(|p| p.role != PolicyRole::Resource) {
            let sets = cache.for_policy(&named.policy);
            for (s, actions) in named.policy.statements.iter().zip(sets.iter()) {
                let conditions = read_conditions(&s.condition);
                if s.effect == Effect::Deny && conditions.other {
                    continue;
                }
                statements.push(IndexedStatement {
                    statement: s,
                    document: Arc::as_ptr(&named.policy),
                    role: named.role,
                    actions: actions.clone(),
                    conditions,
                });
            }
        }
        AccessIndex {
            without_permissions: actions_without_permissions(),
            tests_mfa: statements.iter().any(|s| s.conditions.tests_mfa),
            statements,
            has_boundary: policies.iter().any(|p| p.role == PolicyRole::Boundary),
        }
    }

    fn identity_allows(&self) -> impl Iterator<Item = &IndexedStatement<'a>> {
        self.statements
            .iter()
            .filter(|s| s.effect() == Effect::Allow && s.role == PolicyRole::Identity)
    }

    /// What is allowed on `resource` per sign-in, with conditional Allows counted and
    /// without.
    fn states_on(&self, resource: &str) -> ResourceAccess {
        // A statement covers a resource for all its actions or none: find the covering
        // ones once, for every reading below.
        let covering: Vec<&IndexedStatement<'a>> = self
            .statements
            .iter()
            .filter(|s| s.covers_resource(resource))
            .collect();
        // Most principals test no MFA: then every sign-in reads alike.
        let sign_ins = if self.tests_mfa { SIGN_INS.len() } else { 1 };
        // Most principals have no conditional Allow here: then both readings agree.
        let conditional = covering.iter().any(|s| s.conditional());
        if sign_ins == 1 && !conditional {
            let allowed = self.allowed_by(&covering, true, 0);
            return ResourceAccess {
                any: allowed.clone(),
                mfa: allowed.clone(),
                firm: allowed,
            };
        }
        let mut any = ActionSet::empty();
        let mut mfa = ActionSet::empty();
        let mut firm: Option<ActionSet> = None;
        for sign_in in 0..sign_ins {
            let with_conditions = self.allowed_by(&covering, true, sign_in);
            let without = if conditional {
                self.allowed_by(&covering, false, sign_in)
            } else {
                with_conditions.clone()
            };
            any.union_with(&with_conditions);
            if sign_in == WITH_MFA {
                mfa = without.clone();
            }
            match &mut firm {
                Some(firm) => firm.intersect_with(&without),
                None => firm = Some(without),
            }
        }
        ResourceAccess {
            any,
            mfa,
            firm: firm.unwrap_or_else(ActionSet::empty),
        }
    }

    /// Every action allowed on a resource after sign-in `sign_in` (of [`SIGN_INS`]),
    /// given the statements `covering` it: the simulator's decision (an action that needs
    /// no permissions is allowed; else a Deny wins; else
    /// an identity Allow is needed, inside the boundary when there is one) for all
    /// actions at once, as set algebra over the covering statements whose MFA tests
    /// hold. Allows with other conditions count only with `conditional_allows`.
    fn allowed_by(
        &self,
        covering: &[&IndexedStatement<'_>],
        conditional_allows: bool,
        sign_in: usize,
    ) -> ActionSet {
        let mut identity = ActionSet::empty();
        // No boundary: everything is inside it (no set needed). No Deny: nothing denied.
        let mut boundary = self.has_boundary.then(ActionSet::empty);
        let mut denied: Option<ActionSet> = None;
        let counted = covering
            .iter()
            .filter(|s| (conditional_allows || !s.conditional()) && s.conditions.holds[sign_in]);
        for s in counted {
            match (s.effect(), s.role) {
                (Effect::Deny, _) => denied
                    .get_or_insert_with(ActionSet::empty)
                    .union_with(&s.actions),
                (Effect::Allow, PolicyRole::Identity) => identity.union_with(&s.actions),
                (Effect::Allow, _) => {
                    if let Some(boundary) = &mut boundary {
                        boundary.union_with(&s.actions);
                    }
                }
            }
        }
        if let Some(boundary) = &boundary {
            identity.intersect_with(boundary);
        }
        if let Some(denied) = &denied {
            identity.difference_with(denied);
        }
        identity.union_with(self.without_permissions);
        identity
    }
}

#[cfg(test)]
#[path = "action_grants_tests.rs"]
mod tests;
