//! Entities and changes for the rule tests.

use serde_json::json;

use super::MemoryIam;
use crate::diff::{AccountKey, Action, Change};
use crate::model::{
    Entity, EntityKind, EntityRef, Group, InstanceProfile, ManagedPolicy, PolicyDocument, Role,
    User,
};

pub const ACCOUNT: &str = "123456789012";

pub fn user(name: &str) -> Entity {
    Entity::User(User {
        name: name.into(),
        path: "/".into(),
        tags: Default::default(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: Default::default(),
    })
}

pub fn group(name: &str) -> Entity {
    Entity::Group(Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    })
}

pub fn trust(principal: serde_json::Value) -> PolicyDocument {
    PolicyDocument(json!({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"sts:AssumeRole","Principal":principal}
    ]}))
}

pub fn role(name: &str) -> Entity {
    role_trusting(name, json!({"Service":"ec2.amazonaws.com"}))
}

pub fn role_trusting(name: &str, principal: serde_json::Value) -> Entity {
    Entity::Role(Role {
        name: name.into(),
        path: "/".into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: trust(principal),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    })
}

pub fn allow(action: &str) -> PolicyDocument {
    PolicyDocument(json!({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":action,"Resource":"*"}
    ]}))
}

pub fn policy(name: &str) -> Entity {
    Entity::Policy(ManagedPolicy {
        name: name.into(),
        path: "/".into(),
        description: None,
        document: allow("s3:GetObject"),
        tags: Default::default(),
        versions: Vec::new(),
        meta: Default::default(),
    })
}

pub fn profile(name: &str) -> Entity {
    Entity::InstanceProfile(InstanceProfile {
        name: name.into(),
        path: "/".into(),
        roles: Default::default(),
        tags: Default::default(),
        meta: Default::default(),
    })
}

pub fn policy_arn(name: &str) -> String {
    format!("arn:aws:iam::{ACCOUNT}:policy/{name}")
}

pub fn on(kind: EntityKind, name: &str, action: Action) -> Change {
    Change {
        account: AccountKey {
            partition: Default::default(),
            name: "prod".into(),
            id: ACCOUNT.into(),
        },
        target: EntityRef::new(kind, name),
        action,
    }
}

pub fn create(entity: Entity) -> Change {
    let target = entity.entity_ref();
    on(
        target.kind,
        &target.name,
        Action::Create {
            entity: Box::new(entity),
        },
    )
}

pub fn delete(entity: Entity) -> Change {
    let target = entity.entity_ref();
    on(
        target.kind,
        &target.name,
        Action::Delete {
            entity: Box::new(entity),
        },
    )
}

/// A store holding the entities, created through the rules.
pub fn iam_with(entities: Vec<Entity>) -> MemoryIam {
    let mut iam = MemoryIam::with_seed(1);
    for entity in entities {
        iam.apply(&create(entity)).expect("sample entity is valid");
    }
    iam
}

pub fn apply_all(iam: &mut MemoryIam, changes: &[Change]) {
    for change in changes {
        iam.apply(change)
            .unwrap_or_else(|e| panic!("{change:?}: {e}"));
    }
}
