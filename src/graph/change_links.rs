//! What each change brings into existence, removes, needs, and stops needing: the raw
//! material of the change graph's edges.

use std::collections::BTreeSet;

use super::trusted_principals::trust_dependencies;
use crate::arn;
use crate::diff::{AccountKey, Action, Change, IcAction};
use serde_json::Value;

use crate::model::{Entity, EntityKind, EntityRef, LINK_GRANT_PREFIX, PolicyDocument};

/// Something a change can depend on: an entity of an account, or anything named by ARN
/// (policies attached by ARN, principals named in trust policies, across accounts).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Resource {
    /// An entity, by account id.
    Entity(String, EntityRef),
    /// An ARN.
    Arn(String),
}

/// The resources one change creates, deletes, uses and releases.
#[derive(Debug, Default)]
pub(super) struct ChangeLinks {
    /// Exist after the change (create, and the create half of a replace).
    pub creates: Vec<Resource>,
    /// Gone after the change (delete, and the delete half of a replace).
    pub deletes: Vec<Resource>,
    /// Must exist when the change runs.
    pub uses: Vec<Resource>,
    /// No longer referenced after the change, so a delete of them must wait for it.
    pub releases: Vec<Resource>,
}

/// The ARN an entity has in `account`.
pub(super) fn entity_arn(account: &AccountKey, entity: &Entity) -> String {
    let meta_arn = match entity {
        Entity::User(e) => e.meta.arn.as_ref(),
        Entity::Group(e) => e.meta.arn.as_ref(),
        Entity::Role(e) => e.meta.arn.as_ref(),
        Entity::Policy(e) => e.meta.arn.as_ref(),
        Entity::InstanceProfile(e) => e.meta.arn.as_ref(),
        Entity::OidcProvider(e) => e.meta.arn.as_ref(),
        Entity::SamlProvider(e) => e.meta.arn.as_ref(),
    };
    let r = entity.entity_ref();
    meta_arn.cloned().unwrap_or_else(|| {
        let kind = r.kind.arn_type();
        arn::iam_entity(account.partition, &account.id, kind, entity.path(), &r.name)
    })
}

/// Boundary and trusted principals an entity needs when it is created.
fn create_needs(entity: &Entity) -> Vec<Resource> {
    let (boundary, trusted) = match entity {
        Entity::User(u) => (u.permissions_boundary.as_ref(), BTreeSet::new()),
        Entity::Role(r) => (
            r.permissions_boundary.as_ref(),
            trust_dependencies(&r.trust_policy),
        ),
        _ => (None, BTreeSet::new()),
    };
    boundary
        .cloned()
        .into_iter()
        .chain(trusted)
        .map(Resource::Arn)
        .collect()
}

/// The roles a link grant (`iamform-link-…`) lets its holder assume: its `Resource`s.
/// The grant is written after the role exists and removed before the role is deleted,
/// the reverse of each other, even across accounts.
fn link_grant_roles<'d>(
    policy_name: &str,
    document: &'d PolicyDocument,
) -> impl Iterator<Item = String> + 'd {
    let is_grant = policy_name.starts_with(LINK_GRANT_PREFIX);
    let statements: Vec<&Value> = match document.0.get("Statement") {
        Some(Value::Array(items)) if is_grant => items.iter().collect(),
        Some(one @ Value::Object(_)) if is_grant => vec![one],
        _ => Vec::new(),
    };
    statements
        .into_iter()
        .filter_map(|s| s.get("Resource"))
        .flat_map(|r| match r {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        })
        .filter_map(Value::as_str)
        .filter(|r| r.starts_with("arn:") && r.contains(":role/"))
        .map(str::to_string)
}

