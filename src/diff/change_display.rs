//! A change in words, on one line: the one way changes are described to people (apply
//! progress, `iamform graph` labels, ordering errors, the links of a rendered plan).
//!
//! `{}` is a sentence with the account first: `[prod] attach arn:… to role deploy`.
//! `{:#}` is the short form that names the entity first and the action after it:
//! `prod: role deploy: attach arn:…` (no replace reason; account settings by their noun).

use std::fmt;

use super::change::{Action, Change, FieldChange};
use crate::model::EntityKind;

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "{}: ", self.account.name)?;
            // The account-wide entity has no name of its own worth showing.
            match self.target.kind {
                EntityKind::AccountSettings => f.write_str(self.target.kind.noun())?,
                _ => write!(f, "{}", self.target)?,
            }
            write!(f, ": {}", short(&self.action))
        } else {
            write!(f, "[{}] {}", self.account.name, sentence(self))
        }
    }
}

/// `attach arn:… to role deploy`: the action with its target in place.
fn sentence(change: &Change) -> String {
    let t = &change.target;
    match &change.action {
        Action::Create { .. } => format!("create {t}"),
        Action::Update { fields } => format!("update {t} ({})", field_names(fields)),
        Action::Replace { reason, .. } => format!("replace {t} ({reason})"),
        Action::Delete { .. } => format!("delete {t}"),
        Action::AttachPolicy { policy_arn } => format!("attach {policy_arn} to {t}"),
        Action::DetachPolicy { policy_arn } => format!("detach {policy_arn} from {t}"),
        Action::PutInlinePolicy {
            policy_name,
            before: None,
            ..
        } => format!("add inline policy {policy_name} to {t}"),
        Action::PutInlinePolicy { policy_name, .. } => {
            format!("update inline policy {policy_name} of {t}")
        }
        Action::DeleteInlinePolicy { policy_name, .. } => {
            format!("delete inline policy {policy_name} from {t}")
        }
        Action::AddUserToGroup { group } => format!("add {t} to group {group}"),
        Action::RemoveUserFromGroup { group } => format!("remove {t} from group {group}"),
        Action::UpdateTrustPolicy { .. } => format!("update trust policy of {t}"),
        Action::UpdatePolicyDocument { .. } => format!("update document of {t}"),
        Action::PutPermissionsBoundary { after, .. } => {
            format!("set permissions boundary of {t} to {after}")
        }
        Action::DeletePermissionsBoundary { .. } => format!("remove permissions boundary of {t}"),
        Action::AddRoleToInstanceProfile { role } => format!("add role {role} to {t}"),
        Action::RemoveRoleFromInstanceProfile { role } => format!("remove role {role} from {t}"),
        // The target is the account itself, which the sentence already names.
        Action::SetAccountAlias { after, .. } => format!("set account alias to {after}"),
        Action::SetPasswordPolicy { .. } => "set password policy".to_string(),
        Action::IdentityCenter(ic) => ic.sentence(&t.name),
        Action::CreateServiceLinkedRole { service } => {
            format!("create the service-linked role of {service}")
        }
        Action::DeleteServiceLinkedRole { role, .. } => {
            format!("delete service-linked role {role}")
        }
        Action::DeleteLoginProfile => format!("remove the console password of {t}"),
        Action::DeleteAccessKey { key_id, .. } => format!("delete access key {key_id} of {t}"),
    }
}

