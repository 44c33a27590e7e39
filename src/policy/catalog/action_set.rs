//! Sets of catalog actions as bit sets: what an `Action`/`NotAction` element covers,
//! resolved once, so evaluating many actions against a statement is a bit test instead
//! of matching every pattern again (AWS-managed policies have over a thousand).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use super::{Catalog, catalog};
use crate::policy::catalog::glob::glob_matches;
use crate::policy::document::{ActionList, Policy};

/// A catalog action's dense index (see [`Catalog::action_by_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(pub(super) usize);

/// A set of catalog actions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActionSet {
    words: Vec<u64>,
}

impl ActionId {
    /// The dense index: catalog order, by service, then action name.
    pub fn index(self) -> usize {
        self.0
    }
}

impl ActionSet {
    /// No action.
    pub fn empty() -> ActionSet {
        ActionSet {
            words: vec![0; catalog().action_count().div_ceil(64)],
        }
    }

    /// Every catalog action.
    pub fn all() -> ActionSet {
        let mut set = ActionSet::empty();
        set.complement();
        set
    }

    /// The catalog actions an `Action` list covers, or for `NotAction` every catalog
    /// action none of its patterns covers. Patterns match case-insensitively, with `*`
    /// and `?`, exactly as the simulator matches them.
    pub fn of_list(list: &ActionList) -> ActionSet {
        let mut set = ActionSet::empty();
        let patterns = match list {
            ActionList::Action(p) | ActionList::NotAction(p) => p,
        };
        for pattern in patterns {
            set.add_matching(catalog(), pattern);
        }
        if matches!(list, ActionList::NotAction(_)) {
            set.complement();
        }
        set
    }

    /// True when `id` is in the set.
    pub fn contains(&self, id: ActionId) -> bool {
        self.words[id.0 / 64] & (1 << (id.0 % 64)) != 0
    }

    /// Adds every action of `other`.
    pub fn union_with(&mut self, other: &ActionSet) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w |= o;
        }
    }

    /// Keeps only the actions `other` also holds.
    pub fn intersect_with(&mut self, other: &ActionSet) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= o;
        }
    }

    /// Removes every action of `other`.
    pub fn difference_with(&mut self, other: &ActionSet) {
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            *w &= !o;
        }
    }

    /// The actions of `self` that `other` lacks, as a new set.
    pub fn minus(&self, other: &ActionSet) -> ActionSet {
        let mut out = self.clone();
        out.difference_with(other);
        out
    }

    /// The actions both sets hold, as a new set.
    pub fn and(&self, other: &ActionSet) -> ActionSet {
        let mut out = self.clone();
        out.intersect_with(other);
        out
    }

    /// Keeps only the actions `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(ActionId) -> bool) {
        for (i, word) in self.words.iter_mut().enumerate() {
            let mut rest = *word;
            while rest != 0 {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                if !keep(ActionId(i * 64 + bit)) {
                    *word &= !(1 << bit);
                }
            }
        }
    }

    /// How many actions the set holds.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// True when the set holds no action.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// The actions in the set, in id order.
    pub fn iter(&self) -> impl Iterator<Item = ActionId> + '_ {
        Ids {
            words: &self.words,
            next_word: 0,
            base: 0,
            rest: 0,
        }
    }

    /// Adds `id`.
    pub fn insert(&mut self, id: ActionId) {
        self.words[id.0 / 64] |= 1 << (id.0 % 64);
    }

    fn complement(&mut self) {
        let count = catalog().action_count();
        for w in &mut self.words {
            *w = !*w;
        }
        // Bits past the last action stay clear, so `iter` yields only real ids.
        if !count.is_multiple_of(64)
            && let Some(last) = self.words.last_mut()
        {
            *last &= (1u64 << (count % 64)) - 1;
        }
    }

    fn add_matching(&mut self, catalog: &Catalog, pattern: &str) {
        match pattern.split_once(':') {
            // A literal service prefix: only that service's actions can match.
            Some((prefix, name)) if !prefix.contains(['*', '?']) => {
                if let Some(service) = catalog.service(prefix) {
                    for action in service.matching(name) {
                        self.insert(action.id);
                    }
                }
            }
            // `*`, `s3*:Get*`, or no colon at all: match the whole `service:Name`, as
            // the simulator does.
            _ => {
                for service in catalog.services() {
                    for action in &service.actions {
                        let full = format!("{}:{}", service.prefix, action.name);
                        if glob_matches(pattern, &full, true) {
                            self.insert(action.id);
                        }
                    }
                }
            }
        }
    }
}

/// The ids of an [`ActionSet`]: a plain loop over the words, so the empty words of a
/// small set (most of the catalog) cost one comparison each.
struct Ids<'a> {
    words: &'a [u64],
    next_word: usize,
    /// Id of bit 0 of the current word.
    base: usize,
    /// Bits of the current word not yet returned.
    rest: u64,
}

