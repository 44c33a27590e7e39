//! A plan regrouped for reading: by account, then by entity, each entity with the lines
//! beneath it. Text and Markdown both render this view, so they always agree.

use std::collections::BTreeMap;

use crate::diff::{AccountKey, Action};
use crate::model::{EntityKind, EntityRef};
use crate::plan::{
    OWN_ACCOUNT_ID, Plan, PlannedChange, SharedChange, Summary, accounts_phrase, entity_class,
    summarize,
};

/// Accounts named in an entity's headline before the rest are counted.
pub(crate) const ACCOUNTS_LISTED: usize = 10;

use super::detail::{Detail, details_of};
use super::marker::Marker;

/// One account's part of the plan.
#[derive(Debug)]
pub(crate) struct AccountView<'a> {
    /// Which account.
    pub(crate) account: &'a AccountKey,
    /// The entities its changes add, change and destroy, and its operations.
    pub(crate) counts: Summary,
    /// Changed entities, ordered by kind then name; an entity changed the same way in
    /// several accounts is here only in the first of them.
    pub(crate) entities: Vec<EntityView<'a>>,
    /// Entities left out because they are shown with another account, and which.
    pub(crate) shown_with: Vec<(&'a EntityRef, &'a str)>,
}

/// One changed entity and everything that happens to it.
#[derive(Debug)]
pub(crate) struct EntityView<'a> {
    /// Which entity.
    pub(crate) target: &'a EntityRef,
    /// Created, changed in place, destroyed or replaced.
    pub(crate) marker: Marker,
    /// Why it is replaced, for replacements; `expired AT` when it is destroyed because
    /// its `expires:` passed.
    pub(crate) reason: Option<String>,
    /// The lines beneath it, in plan order.
    pub(crate) details: Vec<Detail>,
    /// Every account with these same changes, when there are several.
    pub(crate) accounts: Option<&'a [String]>,
}

impl EntityView<'_> {
    /// `user alice`, or `account settings` for the account-wide entity.
    pub(crate) fn name(&self) -> String {
        match self.target.kind {
            EntityKind::AccountSettings => self.target.kind.noun().to_string(),
            _ => self.target.to_string(),
        }
    }

    /// The name, followed by the replacement reason in parentheses when there is one,
    /// and the accounts when the same changes are made in several.
    pub(crate) fn headline(&self) -> String {
        let name = match &self.reason {
            Some(reason) => format!("{} ({reason})", self.name()),
            None => self.name(),
        };
        match self.accounts_phrase() {
            Some(phrase) => format!("{name} {phrase}"),
            None => name,
        }
    }

    /// "in 47 accounts: dev-1, dev-2, …" for an entity changed alike in several.
    pub(crate) fn accounts_phrase(&self) -> Option<String> {
        self.accounts
            .map(|accounts| accounts_phrase(accounts, ACCOUNTS_LISTED))
    }
}

/// The plan's accounts in plan order (accounts that only appear in changes follow),
/// each with its entities grouped.
pub(crate) fn account_views(plan: &Plan) -> Vec<AccountView<'_>> {
    let mut shared: BTreeMap<(&str, &EntityRef), &SharedChange> = BTreeMap::new();
    for group in &plan.shared {
        for account in &group.accounts {
            shared.insert((account, &group.target), group);
        }
    }
    let mut order: Vec<&AccountKey> = plan.accounts.iter().map(|a| &a.account).collect();
    for planned in &plan.changes {
        if !order.contains(&&planned.change.account) {
            order.push(&planned.change.account);
        }
    }
    order
        .into_iter()
        .map(|account| account_view(plan, account, &shared))
        .collect()
}

type SharedIndex<'a> = BTreeMap<(&'a str, &'a EntityRef), &'a SharedChange>;

fn account_view<'a>(
    plan: &'a Plan,
    account: &'a AccountKey,
    shared: &SharedIndex<'a>,
) -> AccountView<'a> {
    let mut by_entity: BTreeMap<&EntityRef, Vec<&PlannedChange>> = BTreeMap::new();
    let mut shown_with = Vec::new();
    for planned in plan.changes.iter().filter(|c| &c.change.account == account) {
        let target = &planned.change.target;
        if let Some(group) = shared.get(&(account.name.as_str(), target))
            && group.accounts[0] != account.name
        {
            if shown_with.last().is_none_or(|(t, _)| *t != target) {
                shown_with.push((target, group.accounts[0].as_str()));
            }
            continue;
        }
        by_entity.entry(target).or_default().push(planned);
    }
    shown_with.sort();
    shown_with.dedup();
    let entities = by_entity
        .into_iter()
        .map(|(target, changes)| {
            let accounts = shared
                .get(&(account.name.as_str(), target))
                .map(|g| g.accounts.as_slice());
            let expired_delete = changes.iter().find_map(|c| match c.change.action {
                Action::Delete { .. } => c.expired,
                _ => None,
            });
            let replaced = changes.iter().rev().find_map(|c| match &c.change.action {
                Action::Replace { reason, .. } => Some(reason.clone()),
                _ => None,
            });
            let mut details: Vec<Detail> = changes
                .iter()
                .flat_map(|c| {
                    // An expired entity's headline says so; its parts need not repeat it.
                    let expired = c.expired.filter(|_| expired_delete.is_none());
                    details_of(&c.change.action).into_iter().map(move |mut d| {
                        if let Some(at) = expired {
                            d.text = format!("{} (expired {at})", d.text);
                        }
                        d
                    })
                })
                .collect();
            if accounts.is_some() {
                // Shown for every account of the group: each one's own id is its own.
                for detail in &mut details {
                    own_id_as_variable(detail, &account.id);
                }
            }
            EntityView {
                target,
                // The entity's own fate decides its symbol, as it decides how it is counted.
                marker: Marker::from(entity_class(changes.iter().map(|c| &c.change.action))),
                reason: replaced.or_else(|| expired_delete.map(|at| format!("expired {at}"))),
                details,
                accounts,
            }
        })
        .collect();
    AccountView {
        account,
        counts: summarize(plan.changes.iter().filter(|c| &c.change.account == account)),
        entities,
        shown_with,
    }
}

/// `detail` with `id` written `{{account.id}}`, as the shared changes compare it.
fn own_id_as_variable(detail: &mut Detail, id: &str) {
    if id.is_empty() {
        return;
    }
    detail.text = detail.text.replace(id, OWN_ACCOUNT_ID);
    for line in &mut detail.document {
        line.text = line.text.replace(id, OWN_ACCOUNT_ID);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture_plans::full_plan;

    #[test]
    fn entities_are_grouped_per_account_and_counted() {
        let plan = full_plan();
        let views = account_views(&plan);
        assert_eq!(views.len(), 2);
        let mut total = Summary::default();
        for view in &views {
            total.add += view.counts.add;
            total.change += view.counts.change;
            total.destroy += view.counts.destroy;
            total.operations += view.counts.operations;
            let mut sorted: Vec<&EntityRef> = view.entities.iter().map(|e| e.target).collect();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), view.entities.len(), "one view per entity");
        }
        assert_eq!(total, plan.summary);
    }

    #[test]
    fn replacement_carries_its_reason_in_the_headline() {
        let plan = full_plan();
        let views = account_views(&plan);
        let replaced = views
            .iter()
            .flat_map(|v| &v.entities)
            .find(|e| e.marker == Marker::Replace)
            .expect("the full plan replaces a role");
        assert_eq!(
            replaced.headline(),
            "role api (path changes from /a/ to /b/)"
        );
    }
}
