//! Small builders for desired and actual states, and a compact text form of changes so
//! tests can assert whole change lists.

use std::collections::BTreeMap;

use serde_json::json;

use crate::diff::{Action, Change, DiffResult, compute};
use crate::model::{
    AccountConfig, AccountIam, DEFAULT_MAX_SESSION_DURATION, DesiredAccount, DesiredState,
    EntityMeta, Group, InstanceProfile, ManagedPolicy, PolicyDocument, Project, Role, Scope, User,
};

/// The account id every fixture uses for `prod`.
pub const PROD: &str = "111111111111";

/// An allow-`action`-on-everything document.
pub fn doc(action: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]
    }))
}

/// A trust policy naming the given AWS principal ARNs.
pub fn trust(principals: &[&str]) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}]
    }))
}

/// A service trust policy (no principal ARNs).
pub fn ec2_trust() -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }))
}

/// ARN of a customer policy at `/` in `prod`.
pub fn policy_arn(name: &str) -> String {
    crate::arn::iam_entity(crate::arn::Partition::Aws, PROD, "policy", "/", name)
}

/// A user at `/`.
pub fn user(name: &str) -> User {
    User {
        name: name.into(),
        path: "/".into(),
        tags: Default::default(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: EntityMeta::default(),
    }
}

/// A group at `/`.
pub fn group(name: &str) -> Group {
    Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: EntityMeta::default(),
    }
}

/// A role at `/` trusted by EC2.
pub fn role(name: &str) -> Role {
    Role {
        name: name.into(),
        path: "/".into(),
        description: None,
        max_session_duration: DEFAULT_MAX_SESSION_DURATION,
        trust_policy: ec2_trust(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: EntityMeta::default(),
    }
}

/// A customer-managed policy at `/` allowing `s3:GetObject`.
pub fn policy(name: &str) -> ManagedPolicy {
    ManagedPolicy {
        name: name.into(),
        path: "/".into(),
        description: None,
        document: doc("s3:GetObject"),
        tags: Default::default(),
        versions: Vec::new(),
        meta: EntityMeta::default(),
    }
}

/// An instance profile at `/` holding `roles`.
pub fn profile(name: &str, roles: &[&str]) -> InstanceProfile {
    InstanceProfile {
        name: name.into(),
        path: "/".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        tags: Default::default(),
        meta: EntityMeta::default(),
    }
}

/// A desired state with the given accounts (name → (id, iam)) and scope.
pub fn desired_accounts(accounts: Vec<(&str, &str, AccountIam)>, scope: Scope) -> DesiredState {
    let mut configs = BTreeMap::new();
    let mut desired = BTreeMap::new();
    for (name, id, iam) in accounts {
        let config = AccountConfig {
            partition: Default::default(),
            name: name.into(),
            id: id.into(),
            assume_role: None,
            profile: None,
        };
        configs.insert(name.to_string(), config.clone());
        desired.insert(
            name.to_string(),
            DesiredAccount {
                config,
                iam,
                origins: BTreeMap::new(),
                document_locations: BTreeMap::new(),
                external_policies: Vec::new(),
                identity_principals: Vec::new(),
            },
        );
    }
    DesiredState {
        project: Project {
            accounts: configs,
            scope,
            default_tags: Default::default(),
            organization: None,
            organization_unread: false,
        },
        accounts: desired,
        links: Vec::new(),
        expiries: Default::default(),
    }
}

/// A desired state of the single account `prod`.
pub fn desired_prod(iam: AccountIam, prune: bool) -> DesiredState {
    let scope = Scope {
        paths: vec!["/".into()],
        prune,
    };
    desired_accounts(vec![("prod", PROD, iam)], scope)
}

/// Diffs `desired` against `actual` in the single account `prod`.
pub fn diff_prod(desired: AccountIam, actual: AccountIam, prune: bool) -> DiffResult {
    let state = desired_prod(desired, prune);
    compute(&state, &BTreeMap::from([("prod".to_string(), actual)]))
}

/// An empty `prod` account.
pub fn prod() -> AccountIam {
    AccountIam::new(PROD)
}

/// `kind name: action subject`, e.g. `user alice: attach_policy arn:…`.
pub fn describe(change: &Change) -> String {
    let (label, subject) = match &change.action {
        Action::IdentityCenter(ic) => ("identity_center", ic.short()),
        Action::Create { .. } => ("create", String::new()),
        Action::Update { fields } => (
            "update",
            serde_json::to_value(fields)
                .map(|v| {
                    v.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|f| f["field"].as_str().map(str::to_string))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default(),
        ),
        Action::Replace { reason, .. } => ("replace", reason.clone()),
        Action::Delete { .. } => ("delete", String::new()),
        Action::AttachPolicy { policy_arn } => ("attach", policy_arn.clone()),
        Action::DetachPolicy { policy_arn } => ("detach", policy_arn.clone()),
        Action::PutInlinePolicy { policy_name, .. } => ("put_inline", policy_name.clone()),
        Action::DeleteInlinePolicy { policy_name, .. } => ("delete_inline", policy_name.clone()),
        Action::AddUserToGroup { group } => ("add_to_group", group.clone()),
        Action::RemoveUserFromGroup { group } => ("remove_from_group", group.clone()),
        Action::UpdateTrustPolicy { .. } => ("update_trust", String::new()),
        Action::UpdatePolicyDocument { .. } => ("update_document", String::new()),
        Action::PutPermissionsBoundary { after, .. } => ("put_boundary", after.clone()),
        Action::DeletePermissionsBoundary { before } => ("delete_boundary", before.clone()),
        Action::AddRoleToInstanceProfile { role } => ("add_role", role.clone()),
        Action::RemoveRoleFromInstanceProfile { role } => ("remove_role", role.clone()),
        Action::SetAccountAlias { after, .. } => ("set_alias", after.clone()),
        Action::SetPasswordPolicy { .. } => ("set_password_policy", String::new()),
        Action::CreateServiceLinkedRole { service } => ("create_slr", service.clone()),
        Action::DeleteServiceLinkedRole { role, .. } => ("delete_slr", role.clone()),
        Action::DeleteLoginProfile => ("delete_login_profile", String::new()),
        Action::DeleteAccessKey { key_id, .. } => ("delete_access_key", key_id.clone()),
    };
    let line = format!("{}: {label} {subject}", change.target);
    line.trim_end().to_string()
}

/// [`describe`] for every change.
pub fn described(result: &DiffResult) -> Vec<String> {
    result.changes.iter().map(describe).collect()
}
