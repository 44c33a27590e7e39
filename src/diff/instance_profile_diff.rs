//! Instance profiles: create, sync the role they hold and the tags, replace when the path
//! changes, prune.

use std::collections::BTreeSet;

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::tag_delta::tags_field;
use crate::model::{Entity, EntityKind, InstanceProfile, Ownership};

/// Emits the changes for every instance profile of the account.
pub(super) fn diff_instance_profiles(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(
        &ctx.desired.instance_profiles,
        &ctx.actual.instance_profiles,
    ) {
        let ownership = triage(ctx, out, EntityKind::InstanceProfile, name);
        let desired = ctx.desired.instance_profiles.get(name);
        let actual = ctx.actual.instance_profiles.get(name);
        let profile = Profile { ctx, name };
        match (ownership, desired, actual) {
            (Some(Ownership::Managed), Some(d), None) => {
                profile.push(out, create(d));
                profile.add_roles(out, d.roles.iter());
            }
            (Some(Ownership::Managed), Some(d), Some(a)) if d.path != a.path => {
                profile.remove_roles(out, a.roles.iter());
                profile.push(
                    out,
                    Action::Replace {
                        reason: format!("path changes from {} to {}", a.path, d.path),
                        before: Box::new(Entity::InstanceProfile(a.clone())),
                        after: Box::new(Entity::InstanceProfile(bare(d))),
                    },
                );
                profile.add_roles(out, d.roles.iter());
            }
            (Some(Ownership::Managed), Some(d), Some(a)) => {
                if let Some(tags) = tags_field(&d.tags, &a.tags) {
                    profile.push(out, Action::Update { fields: vec![tags] });
                }
                // A replaced role is a new role: take the old one out, put the new one in.
                let replaced = &ctx.replaced_roles;
                let kept_but_replaced: BTreeSet<&String> = d
                    .roles
                    .intersection(&a.roles)
                    .filter(|r| replaced.contains(*r))
                    .collect();
                profile.remove_roles(
                    out,
                    a.roles
                        .difference(&d.roles)
                        .chain(kept_but_replaced.iter().copied()),
                );
                profile.add_roles(
                    out,
                    d.roles
                        .difference(&a.roles)
                        .chain(kept_but_replaced.iter().copied()),
                );
            }
            (Some(Ownership::Prunable), None, Some(a)) => {
                profile.remove_roles(out, a.roles.iter());
                profile.push(
                    out,
                    Action::Delete {
                        entity: Box::new(Entity::InstanceProfile(a.clone())),
                    },
                );
            }
            _ => {}
        }
    }
}

struct Profile<'c, 'a> {
    ctx: &'c AccountContext<'a>,
    name: &'c str,
}

impl Profile<'_, '_> {
    fn push(&self, out: &mut AccountOutput, action: Action) {
        out.changes.push(
            self.ctx
                .change(EntityKind::InstanceProfile, self.name, action),
        );
    }

    fn add_roles<'r>(&self, out: &mut AccountOutput, roles: impl Iterator<Item = &'r String>) {
        for role in roles {
            self.push(out, Action::AddRoleToInstanceProfile { role: role.clone() });
        }
    }

    fn remove_roles<'r>(&self, out: &mut AccountOutput, roles: impl Iterator<Item = &'r String>) {
        for role in roles {
            self.push(
                out,
                Action::RemoveRoleFromInstanceProfile { role: role.clone() },
            );
        }
    }
}

/// The profile as `CreateInstanceProfile` makes it: empty.
fn bare(p: &InstanceProfile) -> InstanceProfile {
    InstanceProfile {
        roles: BTreeSet::new(),
        ..p.clone()
    }
}

fn create(d: &InstanceProfile) -> Action {
    Action::Create {
        entity: Box::new(Entity::InstanceProfile(bare(d))),
    }
}