/// `attach arn:…`: the action alone, for a line that names the target before it.
fn short(action: &Action) -> String {
    match action {
        Action::Create { .. } => "create".to_string(),
        Action::Update { fields } => format!("update {}", field_names(fields)),
        Action::Replace { .. } => "replace".to_string(),
        Action::Delete { .. } => "delete".to_string(),
        Action::AttachPolicy { policy_arn } => format!("attach {policy_arn}"),
        Action::DetachPolicy { policy_arn } => format!("detach {policy_arn}"),
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
        Action::AddUserToGroup { group } => format!("add to group {group}"),
        Action::RemoveUserFromGroup { group } => format!("remove from group {group}"),
        Action::UpdateTrustPolicy { .. } => "update trust policy".to_string(),
        Action::UpdatePolicyDocument { .. } => "update document".to_string(),
        Action::PutPermissionsBoundary { after, .. } => {
            format!("set permissions boundary to {after}")
        }
        Action::DeletePermissionsBoundary { .. } => "remove permissions boundary".to_string(),
        Action::AddRoleToInstanceProfile { role } => format!("add role {role}"),
        Action::RemoveRoleFromInstanceProfile { role } => format!("remove role {role}"),
        Action::SetAccountAlias { after, .. } => format!("set account alias to {after}"),
        Action::SetPasswordPolicy { .. } => "set password policy".to_string(),
        Action::IdentityCenter(ic) => ic.short(),
        Action::CreateServiceLinkedRole { service } => {
            format!("create the service-linked role of {service}")
        }
        Action::DeleteServiceLinkedRole { role, .. } => {
            format!("delete service-linked role {role}")
        }
        Action::DeleteLoginProfile => "remove console password".to_string(),
        Action::DeleteAccessKey { key_id, .. } => format!("delete access key {key_id}"),
    }
}

