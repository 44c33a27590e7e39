//! Facts about one account that every per-kind diff consults: who owns what, and which
//! replacements and deletions may go ahead without touching an entity iamform does not own.

use std::collections::BTreeSet;

use super::holder_index::HolderIndex;
use super::{AccountKey, Action, Change};
use crate::arn;
use crate::model::{
    AccountIam, EntityKind, EntityRef, ManagedPolicy, Ownership, Scope, is_reserved,
};

/// One account's desired and actual state, with the decisions taken before diffing.
pub(super) struct AccountContext<'a> {
    /// The account.
    pub key: AccountKey,
    /// What the manifests want.
    pub desired: &'a AccountIam,
    /// What the account holds.
    pub actual: &'a AccountIam,
    scope: &'a Scope,
    /// Entities whose `expires:` has passed: deleted even when pruning is off.
    expired: BTreeSet<EntityRef>,
    /// Reverse links of the actual state.
    pub holders: HolderIndex,
    /// Roles being replaced: profiles that keep them must re-add them.
    pub replaced_roles: BTreeSet<String>,
    /// Actual ARNs of policies being replaced: principals that keep them re-attach them.
    pub replaced_policy_arns: BTreeSet<String>,
    /// Entities whose replace or delete is held back (a warning says why).
    pub held_back: BTreeSet<EntityRef>,
    /// Why entities were held back, in the order found.
    pub warnings: Vec<String>,
}

/// The IAM path of `kind`/`name` in `iam`, if it is there.
pub(super) fn entity_path<'i>(
    iam: &'i AccountIam,
    kind: EntityKind,
    name: &str,
) -> Option<&'i str> {
    match kind {
        EntityKind::User => iam.users.get(name).map(|e| e.path.as_str()),
        EntityKind::Group => iam.groups.get(name).map(|e| e.path.as_str()),
        EntityKind::Role => iam.roles.get(name).map(|e| e.path.as_str()),
        EntityKind::Policy => iam.policies.get(name).map(|e| e.path.as_str()),
        EntityKind::InstanceProfile => iam.instance_profiles.get(name).map(|e| e.path.as_str()),
        // Providers have no path: `/`, so the scope's `/` covers them.
        EntityKind::OidcProvider => iam.oidc_providers.get(name).map(|_| "/"),
        EntityKind::SamlProvider => iam.saml_providers.get(name).map(|_| "/"),
        EntityKind::AccountSettings | EntityKind::PermissionSet => None,
    }
}

