//! One line beneath an entity in a rendered plan, and the lines each action produces.

use crate::diff::{Action, FieldChange};

use super::document_diff::{DiffLine, added_document, document_diff};
use super::entity_attributes::{created_details, replaced_details};
use super::marker::Marker;
use super::tag_changes::tag_changes;

/// A sub-change of an entity: `+ attach arn:…`, `~ trust policy` with its diff, …
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detail {
    /// Its symbol.
    pub(crate) marker: Marker,
    /// What happens, in words (raw: renderers escape it).
    pub(crate) text: String,
    /// A document diff shown beneath, if the change carries a document.
    pub(crate) document: Vec<DiffLine>,
}

impl Detail {
    /// A line without a document.
    pub(crate) fn line(marker: Marker, text: impl Into<String>) -> Detail {
        Detail {
            marker,
            text: text.into(),
            document: Vec::new(),
        }
    }

    /// A line followed by a document diff.
    pub(crate) fn with_document(
        marker: Marker,
        text: impl Into<String>,
        document: Vec<DiffLine>,
    ) -> Detail {
        Detail {
            marker,
            text: text.into(),
            document,
        }
    }
}

/// The lines an action shows beneath its entity. Create, delete and replace are the
/// entity's own headline; their lines are the attributes involved.
pub(crate) fn details_of(action: &Action) -> Vec<Detail> {
    let marker = Marker::from(action.class());
    match action {
        Action::Create { entity } => created_details(entity),
        Action::Delete { .. } => Vec::new(),
        Action::Replace { before, after, .. } => replaced_details(before, after),
        Action::Update { fields } => fields.iter().filter_map(field_detail).collect(),
        Action::AttachPolicy { policy_arn } => {
            vec![Detail::line(marker, format!("attach {policy_arn}"))]
        }
        Action::DetachPolicy { policy_arn } => {
            vec![Detail::line(marker, format!("detach {policy_arn}"))]
        }
        Action::PutInlinePolicy {
            policy_name,
            before,
            after,
        } => {
            let diff = match before {
                Some(before) => document_diff(&before.0, &after.0),
                None => added_document(&after.0),
            };
            vec![Detail::with_document(
                marker,
                format!("inline policy {policy_name}"),
                diff,
            )]
        }
        Action::DeleteInlinePolicy { policy_name, .. } => {
            vec![Detail::line(marker, format!("inline policy {policy_name}"))]
        }
        Action::AddUserToGroup { group } => {
            vec![Detail::line(marker, format!("add to group {group}"))]
        }
        Action::RemoveUserFromGroup { group } => {
            vec![Detail::line(marker, format!("remove from group {group}"))]
        }
        Action::UpdateTrustPolicy { before, after } => vec![Detail::with_document(
            marker,
            "trust policy",
            document_diff(&before.0, &after.0),
        )],
        Action::UpdatePolicyDocument { before, after } => vec![Detail::with_document(
            marker,
            "document (new default version)",
            document_diff(&before.0, &after.0),
        )],
        Action::PutPermissionsBoundary { before, after } => {
            vec![Detail::line(
                marker,
                format!(
                    "permissions boundary: {}",
                    from_to(before.as_deref(), after)
                ),
            )]
        }
        Action::DeletePermissionsBoundary { before } => {
            vec![Detail::line(
                marker,
                format!("permissions boundary: {before}"),
            )]
        }
        Action::AddRoleToInstanceProfile { role } => {
            vec![Detail::line(marker, format!("add role {role}"))]
        }
        Action::RemoveRoleFromInstanceProfile { role } => {
            vec![Detail::line(marker, format!("remove role {role}"))]
        }
        Action::CreateServiceLinkedRole { service } => {
            vec![Detail::line(
                marker,
                format!("service-linked role of {service}"),
            )]
        }
        Action::DeleteServiceLinkedRole { service, role } => {
            vec![Detail::line(
                marker,
                format!("service-linked role {role} of {service}"),
            )]
        }
        Action::SetAccountAlias { before, after } => {
            vec![Detail::line(
                marker,
                format!("alias: {}", from_to(before.as_deref(), after)),
            )]
        }
        Action::SetPasswordPolicy { before, after } => {
            // Both sides serialize: the policy is plain numbers and flags.
            let after_value = serde_json::to_value(after).unwrap_or_default();
            let diff = match before {
                Some(before) => document_diff(
                    &serde_json::to_value(before).unwrap_or_default(),
                    &after_value,
                ),
                None => added_document(&after_value),
            };
            vec![Detail::with_document(marker, "password policy", diff)]
        }
        Action::IdentityCenter(ic) => super::identity_center_detail::details(marker, ic),
        Action::DeleteLoginProfile => {
            vec![Detail::line(marker, "console password (login profile)")]
        }
        Action::DeleteAccessKey {
            key_id,
            status,
            created,
        } => {
            let created = created
                .as_deref()
                .map(|c| format!(", created {c}"))
                .unwrap_or_default();
            vec![Detail::line(
                marker,
                format!("access key {key_id} ({status}{created})"),
            )]
        }
    }
}