/// `path, tags`: which fields an update changes.
fn field_names(fields: &[FieldChange]) -> String {
    let names: Vec<&str> = fields
        .iter()
        .map(|f| match f {
            FieldChange::Path { .. } => "path",
            FieldChange::Description { .. } => "description",
            FieldChange::MaxSessionDuration { .. } => "max session duration",
            FieldChange::Tags { .. } => "tags",
            FieldChange::ClientIds { .. } => "client ids",
            FieldChange::Thumbprints { .. } => "thumbprints",
            FieldChange::SamlMetadata { .. } => "SAML metadata",
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::AccountKey;
    use crate::diff::tests::fixtures::{role, user};
    use crate::model::{Entity, EntityKind, EntityRef, PasswordPolicy, PolicyDocument};

    const ARN: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    fn change(kind: EntityKind, name: &str, action: Action) -> Change {
        Change {
            account: AccountKey {
                partition: Default::default(),
                name: "prod".into(),
                id: "111111111111".into(),
            },
            target: EntityRef::new(kind, name),
            action,
        }
    }

    fn doc() -> PolicyDocument {
        PolicyDocument(json!({"Version": "2012-10-17", "Statement": []}))
    }

    /// Every action, as (change, sentence, short form).
    fn every_action() -> Vec<(Change, &'static str, &'static str)> {
        use EntityKind::{AccountSettings, Group, InstanceProfile, Policy, Role, User};
        let user_entity = || Box::new(Entity::User(user("alice")));
        vec![
            (
                change(
                    User,
                    "alice",
                    Action::Create {
                        entity: user_entity(),
                    },
                ),
                "[prod] create user alice",
                "prod: user alice: create",
            ),
            (
                change(
                    Role,
                    "api",
                    Action::Update {
                        fields: vec![
                            FieldChange::Path {
                                before: "/".into(),
                                after: "/a/".into(),
                            },
                            FieldChange::Description {
                                before: None,
                                after: Some("d".into()),
                            },
                            FieldChange::MaxSessionDuration {
                                before: 3600,
                                after: 7200,
                            },
                            FieldChange::Tags {
                                before: Default::default(),
                                after: Default::default(),
                            },
                        ],
                    },
                ),
                "[prod] update role api (path, description, max session duration, tags)",
                "prod: role api: update path, description, max session duration, tags",
            ),
            (
                change(
                    Role,
                    "api",
                    Action::Replace {
                        reason: "path changes from / to /a/".into(),
                        before: Box::new(Entity::Role(role("api"))),
                        after: Box::new(Entity::Role(role("api"))),
                    },
                ),
                "[prod] replace role api (path changes from / to /a/)",
                "prod: role api: replace",
            ),
            (
                change(
                    User,
                    "alice",
                    Action::Delete {
                        entity: user_entity(),
                    },
                ),
                "[prod] delete user alice",
                "prod: user alice: delete",
            ),
            (
                change(
                    Role,
                    "api",
                    Action::AttachPolicy {
                        policy_arn: ARN.into(),
                    },
                ),
                "[prod] attach arn:aws:iam::aws:policy/ReadOnlyAccess to role api",
                "prod: role api: attach arn:aws:iam::aws:policy/ReadOnlyAccess",
            ),
            (
                change(
                    Role,
                    "api",
                    Action::DetachPolicy {
                        policy_arn: ARN.into(),
                    },
                ),
                "[prod] detach arn:aws:iam::aws:policy/ReadOnlyAccess from role api",
                "prod: role api: detach arn:aws:iam::aws:policy/ReadOnlyAccess",
            ),
            (
                change(
                    Group,
                    "devs",
                    Action::PutInlinePolicy {
                        policy_name: "read".into(),
                        before: None,
                        after: doc(),
                    },
                ),
                "[prod] add inline policy read to group devs",
                "prod: group devs: add inline policy read",
            ),
            (
                change(
                    Group,
                    "devs",
                    Action::PutInlinePolicy {
                        policy_name: "read".into(),
                        before: Some(doc()),
                        after: doc(),
                    },
                ),
                "[prod] update inline policy read of group devs",
                "prod: group devs: update inline policy read",
            ),
            (
                change(
                    Group,
                    "devs",
                    Action::DeleteInlinePolicy {
                        policy_name: "read".into(),
                        before: doc(),
                    },
                ),
                "[prod] delete inline policy read from group devs",
                "prod: group devs: delete inline policy read",
            ),
            (
                change(
                    User,
                    "alice",
                    Action::AddUserToGroup {
                        group: "devs".into(),
                    },
                ),
                "[prod] add user alice to group devs",
                "prod: user alice: add to group devs",
            ),
            (
                change(
                    User,
                    "alice",
                    Action::RemoveUserFromGroup {
                        group: "devs".into(),
                    },
                ),
                "[prod] remove user alice from group devs",
                "prod: user alice: remove from group devs",
            ),
            (
                change(
                    Role,
                    "api",
                    Action::UpdateTrustPolicy {
                        before: doc(),
                        after: doc(),
                    },
                ),
                "[prod] update trust policy of role api",
                "prod: role api: update trust policy",
            ),
            (
                change(
                    Policy,
                    "read",
                    Action::UpdatePolicyDocument {
                        before: doc(),
                        after: doc(),
                    },
                ),
                "[prod] update document of policy read",
                "prod: policy read: update document",
            ),
            (
                change(
                    User,
                    "alice",
                    Action::PutPermissionsBoundary {
                        before: None,
                        after: ARN.into(),
                    },
                ),
                "[prod] set permissions boundary of user alice to \
                 arn:aws:iam::aws:policy/ReadOnlyAccess",
                "prod: user alice: set permissions boundary to \
                 arn:aws:iam::aws:policy/ReadOnlyAccess",
            ),
            (
                change(
                    User,
                    "alice",
                    Action::DeletePermissionsBoundary { before: ARN.into() },
                ),
                "[prod] remove permissions boundary of user alice",
                "prod: user alice: remove permissions boundary",
            ),
            (
                change(
                    InstanceProfile,
                    "web",
                    Action::AddRoleToInstanceProfile { role: "api".into() },
                ),
                "[prod] add role api to instance profile web",
                "prod: instance profile web: add role api",
            ),
            (
                change(
                    InstanceProfile,
                    "web",
                    Action::RemoveRoleFromInstanceProfile { role: "api".into() },
                ),
                "[prod] remove role api from instance profile web",
                "prod: instance profile web: remove role api",
            ),
            (
                change(
                    AccountSettings,
                    crate::diff::ACCOUNT_SETTINGS_NAME,
                    Action::SetAccountAlias {
                        before: None,
                        after: "acme-prod".into(),
                    },
                ),
                "[prod] set account alias to acme-prod",
                "prod: account settings: set account alias to acme-prod",
            ),
            (
                change(
                    AccountSettings,
                    crate::diff::ACCOUNT_SETTINGS_NAME,
                    Action::SetPasswordPolicy {
                        before: None,
                        after: serde_json::from_value::<PasswordPolicy>(
                            json!({"minimum_password_length": 14}),
                        )
                        .unwrap(),
                    },
                ),
                "[prod] set password policy",
                "prod: account settings: set password policy",
            ),
        ]
    }

    #[test]
    fn every_action_reads_as_a_sentence_and_in_short() {
        for (change, sentence, short) in every_action() {
            assert_eq!(change.to_string(), sentence);
            assert_eq!(format!("{change:#}"), short);
        }
    }
}
