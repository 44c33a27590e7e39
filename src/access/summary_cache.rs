//! The words and lines for an action set, made once per distinct set in a plan:
//! principals in the same groups get the same whole-catalog grants (ReadOnlyAccess on
//! `*`), and summarizing one means visiting each of its thousands of actions.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::access_change::AccessGrant;
use super::grant_breadth::breadth;
use super::grant_summary::{GrantCondition, lines};
use crate::policy::catalog::ActionSet;

/// Sets of fewer actions are summarized each time: that is cheap, and most of them are
/// a principal's own (one inline policy), so keeping them would only hold memory.
const CACHED_FROM: usize = 500;

/// Summaries by action set, shared by the threads comparing principals.
#[derive(Default)]
pub(super) struct SummaryCache {
    breadth: Mutex<HashMap<ActionSet, (String, usize)>>,
    lines: Mutex<HashMap<(ActionSet, GrantCondition), Lines>>,
}

/// The lines of one set, without their resource.
type Lines = Arc<[AccessGrant]>;

impl SummaryCache {
    /// [`breadth`] of `actions`.
    pub(super) fn breadth(&self, actions: &ActionSet) -> (String, usize) {
        if actions.len() < CACHED_FROM {
            return breadth(actions);
        }
        if let Some(found) = locked(&self.breadth).get(actions) {
            return found.clone();
        }
        // Made outside the lock; two threads may both make it, with the same result.
        let made = breadth(actions);
        locked(&self.breadth).insert(actions.clone(), made.clone());
        made
    }

    /// [`lines`] of `actions` under `condition`, on `resource`.
    pub(super) fn lines(
        &self,
        resource: &str,
        actions: &ActionSet,
        condition: GrantCondition,
    ) -> Vec<AccessGrant> {
        if actions.len() < CACHED_FROM {
            let mut made = lines(actions, condition);
            for line in &mut made {
                line.resource = resource.to_string();
            }
            return made;
        }
        let key = (actions.clone(), condition);
        let found = locked(&self.lines).get(&key).cloned();
        let made = found.unwrap_or_else(|| {
            let made: Lines = lines(actions, condition).into();
            locked(&self.lines).insert(key, made.clone());
            made
        });
        made.iter()
            .map(|line| AccessGrant {
                resource: resource.to_string(),
                ..line.clone()
            })
            .collect()
    }
}

/// A map of whole entries (each insert is one call), usable after a panic elsewhere.
fn locked<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}
