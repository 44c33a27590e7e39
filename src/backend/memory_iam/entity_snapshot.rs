//! Copies of the few entities one change can modify. They let a refused change be undone
//! and a successful one report what it changed at the cost of those entities, not of the
//! whole account.

use std::collections::BTreeMap;

use super::naming::find_key;
use crate::diff::{Action, Change};
use crate::model::{
    AccountIam, AccountSettings, EntityKind, EntityRef, Group, IdentityCenter, InstanceProfile,
    ManagedPolicy, OidcProvider, Role, SamlProvider, User,
};

/// Name under which the account settings appear in change records.
const SETTINGS_NAME: &str = "account";

/// Every entity `change` can modify. An IAM call changes only its target: memberships
/// are stored on the user, an instance profile's role on the profile, a policy's
/// versions on the policy, and a delete is refused while anything else still refers to
/// the target. A replace also creates `after`, whose name may differ in case.
pub fn entities_modified_by(change: &Change) -> Vec<EntityRef> {
    match &change.action {
        Action::SetAccountAlias { .. } | Action::SetPasswordPolicy { .. } => {
            vec![EntityRef::new(EntityKind::AccountSettings, SETTINGS_NAME)]
        }
        Action::Create { entity } => vec![change.target.clone(), entity.entity_ref()],
        Action::Replace { after, .. } => vec![change.target.clone(), after.entity_ref()],
        _ => vec![change.target.clone()],
    }
}

/// The stored value of one entity slot: `None` when nothing is stored under that name.
#[derive(Debug)]
enum Held {
    Policy(Option<ManagedPolicy>),
    Group(Option<Group>),
    User(Option<User>),
    Role(Option<Role>),
    InstanceProfile(Option<InstanceProfile>),
    OidcProvider(Option<OidcProvider>),
    SamlProvider(Option<SamlProvider>),
    Settings(AccountSettings),
    /// The whole Identity Center: a change to a permission set can touch its assignments.
    IdentityCenter(Option<IdentityCenter>),
}

/// The state of some entities of one account at one moment, by stored name.
#[derive(Debug)]
pub struct EntitySnapshot {
    held: Vec<(EntityRef, Held)>,
}

impl EntitySnapshot {
    /// Copies the entities `refs` name, under the name they are stored by (IAM finds
    /// names in any case) and under the name as written (where a create would put it).
    pub fn take(account: &AccountIam, refs: &[EntityRef]) -> EntitySnapshot {
        let mut slots: Vec<EntityRef> = refs
            .iter()
            .flat_map(|r| [stored_ref(account, r), literal_ref(r)])
            .collect();
        slots.sort();
        slots.dedup();
        let held = slots
            .into_iter()
            .map(|slot| {
                let value = held_in(account, &slot);
                (slot, value)
            })
            .collect();
        EntitySnapshot { held }
    }

    /// The copied entities whose state in `account` now differs from the copy, in
    /// entity order.
    pub fn changed(&self, account: &AccountIam) -> Vec<EntityRef> {
        self.held
            .iter()
            .filter(|(slot, before)| !same(before, account, &slot.name))
            .map(|(slot, _)| slot.clone())
            .collect()
    }

    /// Puts every copied entity back as it was, removing those that did not exist.
    pub fn restore(self, account: &mut AccountIam) {
        for (slot, before) in self.held {
            let name = slot.name;
            match before {
                Held::Policy(v) => put_back(&mut account.policies, name, v),
                Held::Group(v) => put_back(&mut account.groups, name, v),
                Held::User(v) => put_back(&mut account.users, name, v),
                Held::Role(v) => put_back(&mut account.roles, name, v),
                Held::InstanceProfile(v) => put_back(&mut account.instance_profiles, name, v),
                Held::OidcProvider(v) => put_back(&mut account.oidc_providers, name, v),
                Held::SamlProvider(v) => put_back(&mut account.saml_providers, name, v),
                Held::Settings(v) => account.settings = v,
                Held::IdentityCenter(v) => account.identity_center = v,
            }
        }
    }
}

/// `target` under the name its entity is stored by, or as written when none is stored.
fn stored_ref(account: &AccountIam, target: &EntityRef) -> EntityRef {
    let stored = match target.kind {
        EntityKind::Policy => find_key(&account.policies, &target.name),
        EntityKind::Group => find_key(&account.groups, &target.name),
        EntityKind::User => find_key(&account.users, &target.name),
        EntityKind::Role => find_key(&account.roles, &target.name),
        EntityKind::InstanceProfile => find_key(&account.instance_profiles, &target.name),
        EntityKind::OidcProvider => find_key(&account.oidc_providers, &target.name),
        EntityKind::SamlProvider => find_key(&account.saml_providers, &target.name),
        EntityKind::AccountSettings | EntityKind::PermissionSet => return literal_ref(target),
    };
    match stored {
        Some(key) => EntityRef::new(target.kind, key.clone()),
        None => literal_ref(target),
    }
}

/// `target` as written; the account settings have one slot whatever the name.
fn literal_ref(target: &EntityRef) -> EntityRef {
    match target.kind {
        EntityKind::AccountSettings => EntityRef::new(target.kind, SETTINGS_NAME),
        _ => target.clone(),
    }
}

fn held_in(account: &AccountIam, slot: &EntityRef) -> Held {
    let name = slot.name.as_str();
    match slot.kind {
        EntityKind::Policy => Held::Policy(account.policies.get(name).cloned()),
        EntityKind::Group => Held::Group(account.groups.get(name).cloned()),
        EntityKind::User => Held::User(account.users.get(name).cloned()),
        EntityKind::Role => Held::Role(account.roles.get(name).cloned()),
        EntityKind::InstanceProfile => {
            Held::InstanceProfile(account.instance_profiles.get(name).cloned())
        }
        EntityKind::OidcProvider => Held::OidcProvider(account.oidc_providers.get(name).cloned()),
        EntityKind::SamlProvider => Held::SamlProvider(account.saml_providers.get(name).cloned()),
        EntityKind::AccountSettings => Held::Settings(account.settings.clone()),
        EntityKind::PermissionSet => Held::IdentityCenter(account.identity_center.clone()),
    }
}

fn same(before: &Held, account: &AccountIam, name: &str) -> bool {
    match before {
        Held::Policy(v) => v.as_ref() == account.policies.get(name),
        Held::Group(v) => v.as_ref() == account.groups.get(name),
        Held::User(v) => v.as_ref() == account.users.get(name),
        Held::Role(v) => v.as_ref() == account.roles.get(name),
        Held::InstanceProfile(v) => v.as_ref() == account.instance_profiles.get(name),
        Held::OidcProvider(v) => v.as_ref() == account.oidc_providers.get(name),
        Held::SamlProvider(v) => v.as_ref() == account.saml_providers.get(name),
        Held::Settings(v) => *v == account.settings,
        Held::IdentityCenter(v) => *v == account.identity_center,
    }
}

fn put_back<V>(map: &mut BTreeMap<String, V>, name: String, before: Option<V>) {
    match before {
        Some(value) => {
            map.insert(name, value);
        }
        None => {
            map.remove(&name);
        }
    }
}
