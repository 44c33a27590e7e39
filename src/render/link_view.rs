//! The "Links" part of a rendered plan: each cross-account link with changes, and the
//! changes of its two halves in words. Text and Markdown share it (raw: they escape).

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
            .map_or_else(|| format!("#{id}"), |c| format!("#{id} {:#}", c.change))
    };
    let lines = link
        .trust_changes
        .iter()
        .map(|id| ("trust", describe(id)))
        .chain(link.grant_changes.iter().map(|id| ("grant", describe(id))))
        .collect();
    LinkView { headline, lines }
}
