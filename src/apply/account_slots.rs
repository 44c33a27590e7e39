//! At most so many accounts changed at once (`apply --account-parallelism`): a ready
//! change of an account that already has changes out goes to the workers at once; one of
//! another account waits, with the rest of its account's ready changes, until an account
//! has none out. Accounts get their turn in the order their first change became ready.
//!
//! Only the handing out is bounded here; how many calls run at once is the limiter's
//! (`--parallelism`, lowered while IAM throttles). Every operation is O(log accounts), so a
//! plan of 100,000 changes costs nothing noticeable.

use std::collections::{BTreeMap, VecDeque};

/// The accounts with changes out and the ready changes waiting for an account slot.
#[derive(Debug)]
pub(crate) struct AccountSlots {
    bound: usize,
    /// Accounts with changes handed out and not finished, and how many.
    out: BTreeMap<String, usize>,
    /// Ready changes of accounts without a slot, by account.
    waiting: BTreeMap<String, VecDeque<usize>>,
    /// Accounts waiting for a slot, first come first served.
    turn: VecDeque<String>,
}

impl AccountSlots {
    /// Slots for `bound` accounts (at least 1).
    pub(crate) fn new(bound: usize) -> AccountSlots {
        AccountSlots {
            bound: bound.max(1),
            out: BTreeMap::new(),
            waiting: BTreeMap::new(),
            turn: VecDeque::new(),
        }
    }

    /// Change `index` of `account` is ready: it, when it may go now.
    pub(crate) fn ready(&mut self, index: usize, account: &str) -> Option<usize> {
        if let Some(out) = self.out.get_mut(account) {
            *out += 1;
            return Some(index);
        }
        if self.out.len() < self.bound {
            self.out.insert(account.to_string(), 1);
            return Some(index);
        }
        let queue = self.waiting.entry(account.to_string()).or_default();
        if queue.is_empty() {
            self.turn.push_back(account.to_string());
        }
        queue.push_back(index);
        None
    }

    /// A change of `account` finished (done, failed or not run): the changes that may go
    /// now, when that freed a slot.
    pub(crate) fn finished(&mut self, account: &str) -> Vec<usize> {
        if let Some(out) = self.out.get_mut(account) {
            *out -= 1;
            if *out == 0 {
                self.out.remove(account);
            }
        }
        let mut go = Vec::new();
        while self.out.len() < self.bound {
            let Some(next) = self.turn.pop_front() else {
                break;
            };
            let queue = self.waiting.remove(&next).unwrap_or_default();
            self.out.insert(next, queue.len());
            go.extend(queue);
        }
        go
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_beyond_the_bound_wait_their_turn_with_all_their_changes() {
        let mut slots = AccountSlots::new(2);
        assert_eq!(slots.ready(0, "a"), Some(0));
        assert_eq!(slots.ready(1, "b"), Some(1));
        assert_eq!(slots.ready(2, "c"), None);
        assert_eq!(slots.ready(3, "a"), Some(3), "a has a slot");
        assert_eq!(slots.ready(4, "d"), None);
        assert_eq!(slots.ready(5, "c"), None);
        // a still has change 3 out: no slot frees.
        assert_eq!(slots.finished("a"), Vec::<usize>::new());
        // a has none out: c, first to wait, goes with both its changes.
        assert_eq!(slots.finished("a"), [2, 5]);
        assert_eq!(slots.finished("b"), [4]);
        assert_eq!(slots.finished("c"), Vec::<usize>::new());
        assert_eq!(slots.finished("c"), Vec::<usize>::new());
        assert_eq!(slots.finished("d"), Vec::<usize>::new());
        assert_eq!(slots.ready(6, "e"), Some(6));
    }

    #[test]
    fn a_bound_of_zero_is_one() {
        let mut slots = AccountSlots::new(0);
        assert_eq!(slots.ready(0, "a"), Some(0));
        assert_eq!(slots.ready(1, "b"), None);
        assert_eq!(slots.finished("a"), [1]);
    }
}
