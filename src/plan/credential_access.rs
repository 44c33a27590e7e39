//! Removing a console password or an access key takes a way of signing in away from a
//! user: the plan's access section lists it as narrowing, beside any policy change.

use crate::access::AccessChange;
use crate::diff::Action;

use super::plan_document::PlannedChange;

/// Adds the users whose console password or access keys `changes` remove to `access`.
pub(super) fn add_credential_removals(changes: &[PlannedChange], access: &mut Vec<AccessChange>) {
    for planned in changes {
        let change = &planned.change;
        let removed = match &change.action {
            Action::DeleteLoginProfile => "console password".to_string(),
            Action::DeleteAccessKey { key_id, .. } => format!("access key {key_id}"),
            _ => continue,
        };
        let principal = change.target.to_string();
        let account = &change.account.name;
        let at = access
            .iter()
            .position(|a| &a.account == account && a.principal == principal);
        let entry = match at {
            Some(i) => &mut access[i],
            None => {
                access.push(AccessChange::new(account, principal));
                access.last_mut().expect("just pushed")
            }
        };
        entry.narrows = true;
        entry.sign_in_removed.push(removed);
    }
}
