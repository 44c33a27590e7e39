//! The lines an Identity Center change shows beneath its permission set; assignments
//! name their account, so the plan reads as who gets what where.

use super::detail::Detail;
use super::document_diff::{added_document, document_diff};
use super::marker::Marker;
use super::tag_changes::tag_changes;
use crate::diff::{AccountLabel, IcAction};
use crate::model::{Assignment, Boundary, PermissionSet};

/// Detail lines of one Identity Center change.
pub(crate) fn details(marker: Marker, action: &IcAction) -> Vec<Detail> {
    let line = |text: String| vec![Detail::line(marker, text)];
    match action {
        IcAction::CreatePermissionSet { permission_set } => {
            let mut lines = settings(marker, None, permission_set);
            if !permission_set.tags.is_empty() {
                let tags = tag_changes(&Default::default(), &permission_set.tags);
                lines.push(Detail::line(marker, format!("tags: {tags}")));
            }
            lines
        }
        IcAction::UpdatePermissionSet { before, after } => settings(marker, Some(before), after),
        IcAction::SetTags { before, after } => {
            line(format!("tags: {}", tag_changes(before, after)))
        }
        IcAction::DeletePermissionSet { .. } => Vec::new(),
        IcAction::AttachManagedPolicy { policy_arn } => line(format!("attach {policy_arn}")),
        IcAction::DetachManagedPolicy { policy_arn } => line(format!("detach {policy_arn}")),
        IcAction::AttachCustomerPolicy { policy } => line(format!(
            "attach customer-managed policy {}{}",
            policy.path, policy.name
        )),
        IcAction::DetachCustomerPolicy { policy } => line(format!(
            "detach customer-managed policy {}{}",
            policy.path, policy.name
        )),
        IcAction::PutInlinePolicy { before, after } => {
            let diff = match before {
                Some(before) => document_diff(&before.0, &after.0),
                None => added_document(&after.0),
            };
            vec![Detail::with_document(marker, "inline policy", diff)]
        }
        IcAction::DeleteInlinePolicy { .. } => line("inline policy".into()),
        IcAction::PutBoundary { before, after } => line(format!(
            "permissions boundary: {}{}",
            before
                .as_ref()
                .map_or(String::new(), |b| format!("{} -> ", boundary(b))),
            boundary(after)
        )),
        IcAction::DeleteBoundary { before } => {
            line(format!("permissions boundary {}", boundary(before)))
        }
        IcAction::CreateAssignment {
            assignment,
            account_name,
        } => line(format!("assign {}", who_where(assignment, account_name))),
        IcAction::DeleteAssignment {
            assignment,
            account_name,
        } => line(format!("unassign {}", who_where(assignment, account_name))),
        IcAction::Provision { accounts } => line(format!(
            "provision to {}",
            accounts
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn who_where(a: &Assignment, account_name: &str) -> String {
    let account = AccountLabel {
        name: account_name.to_string(),
        id: a.account_id.clone(),
    };
    format!("{} {} in {account}", a.principal_type.noun(), a.principal)
}

fn boundary(b: &Boundary) -> String {
    match b {
        Boundary::ManagedPolicyArn(arn) => arn.clone(),
        Boundary::CustomerManaged(p) => format!("customer-managed {}{}", p.path, p.name),
    }
}

/// Description, session duration and relay state: all of them for a new permission set,
/// those that differ for an update.
fn settings(marker: Marker, before: Option<&PermissionSet>, after: &PermissionSet) -> Vec<Detail> {
    let none = || "(none)".to_string();
    let fields: [(&str, Option<String>, String); 3] = [
        (
            "description",
            before.map(|b| b.description.clone().unwrap_or_else(none)),
            after.description.clone().unwrap_or_else(none),
        ),
        (
            "session duration",
            before.map(|b| b.session_duration.clone()),
            after.session_duration.clone(),
        ),
        (
            "relay state",
            before.map(|b| b.relay_state.clone().unwrap_or_else(none)),
            after.relay_state.clone().unwrap_or_else(none),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, was, now)| was.as_ref() != Some(now))
        .filter(|(_, was, now)| was.is_some() || now != "(none)")
        .map(|(name, was, now)| {
            let text = match was {
                Some(was) => format!("{name}: {was} -> {now}"),
                None => format!("{name}: {now}"),
            };
            Detail::line(marker, text)
        })
        .collect()
}
