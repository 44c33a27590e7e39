//! The "Links" part of a rendered plan: each cross-account link with changes, and the
//! changes of its two halves in words. Text and Markdown share it (raw: they escape).

use crate::diff::{Action, Change};
use crate::plan::{Plan, PlanLink};

/// One link and its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkView {
    /// `name: from → to role R`, with `(removed)` for a removed link.
    pub(crate) headline: String,
    /// `(half, description)`: half is `trust` or `grant`.
    pub(crate) lines: Vec<(&'static str, String)>,
}

/// The links of `plan`, in plan order.
pub(crate) fn link_views(plan: &Plan) -> Vec<LinkView> {
    plan.links.iter().map(|l| link_view(plan, l)).collect()
}

fn link_view(plan: &Plan, link: &PlanLink) -> LinkView {
    let removed = if link.removed { " (removed)" } else { "" };
    let headline = format!(
        "{}{removed}: {} → {} role {}",
        link.name, link.from_account, link.to_account, link.role
    );
    let describe = |id: &usize| {
        plan.changes
            .get(*id)
            .map_or_else(|| format!("#{id}"), |c| describe_change(*id, &c.change))
    };
    let lines = link
        .trust_changes
        .iter()
        .map(|id| ("trust", describe(id)))
        .chain(link.grant_changes.iter().map(|id| ("grant", describe(id))))
        .collect();
    LinkView { headline, lines }
}

/// `#4 prod: role admin: update trust policy`.
fn describe_change(id: usize, change: &Change) -> String {
    let what = match &change.action {
        Action::Create { .. } => "create".to_string(),
        Action::Replace { .. } => "replace".to_string(),
        Action::Delete { .. } => "delete".to_string(),
        Action::UpdateTrustPolicy { .. } => "update trust policy".to_string(),
        Action::PutInlinePolicy {
            policy_name,
            before: None,
            ..
        } => format!("add inline policy {policy_name}"),
        Action::PutInlinePolicy { policy_name, .. } => {
            format!("update inline policy {policy_name}")
        }
        Action::DeleteInlinePolicy { policy_name, .. } => {
            format!("delete inline policy {policy_name}")
        }
        other => format!("{:?}", other.class()).to_lowercase(),
    };
    format!("#{id} {}: {}: {what}", change.account.name, change.target)
}
