//! An account after some of a plan's changes, as the model sees it: what a targeted
//! plan's access section compares with the account as read, since the manifests would
//! show access the targeted plan does not give (a policy attached to a group created
//! bare, say).
//!
//! Unlike the fake backend's in-memory IAM, nothing is checked: the changes come from a
//! diff of this very account in an order that works, and a change whose entity is not
//! there changes nothing. Only what decides access needs to be exact; tags and paths
//! follow too, so the result reads like the account.

use super::PlannedChange;
use crate::diff::{Action, Change, FieldChange};
use crate::model::{
    AccountIam, DesiredState, Entity, EntityKind, EntityRef, PolicyDocument, Tags,
    is_aws_reserved_tag_key,
};
use std::collections::{BTreeMap, BTreeSet};

/// `before` with `changes` applied in order.
pub(crate) fn state_after<'c>(
    before: &AccountIam,
    changes: impl IntoIterator<Item = &'c Change>,
) -> AccountIam {
    let mut account = before.clone();
    for change in changes {
        apply(&mut account, change);
    }
    account
}

/// Every account of `desired` after those of `changes` that land in it (an account not
/// read starts empty), by account name: what the access section of a plan that leaves
/// changes out (targeted, or held back) compares the accounts as read with.
pub(crate) fn accounts_after(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    changes: &[PlannedChange],
) -> BTreeMap<String, AccountIam> {
    desired
        .accounts
        .iter()
        .map(|(name, account)| {
            let empty = AccountIam::new(account.config.id.clone());
            let read = actual.get(name).unwrap_or(&empty);
            let own = changes
                .iter()
                .map(|c| &c.change)
                .filter(|c| &c.account.name == name);
            (name.clone(), state_after(read, own))
        })
        .collect()
}

fn apply(account: &mut AccountIam, change: &Change) {
    let target = &change.target;
    match &change.action {
        Action::Create { entity } => insert(account, entity),
        Action::Replace { after, .. } => {
            remove(account, target);
            insert(account, after);
        }
        Action::Delete { .. } => remove(account, target),
        Action::Update { fields } => {
            for field in fields {
                update(account, target, field);
            }
        }
        Action::AttachPolicy { policy_arn } => {
            if let Some(parts) = parts(account, target) {
                parts.managed.insert(policy_arn.clone());
            }
        }
        Action::DetachPolicy { policy_arn } => {
            if let Some(parts) = parts(account, target) {
                parts.managed.remove(policy_arn);
            }
        }
        Action::PutInlinePolicy {
            policy_name, after, ..
        } => {
            if let Some(parts) = parts(account, target) {
                parts.inline.insert(policy_name.clone(), after.clone());
            }
        }
        Action::DeleteInlinePolicy { policy_name, .. } => {
            if let Some(parts) = parts(account, target) {
                parts.inline.remove(policy_name);
            }
        }
        Action::PutPermissionsBoundary { after, .. } => {
            if let Some(boundary) = parts(account, target).and_then(|p| p.boundary) {
                *boundary = Some(after.clone());
            }
        }
        Action::DeletePermissionsBoundary { .. } => {
            if let Some(boundary) = parts(account, target).and_then(|p| p.boundary) {
                *boundary = None;
            }
        }
        Action::AddUserToGroup { group } => {
            if let Some(user) = account.users.get_mut(&target.name) {
                user.groups.insert(group.clone());
            }
        }
        Action::RemoveUserFromGroup { group } => {
            if let Some(user) = account.users.get_mut(&target.name) {
                user.groups.remove(group);
            }
        }
        Action::AddRoleToInstanceProfile { role } => {
            if let Some(profile) = account.instance_profiles.get_mut(&target.name) {
                profile.roles.insert(role.clone());
            }
        }
        Action::RemoveRoleFromInstanceProfile { role } => {
            if let Some(profile) = account.instance_profiles.get_mut(&target.name) {
                profile.roles.remove(role);
            }
        }
        Action::UpdateTrustPolicy { after, .. } => {
            if let Some(role) = account.roles.get_mut(&target.name) {
                role.trust_policy = after.clone();
            }
        }
        Action::UpdatePolicyDocument { after, .. } => {
            if let Some(policy) = account.policies.get_mut(&target.name) {
                policy.document = after.clone();
            }
        }
        Action::SetAccountAlias { after, .. } => account.settings.alias = Some(after.clone()),
        // AWS defines what a service-linked role may do; the access section leaves it out.
        Action::CreateServiceLinkedRole { .. } => {}
        Action::DeleteServiceLinkedRole { role, .. } => drop(account.roles.remove(role)),
        Action::SetPasswordPolicy { after, .. } => {
            account.settings.password_policy = Some(after.clone());
        }
        Action::IdentityCenter(ic) => {
            let held = account.identity_center.get_or_insert_with(Default::default);
            ic.apply_to(&target.name, held);
        }
        Action::DeleteLoginProfile => {
            if let Some(c) = user_credentials(account, target) {
                c.login_profile = false;
            }
        }
        Action::DeleteAccessKey { key_id, .. } => {
            if let Some(c) = user_credentials(account, target) {
                c.access_keys.retain(|k| &k.id != key_id);
            }
        }
    }
}