impl Iterator for Ids<'_> {
    type Item = ActionId;

    fn next(&mut self) -> Option<ActionId> {
        while self.rest == 0 {
            let word = *self.words.get(self.next_word)?;
            self.base = self.next_word * 64;
            self.next_word += 1;
            self.rest = word;
        }
        let bit = self.rest.trailing_zeros() as usize;
        self.rest &= self.rest - 1;
        Some(ActionId(self.base + bit))
    }
}

/// Resolved action sets by `Action`/`NotAction` element, shared: the same AWS-managed
/// or group policy is resolved once per plan, not once per principal. Shared by
/// reference between threads: a set is resolved outside the lock, so two threads may
/// both resolve one list the first time, and either answer is the same.
#[derive(Debug, Default)]
pub struct ActionSetCache {
    sets: Mutex<HashMap<ActionList, Arc<ActionSet>>>,
    /// By document identity: an AWS-managed document is one `Arc` for the whole run, so
    /// its thousand patterns are not hashed again per principal. The entry's `Weak`
    /// keeps the allocation, so its address cannot be reused by another document while
    /// cached, but not the document: one used once is freed when its user is done.
    by_document: Mutex<HashMap<usize, (Weak<Policy>, StatementSets)>>,
}

/// The action set of each statement of one document, in order.
pub type StatementSets = Arc<[Arc<ActionSet>]>;

impl ActionSetCache {
    /// The sets of every statement of `policy`.
    pub fn for_policy(&self, policy: &Arc<Policy>) -> StatementSets {
        let key = Arc::as_ptr(policy) as usize;
        if let Some((_, sets)) = locked(&self.by_document).get(&key) {
            return sets.clone();
        }
        let sets: StatementSets = policy
            .statements
            .iter()
            .map(|s| self.get(&s.action))
            .collect();
        locked(&self.by_document).insert(key, (Arc::downgrade(policy), sets.clone()));
        sets
    }

    /// The set for `list`, resolved on first request.
    pub fn get(&self, list: &ActionList) -> Arc<ActionSet> {
        if let Some(set) = locked(&self.sets).get(list) {
            return set.clone();
        }
        let set = Arc::new(ActionSet::of_list(list));
        locked(&self.sets).insert(list.clone(), set.clone());
        set
    }
}

/// The map behind `lock`; a thread that panicked while holding it left only whole
/// entries (each insert is one call), so the map is still usable.
fn locked<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::simulate::action_matches;

    fn names(set: &ActionSet) -> Vec<String> {
        set.iter()
            .map(|id| {
                let (s, a) = catalog().action_by_id(id);
                format!("{}:{}", s.prefix, a.name)
            })
            .collect()
    }

    #[test]
    fn ids_are_dense_and_round_trip() {
        let c = catalog();
        let mut expected = 0;
        for service in c.services() {
            for action in &service.actions {
                assert_eq!(action.id, ActionId(expected));
                let (s, a) = c.action_by_id(action.id);
                assert_eq!(
                    (s.prefix.as_str(), a.name.as_str()),
                    (service.prefix.as_str(), action.name.as_str())
                );
                expected += 1;
            }
        }
        assert_eq!(expected, c.action_count());
    }

    #[test]
    fn sets_agree_with_the_simulators_matching() {
        let lists = [
            ActionList::Action(vec!["s3:Get*".into(), "IAM:passrole".into()]),
            ActionList::Action(vec!["*".into()]),
            ActionList::Action(vec!["s3*:List?ucket*".into(), "ec2".into()]),
            ActionList::NotAction(vec!["iam:*".into(), "organizations:*".into()]),
            ActionList::Action(vec!["nosuch:Action".into()]),
        ];
        let c = catalog();
        for list in &lists {
            let set = ActionSet::of_list(list);
            for service in c.services() {
                for action in &service.actions {
                    let full = format!("{}:{}", service.prefix, action.name);
                    assert_eq!(
                        set.contains(action.id),
                        action_matches(list, &full),
                        "{list:?} {full}"
                    );
                }
            }
        }
        let all = ActionSet::of_list(&ActionList::Action(vec!["*".into()]));
        assert_eq!(all.iter().count(), c.action_count());
        assert!(ActionSet::of_list(&ActionList::Action(vec!["nosuch:Action".into()])).is_empty());
    }

    #[test]
    fn union_and_iteration() {
        let mut set = ActionSet::of_list(&ActionList::Action(vec!["sts:AssumeRole".into()]));
        set.union_with(&ActionSet::of_list(&ActionList::Action(vec![
            "s3:GetObject".into(),
        ])));
        assert_eq!(names(&set), ["s3:GetObject", "sts:AssumeRole"]);
        set.intersect_with(&ActionSet::of_list(&ActionList::Action(vec![
            "sts:*".into(),
        ])));
        assert_eq!(names(&set), ["sts:AssumeRole"]);
    }
}