/// `new`, or `old -> new` when there was a value.
fn from_to(before: Option<&str>, after: &str) -> String {
    match before {
        Some(before) => format!("{before} -> {after}"),
        None => after.to_string(),
    }
}

fn field_detail(field: &FieldChange) -> Option<Detail> {
    let text = match field {
        FieldChange::Path { before, after } => format!("path: {before} -> {after}"),
        FieldChange::Description { before, after } => format!(
            "description: {} -> {}",
            before.as_deref().unwrap_or("(none)"),
            after.as_deref().unwrap_or("(none)")
        ),
        FieldChange::MaxSessionDuration { before, after } => {
            format!("max session duration: {before}s -> {after}s")
        }
        FieldChange::Tags { before, after } => {
            let changes = tag_changes(before, after);
            // A tag "change" that changes nothing is no line at all, not an empty one.
            if changes.is_empty() {
                return None;
            }
            format!("tags: {changes}")
        }
        FieldChange::ClientIds { before, after } => {
            format!("client ids: {}", set_changes(before, after))
        }
        FieldChange::Thumbprints { before, after } => {
            format!("thumbprints: {}", set_changes(before, after))
        }
        FieldChange::SamlMetadata { before, after } => match before {
            Some(before) => format!(
                "SAML metadata: {} -> {} characters",
                before.chars().count(),
                after.chars().count()
            ),
            None => format!("SAML metadata: {} characters", after.chars().count()),
        },
    };
    Some(Detail::line(Marker::Change, text))
}

/// `+ new, - gone` between two sets of strings.
fn set_changes(
    before: &std::collections::BTreeSet<String>,
    after: &std::collections::BTreeSet<String>,
) -> String {
    let added = after.difference(before).map(|v| format!("+ {v}"));
    let removed = before.difference(after).map(|v| format!("- {v}"));
    added.chain(removed).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PolicyDocument;
    use serde_json::json;

    #[test]
    fn each_line_uses_the_symbol_of_its_class() {
        let cases = [
            (
                Action::AttachPolicy {
                    policy_arn: "arn:p".into(),
                },
                "+ attach arn:p",
            ),
            (
                Action::DetachPolicy {
                    policy_arn: "arn:p".into(),
                },
                "- detach arn:p",
            ),
            (
                Action::RemoveUserFromGroup {
                    group: "admins".into(),
                },
                "- remove from group admins",
            ),
            (
                Action::PutPermissionsBoundary {
                    before: Some("arn:a".into()),
                    after: "arn:b".into(),
                },
                "~ permissions boundary: arn:a -> arn:b",
            ),
            (
                Action::SetAccountAlias {
                    before: None,
                    after: "acme".into(),
                },
                "+ alias: acme",
            ),
        ];
        for (action, expected) in cases {
            let details = details_of(&action);
            assert_eq!(details.len(), 1);
            assert_eq!(
                format!("{} {}", details[0].marker.symbol(), details[0].text),
                expected
            );
        }
    }

    #[test]
    fn new_inline_policy_shows_its_whole_document() {
        let action = Action::PutInlinePolicy {
            policy_name: "logs".into(),
            before: None,
            after: PolicyDocument(json!({"Version": "2012-10-17"})),
        };
        let details = details_of(&action);
        assert_eq!(details[0].marker, Marker::Add);
        assert_eq!(details[0].document.len(), 3);
    }

    #[test]
    fn empty_tag_change_produces_no_line() {
        let action = Action::Update {
            fields: vec![FieldChange::Tags {
                before: Default::default(),
                after: Default::default(),
            }],
        };
        assert!(details_of(&action).is_empty());
    }
}