fn user_credentials<'a>(
    account: &'a mut AccountIam,
    target: &EntityRef,
) -> Option<&'a mut crate::model::UserCredentials> {
    account
        .users
        .get_mut(&target.name)
        .and_then(|u| u.credential_state.as_mut())
}

fn insert(account: &mut AccountIam, entity: &Entity) {
    match entity.clone() {
        Entity::User(e) => {
            account.users.insert(e.name.clone(), e);
        }
        Entity::Group(e) => {
            account.groups.insert(e.name.clone(), e);
        }
        Entity::Role(e) => {
            account.roles.insert(e.name.clone(), e);
        }
        Entity::Policy(e) => {
            account.policies.insert(e.name.clone(), e);
        }
        Entity::InstanceProfile(e) => {
            account.instance_profiles.insert(e.name.clone(), e);
        }
        Entity::OidcProvider(e) => {
            account.oidc_providers.insert(e.url.clone(), e);
        }
        Entity::SamlProvider(e) => {
            account.saml_providers.insert(e.name.clone(), e);
        }
    }
}

fn remove(account: &mut AccountIam, target: &EntityRef) {
    let name = &target.name;
    match target.kind {
        EntityKind::User => drop(account.users.remove(name)),
        EntityKind::Group => drop(account.groups.remove(name)),
        EntityKind::Role => drop(account.roles.remove(name)),
        EntityKind::Policy => drop(account.policies.remove(name)),
        EntityKind::InstanceProfile => drop(account.instance_profiles.remove(name)),
        EntityKind::OidcProvider => drop(account.oidc_providers.remove(name)),
        EntityKind::SamlProvider => drop(account.saml_providers.remove(name)),
        EntityKind::AccountSettings | EntityKind::PermissionSet => {}
    }
}

fn update(account: &mut AccountIam, target: &EntityRef, field: &FieldChange) {
    let name = &target.name;
    match (field, target.kind) {
        (FieldChange::Path { after, .. }, EntityKind::User) => {
            if let Some(user) = account.users.get_mut(name) {
                user.path = after.clone();
            }
        }
        (FieldChange::Path { after, .. }, EntityKind::Group) => {
            if let Some(group) = account.groups.get_mut(name) {
                group.path = after.clone();
            }
        }
        (FieldChange::Description { after, .. }, EntityKind::Role) => {
            if let Some(role) = account.roles.get_mut(name) {
                role.description = after.clone();
            }
        }
        (FieldChange::MaxSessionDuration { after, .. }, EntityKind::Role) => {
            if let Some(role) = account.roles.get_mut(name) {
                role.max_session_duration = *after;
            }
        }
        (FieldChange::Tags { after, .. }, kind) => {
            let tags = match kind {
                EntityKind::User => account.users.get_mut(name).map(|e| &mut e.tags),
                EntityKind::Role => account.roles.get_mut(name).map(|e| &mut e.tags),
                EntityKind::Policy => account.policies.get_mut(name).map(|e| &mut e.tags),
                EntityKind::InstanceProfile => {
                    account.instance_profiles.get_mut(name).map(|e| &mut e.tags)
                }
                EntityKind::OidcProvider => {
                    account.oidc_providers.get_mut(name).map(|e| &mut e.tags)
                }
                EntityKind::SamlProvider => {
                    account.saml_providers.get_mut(name).map(|e| &mut e.tags)
                }
                EntityKind::Group | EntityKind::AccountSettings | EntityKind::PermissionSet => None,
            };
            if let Some(tags) = tags {
                set_tags(tags, after);
            }
        }
        // Audiences, thumbprints and metadata grant no access: the access section
        // needs only that the provider exists. The diff emits no other field for these
        // kinds.
        _ => {}
    }
}

/// The managed tags become `after`; AWS's own `aws:` tags stay, as IAM keeps them.
fn set_tags(tags: &mut Tags, after: &Tags) {
    tags.retain(|key, _| is_aws_reserved_tag_key(key));
    tags.extend(after.iter().map(|(k, v)| (k.clone(), v.clone())));
}