/// The links of one change.
pub(super) fn change_links(change: &Change) -> ChangeLinks {
    let id = &change.account.id;
    let target = Resource::Entity(id.clone(), change.target.clone());
    let other =
        |kind, name: &String| Resource::Entity(id.clone(), EntityRef::new(kind, name.clone()));
    let arn = |a: &String| Resource::Arn(a.clone());
    let mut links = ChangeLinks::default();
    match &change.action {
        Action::Create { entity } => {
            links.creates = vec![target, Resource::Arn(entity_arn(&change.account, entity))];
            links.uses = create_needs(entity);
        }
        Action::Replace { before, after, .. } => {
            let account = &change.account;
            links.deletes = vec![target.clone(), Resource::Arn(entity_arn(account, before))];
            links.creates = vec![target, Resource::Arn(entity_arn(account, after))];
            links.uses = create_needs(after);
        }
        Action::Delete { entity } => {
            links.deletes = vec![target, Resource::Arn(entity_arn(&change.account, entity))];
            // A principal goes before the policy that bounds it.
            let boundary = match entity.as_ref() {
                Entity::User(u) => u.permissions_boundary.as_ref(),
                Entity::Role(r) => r.permissions_boundary.as_ref(),
                _ => None,
            };
            links.releases = boundary.map(arn).into_iter().collect();
        }
        Action::PutInlinePolicy {
            policy_name, after, ..
        } => {
            links.uses = std::iter::once(target)
                .chain(link_grant_roles(policy_name, after).map(Resource::Arn))
                .collect();
        }
        Action::DeleteInlinePolicy {
            policy_name,
            before,
        } => {
            links.releases = std::iter::once(target)
                .chain(link_grant_roles(policy_name, before).map(Resource::Arn))
                .collect();
        }
        Action::Update { .. } | Action::UpdatePolicyDocument { .. } => links.uses = vec![target],
        Action::DeleteLoginProfile | Action::DeleteAccessKey { .. } => {
            links.releases = vec![target];
        }
        Action::AttachPolicy { policy_arn } => links.uses = vec![target, arn(policy_arn)],
        Action::DetachPolicy { policy_arn } => links.releases = vec![target, arn(policy_arn)],
        Action::AddUserToGroup { group } => {
            links.uses = vec![target, other(EntityKind::Group, group)];
        }
        Action::RemoveUserFromGroup { group } => {
            links.releases = vec![target, other(EntityKind::Group, group)];
        }
        Action::AddRoleToInstanceProfile { role } => {
            links.uses = vec![target, other(EntityKind::Role, role)];
        }
        Action::RemoveRoleFromInstanceProfile { role } => {
            links.releases = vec![target, other(EntityKind::Role, role)];
        }
        Action::UpdateTrustPolicy { before, after } => {
            let (was, now) = (trust_dependencies(before), trust_dependencies(after));
            links.uses = std::iter::once(target).chain(now.iter().map(arn)).collect();
            links.releases = was.difference(&now).map(arn).collect();
        }
        Action::PutPermissionsBoundary { before, after } => {
            links.uses = vec![target, arn(after)];
            links.releases = before.iter().filter(|b| *b != after).map(arn).collect();
        }
        Action::DeletePermissionsBoundary { before } => {
            links.releases = vec![target, arn(before)];
        }
        Action::IdentityCenter(ic) => identity_center_links(&mut links, id, target, ic),
        // Nothing in a plan refers to a service-linked role: AWS names and manages it.
        Action::SetAccountAlias { .. }
        | Action::SetPasswordPolicy { .. }
        | Action::CreateServiceLinkedRole { .. }
        | Action::DeleteServiceLinkedRole { .. } => {}
    }
    links
}

/// A permission set is created before anything else touches it and deleted last; its
/// assignments and provisioning wait for every change of its contents (the policies an
/// account receives are those it has when provisioned).
fn identity_center_links(links: &mut ChangeLinks, id: &str, target: Resource, ic: &IcAction) {
    let Resource::Entity(_, set) = &target else {
        return;
    };
    let contents = Resource::Arn(format!("identity-center:{id}:{}:contents", set.name));
    match ic {
        IcAction::CreatePermissionSet { .. } => links.creates = vec![target],
        IcAction::DeletePermissionSet { .. } => links.deletes = vec![target],
        IcAction::CreateAssignment { .. } | IcAction::Provision { .. } => {
            links.uses = vec![target, contents];
        }
        IcAction::DeleteAssignment { .. } => links.releases = vec![target],
        _ if ic.changes_contents() => {
            links.uses = vec![target.clone()];
            links.creates = vec![contents];
        }
        _ => links.uses = vec![target],
    }
}
