//! Groups: create, update in place (path, policies), prune with their memberships.

use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::principal_parts::{Principal, PrincipalParts};
use super::{Action, FieldChange};
use crate::model::{Entity, EntityKind, Group, Ownership};

/// Emits the changes for every group of the account.
pub(super) fn diff_groups(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(&ctx.desired.groups, &ctx.actual.groups) {
        let ownership = triage(ctx, out, EntityKind::Group, name);
        let principal = Principal {
            ctx,
            kind: EntityKind::Group,
            name,
        };
        match (
            ownership,
            ctx.desired.groups.get(name),
            ctx.actual.groups.get(name),
        ) {
            (Some(Ownership::Managed), Some(d), None) => {
                out.changes.push(ctx.change(
                    EntityKind::Group,
                    name,
                    Action::Create {
                        entity: Box::new(Entity::Group(bare(d))),
                    },
                ));
                principal.build(&mut out.changes, &parts(d));
            }
            (Some(Ownership::Managed), Some(d), Some(a)) => {
                if d.path != a.path {
                    let fields = vec![FieldChange::Path {
                        before: a.path.clone(),
                        after: d.path.clone(),
                    }];
                    out.changes.push(ctx.change(
                        EntityKind::Group,
                        name,
                        Action::Update { fields },
                    ));
                }
                principal.sync(&mut out.changes, &parts(d), &parts(a));
            }
            (Some(Ownership::Prunable), None, Some(a)) => prune(&principal, out, a),
            _ => {}
        }
    }
}

fn parts(g: &Group) -> PrincipalParts<'_> {
    PrincipalParts {
        managed_policies: &g.managed_policies,
        inline_policies: &g.inline_policies,
        boundary: None,
    }
}

/// The group as `CreateGroup` makes it.
fn bare(g: &Group) -> Group {
    Group {
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        ..g.clone()
    }
}

/// A pruned group loses its members first. Members that are pruned themselves leave it
/// as part of their own teardown, so each membership is removed once.
fn prune(p: &Principal<'_, '_>, out: &mut AccountOutput, a: &Group) {
    let members = p
        .ctx
        .holders
        .group_members
        .get(&a.name)
        .into_iter()
        .flatten();
    for user in members {
        if p.ctx.ownership(EntityKind::User, user) != Ownership::Prunable {
            out.changes.push(p.ctx.change(
                EntityKind::User,
                user,
                Action::RemoveUserFromGroup {
                    group: a.name.clone(),
                },
            ));
        }
    }
    p.tear_down(&mut out.changes, &parts(a));
    out.changes.push(p.ctx.change(
        p.kind,
        p.name,
        Action::Delete {
            entity: Box::new(Entity::Group(a.clone())),
        },
    ));
}