/// The policy-bearing parts of a user, group or role.
struct Parts<'a> {
    managed: &'a mut BTreeSet<String>,
    inline: &'a mut BTreeMap<String, PolicyDocument>,
    /// Groups have no boundary.
    boundary: Option<&'a mut Option<String>>,
}

fn parts<'a>(account: &'a mut AccountIam, target: &EntityRef) -> Option<Parts<'a>> {
    let name = &target.name;
    match target.kind {
        EntityKind::User => account.users.get_mut(name).map(|e| Parts {
            managed: &mut e.managed_policies,
            inline: &mut e.inline_policies,
            boundary: Some(&mut e.permissions_boundary),
        }),
        EntityKind::Group => account.groups.get_mut(name).map(|e| Parts {
            managed: &mut e.managed_policies,
            inline: &mut e.inline_policies,
            boundary: None,
        }),
        EntityKind::Role => account.roles.get_mut(name).map(|e| Parts {
            managed: &mut e.managed_policies,
            inline: &mut e.inline_policies,
            boundary: Some(&mut e.permissions_boundary),
        }),
        EntityKind::Policy
        | EntityKind::InstanceProfile
        | EntityKind::OidcProvider
        | EntityKind::SamlProvider
        | EntityKind::AccountSettings
        | EntityKind::PermissionSet => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::access::{access_changes, access_changes_to};
    use crate::diff::tests::fixtures::*;
    use crate::model::ManagedPolicy;

    /// Memberships, attachments, inline policies, a boundary, a policy document, trust
    /// and a delete, all changing someone's access.
    fn scenario() -> (crate::model::DesiredState, BTreeMap<String, AccountIam>) {
        let mut actual = prod();
        let mut old_admins = group("old-admins");
        old_admins.inline_policies.insert("all".into(), doc("*"));
        actual.groups.insert("old-admins".into(), old_admins);
        let mut bob = user("bob");
        bob.groups.insert("old-admins".into());
        bob.inline_policies.insert("ec2".into(), doc("ec2:*"));
        bob.tags
            .insert("aws:cloudformation:stack-name".into(), "s".into());
        actual.users.insert("bob".into(), bob);
        actual.policies.insert("read".into(), policy("read"));
        let mut web = role("web");
        web.managed_policies.insert(policy_arn("read"));
        actual.roles.insert("web".into(), web);

        let mut desired = prod();
        let mut devs = group("devs");
        devs.managed_policies.insert(policy_arn("read"));
        desired.groups.insert("devs".into(), devs);
        let mut read = policy("read");
        read.document = doc("s3:*");
        desired.policies.insert("read".into(), read);
        desired.policies.insert(
            "bound".into(),
            ManagedPolicy {
                document: doc("s3:*"),
                ..policy("bound")
            },
        );
        let mut bob = user("bob");
        bob.groups.insert("devs".into());
        bob.permissions_boundary = Some(policy_arn("bound"));
        bob.tags.insert("team".into(), "web".into());
        desired.users.insert("bob".into(), bob);
        let mut web = role("web");
        web.managed_policies.insert(policy_arn("read"));
        web.trust_policy = trust(&["arn:aws:iam::111111111111:user/bob"]);
        desired.roles.insert("web".into(), web);
        (
            desired_prod(desired, true),
            BTreeMap::from([("prod".to_string(), actual)]),
        )
    }

    #[test]
    fn every_change_applied_gives_the_access_of_the_manifests() {
        let (desired, actual) = scenario();
        let plan = crate::plan::build(&desired, &actual).unwrap();
        let after = state_after(&actual["prod"], plan.changes.iter().map(|c| &c.change));
        let whole = access_changes(&desired, &actual);
        assert!(whole.len() >= 2, "{whole:?}");
        let applied = access_changes_to(
            &desired,
            &actual,
            &BTreeMap::from([("prod".to_string(), after.clone())]),
        );
        assert_eq!(applied, whole);
        // The model follows too: bob's `aws:` tag stays, old-admins is gone.
        let bob = &after.users["bob"];
        assert_eq!(bob.groups.iter().collect::<Vec<_>>(), ["devs"]);
        assert!(bob.inline_policies.is_empty());
        assert_eq!(bob.tags.len(), 2);
        assert!(!after.groups.contains_key("old-admins"));
        assert_eq!(after.policies["read"].document, doc("s3:*"));
    }

    #[test]
    fn no_changes_leave_the_account_as_read() {
        let (_, actual) = scenario();
        assert_eq!(state_after(&actual["prod"], []), actual["prod"]);
    }
}