impl<'a> AccountContext<'a> {
    /// Indexes both states and decides which replaces and prunes are held back.
    pub fn new(
        key: AccountKey,
        desired: &'a AccountIam,
        actual: &'a AccountIam,
        scope: &'a Scope,
        expired: BTreeSet<EntityRef>,
    ) -> AccountContext<'a> {
        let mut ctx = AccountContext {
            key,
            desired,
            actual,
            scope,
            expired,
            holders: HolderIndex::new(desired, actual),
            replaced_roles: BTreeSet::new(),
            replaced_policy_arns: BTreeSet::new(),
            held_back: BTreeSet::new(),
            warnings: Vec::new(),
        };
        ctx.decide_roles();
        ctx.decide_policies();
        ctx.decide_groups();
        ctx
    }

    /// A change in this account.
    pub fn change(&self, kind: EntityKind, name: &str, action: Action) -> Change {
        Change {
            account: self.key.clone(),
            target: EntityRef::new(kind, name),
            action,
        }
    }

    /// How iamform treats `kind`/`name`: a manifest naming a reserved entity does not
    /// make it managed, a desired entity is judged by its actual path when it exists, and
    /// an expired one is deleted whatever the scope says (unless AWS reserves it).
    pub fn ownership(&self, kind: EntityKind, name: &str) -> Ownership {
        let entity = EntityRef::new(kind, name);
        let desired_path = entity_path(self.desired, kind, name);
        if desired_path.is_some_and(|p| is_reserved(&entity, p)) {
            return Ownership::Reserved;
        }
        let path = entity_path(self.actual, kind, name)
            .or(desired_path)
            .unwrap_or("/");
        let ownership = self.scope.ownership(&entity, path, desired_path.is_some());
        if ownership == Ownership::Unmanaged && self.expired.contains(&entity) {
            return Ownership::Prunable;
        }
        ownership
    }

    /// The ARN IAM reports for an actual policy (built from its path when not recorded).
    pub fn actual_policy_arn(&self, p: &ManagedPolicy) -> String {
        p.meta.arn.clone().unwrap_or_else(|| {
            arn::iam_entity(self.key.partition, &self.key.id, "policy", &p.path, &p.name)
        })
    }

    fn hold_back(&mut self, entity: EntityRef, what: &str, blocker: &str, fix: &str) {
        self.warnings.push(format!(
            "{}: {entity} is not {what}: {blocker}; {fix}",
            self.key.name
        ));
        self.held_back.insert(entity);
    }

    /// The first holder in `holders` that iamform may not change, if any.
    fn unowned_holder<'h>(
        &self,
        holders: impl IntoIterator<Item = &'h EntityRef>,
    ) -> Option<(EntityRef, Ownership)> {
        holders.into_iter().find_map(|h| {
            let o = self.ownership(h.kind, &h.name);
            matches!(o, Ownership::Unmanaged | Ownership::Reserved).then(|| (h.clone(), o))
        })
    }

    fn decide_roles(&mut self) {
        let (desired, actual) = (self.desired, self.actual);
        for (name, a) in &actual.roles {
            let entity = EntityRef::new(EntityKind::Role, name.clone());
            let profiles: Vec<EntityRef> = self
                .holders
                .role_profiles
                .get(name)
                .into_iter()
                .flatten()
                .map(|p| EntityRef::new(EntityKind::InstanceProfile, p.clone()))
                .collect();
            let blocker = self.unowned_holder(&profiles);
            match (
                self.ownership(EntityKind::Role, name),
                desired.roles.get(name),
            ) {
                (Ownership::Managed, Some(d)) if d.path != a.path => match blocker {
                    Some((p, o)) => self.hold_back(
                        entity,
                        "replaced (its path changes)",
                        &format!("{p} holds it and is {}", ownership_word(o)),
                        "remove the role from that profile, or keep the role's path",
                    ),
                    None => {
                        self.replaced_roles.insert(name.clone());
                    }
                },
                (Ownership::Prunable, _) => {
                    if let Some((p, o)) = blocker {
                        self.hold_back(
                            entity,
                            "deleted",
                            &format!("{p} holds it and is {}", ownership_word(o)),
                            "remove the role from that profile first",
                        );
                    } else if self.holders.desired_role_refs.contains(name) {
                        self.hold_back(
                            entity,
                            "deleted",
                            "a manifest instance profile holds it",
                            "define the role in a manifest, or drop it from the profile",
                        );
                    }
                }
                _ => {}
            }
        }
    }

    fn decide_policies(&mut self) {
        let (desired, actual) = (self.desired, self.actual);
        for (name, a) in &actual.policies {
            let entity = EntityRef::new(EntityKind::Policy, name.clone());
            let arn = self.actual_policy_arn(a);
            let blocker =
                self.unowned_holder(self.holders.policy_holders.get(&arn).into_iter().flatten());
            match (
                self.ownership(EntityKind::Policy, name),
                desired.policies.get(name),
            ) {
                (Ownership::Managed, Some(d))
                    if d.path != a.path || d.description != a.description =>
                {
                    match blocker {
                        Some((h, o)) => self.hold_back(
                            entity,
                            "replaced",
                            &format!("{h} ({}) uses it", ownership_word(o)),
                            "detach it there, or keep the policy's path and description",
                        ),
                        None => {
                            self.replaced_policy_arns.insert(arn);
                        }
                    }
                }
                (Ownership::Prunable, _) => {
                    if let Some((h, o)) = blocker {
                        self.hold_back(
                            entity,
                            "deleted",
                            &format!("{h} ({}) uses it", ownership_word(o)),
                            "detach it there, or add that principal to a manifest",
                        );
                    } else if self.holders.desired_policy_refs.contains(&arn) {
                        self.hold_back(
                            entity,
                            "deleted",
                            "a manifest principal attaches it",
                            "define the policy in a manifest, or stop attaching it",
                        );
                    }
                }
                _ => {}
            }
        }
    }

    fn decide_groups(&mut self) {
        let actual = self.actual;
        for name in actual.groups.keys() {
            if self.ownership(EntityKind::Group, name) != Ownership::Prunable {
                continue;
            }
            let entity = EntityRef::new(EntityKind::Group, name.clone());
            let reserved_member = self
                .holders
                .group_members
                .get(name)
                .into_iter()
                .flatten()
                .find(|u| self.ownership(EntityKind::User, u) == Ownership::Reserved)
                .cloned();
            if let Some(u) = reserved_member {
                self.hold_back(
                    entity,
                    "deleted",
                    &format!("its member user {u} is reserved by AWS"),
                    "leave the group in place",
                );
            } else if self.holders.desired_group_refs.contains(name) {
                self.hold_back(
                    entity,
                    "deleted",
                    "a manifest user belongs to it",
                    "define the group in a manifest, or drop the membership",
                );
            }
        }
    }
}

fn ownership_word(o: Ownership) -> &'static str {
    match o {
        Ownership::Managed => "managed",
        Ownership::Prunable => "to be pruned",
        Ownership::Unmanaged => "not managed by iamform",
        Ownership::Reserved => "reserved by AWS",
    }
}
