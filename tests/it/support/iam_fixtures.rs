//! Entities, documents and change helpers for tests that drive a backend.

use iamform::backend::{AwsBackend, Backend};
use iamform::diff::{AccountKey, Action, Change};
use iamform::model::{
    AccountConfig, AccountIam, Entity, EntityKind, EntityRef, Group, InstanceProfile,
    ManagedPolicy, PolicyDocument, Role, Tags, User,
};
use serde_json::json;

use super::moto;

/// A change to entity `name` of `kind` in `account`.
pub fn change(account: &AccountConfig, kind: EntityKind, name: &str, action: Action) -> Change {
    Change {
        account: AccountKey {
            partition: Default::default(),
            name: account.name.clone(),
            id: account.id.clone(),
        },
        target: EntityRef::new(kind, name),
        action,
    }
}

/// Executes one change and panics with the change and the error if it fails.
pub fn run(
    backend: &AwsBackend,
    account: &AccountConfig,
    kind: EntityKind,
    name: &str,
    action: Action,
) {
    let c = change(account, kind, name, action);
    backend
        .execute(&c)
        .unwrap_or_else(|e| panic!("{:?} on {} failed: {e}", c.action, c.target));
}

/// Creates `entity` bare.
pub fn create(backend: &AwsBackend, account: &AccountConfig, entity: Entity) {
    let r = entity.entity_ref();
    run(
        backend,
        account,
        r.kind,
        &r.name,
        Action::Create {
            entity: Box::new(entity),
        },
    );
}

/// Tags from pairs.
pub fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A policy allowing `action` on everything.
pub fn allow(action: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]
    }))
}

/// A trust policy for EC2.
pub fn ec2_trust() -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
    }))
}

/// A bare user at `/`.
pub fn user(name: &str) -> User {
    User {
        name: name.into(),
        path: "/".into(),
        tags: Tags::new(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: Default::default(),
    }
}

/// A bare group at `/`.
pub fn group(name: &str) -> Group {
    Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    }
}

/// A role under `/app/` trusted by EC2, with a description, 2 h sessions and a tag.
pub fn role(name: &str) -> Role {
    Role {
        name: name.into(),
        path: "/app/".into(),
        description: Some("web servers".into()),
        max_session_duration: 7200,
        trust_policy: ec2_trust(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: tags(&[("team", "web")]),
        meta: Default::default(),
    }
}

/// A customer-managed policy under `/iamform/` allowing `action`.
pub fn policy(name: &str, action: &str) -> ManagedPolicy {
    ManagedPolicy {
        name: name.into(),
        path: "/iamform/".into(),
        description: Some("made by a test".into()),
        document: allow(action),
        tags: Tags::new(),
        versions: Vec::new(),
        meta: Default::default(),
    }
}

/// An empty instance profile at `/`.
pub fn instance_profile(name: &str) -> InstanceProfile {
    InstanceProfile {
        name: name.into(),
        path: "/".into(),
        roles: Default::default(),
        tags: Tags::new(),
        meta: Default::default(),
    }
}

/// A fresh account and a backend that knows it (as `AwsOptions::accounts`).
pub fn fresh(endpoint: &str) -> (AccountConfig, AwsBackend) {
    let account = moto::fresh_account();
    let mut options = moto::options(endpoint);
    options.accounts.push(account.clone());
    (account, AwsBackend::new(options).expect("backend starts"))
}

/// Reads the account, panicking on failure.
pub fn read(backend: &AwsBackend, account: &AccountConfig) -> AccountIam {
    backend.read_account(account).expect("read account")
}
