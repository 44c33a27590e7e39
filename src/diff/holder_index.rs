//! Who holds what in one account: the reverse links a delete or replace must undo first.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{AccountIam, EntityKind, EntityRef};

/// Reverse links of an account's actual state, plus what the desired state refers to.
#[derive(Debug, Default)]
pub(super) struct HolderIndex {
    /// Policy ARN → principals that have it attached or as permissions boundary.
    pub policy_holders: BTreeMap<String, BTreeSet<EntityRef>>,
    /// Group name → member user names.
    pub group_members: BTreeMap<String, BTreeSet<String>>,
    /// Role name → instance profiles holding it.
    pub role_profiles: BTreeMap<String, BTreeSet<String>>,
    /// Policy ARNs the desired state attaches or uses as a boundary.
    pub desired_policy_refs: BTreeSet<String>,
    /// Group names desired users belong to.
    pub desired_group_refs: BTreeSet<String>,
    /// Role names desired instance profiles hold.
    pub desired_role_refs: BTreeSet<String>,
}

impl HolderIndex {
    /// Indexes `actual` and the references of `desired`.
    pub fn new(desired: &AccountIam, actual: &AccountIam) -> HolderIndex {
        let mut index = HolderIndex::default();
        for u in actual.users.values() {
            let holder = EntityRef::new(EntityKind::User, u.name.clone());
            index.add_policies(
                &holder,
                &u.managed_policies,
                u.permissions_boundary.as_ref(),
            );
            for g in &u.groups {
                index
                    .group_members
                    .entry(g.clone())
                    .or_default()
                    .insert(u.name.clone());
            }
        }
        for g in actual.groups.values() {
            let holder = EntityRef::new(EntityKind::Group, g.name.clone());
            index.add_policies(&holder, &g.managed_policies, None);
        }
        for r in actual.roles.values() {
            let holder = EntityRef::new(EntityKind::Role, r.name.clone());
            index.add_policies(
                &holder,
                &r.managed_policies,
                r.permissions_boundary.as_ref(),
            );
        }
        for p in actual.instance_profiles.values() {
            for r in &p.roles {
                index
                    .role_profiles
                    .entry(r.clone())
                    .or_default()
                    .insert(p.name.clone());
            }
        }
        for u in desired.users.values() {
            index
                .desired_policy_refs
                .extend(u.managed_policies.iter().cloned());
            index
                .desired_policy_refs
                .extend(u.permissions_boundary.iter().cloned());
            index.desired_group_refs.extend(u.groups.iter().cloned());
        }
        for g in desired.groups.values() {
            index
                .desired_policy_refs
                .extend(g.managed_policies.iter().cloned());
        }
        for r in desired.roles.values() {
            index
                .desired_policy_refs
                .extend(r.managed_policies.iter().cloned());
            index
                .desired_policy_refs
                .extend(r.permissions_boundary.iter().cloned());
        }
        for p in desired.instance_profiles.values() {
            index.desired_role_refs.extend(p.roles.iter().cloned());
        }
        index
    }

    fn add_policies(
        &mut self,
        holder: &EntityRef,
        attached: &BTreeSet<String>,
        boundary: Option<&String>,
    ) {
        for arn in attached.iter().chain(boundary) {
            self.policy_holders
                .entry(arn.clone())
                .or_default()
                .insert(holder.clone());
        }
    }
}
