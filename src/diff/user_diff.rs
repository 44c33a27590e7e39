//! Users: create, update in place (path, tags, policies, boundary, memberships,
//! credentials the manifest forbids), prune.

use std::collections::BTreeSet;

use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::principal_parts::{Principal, PrincipalParts};
use super::tag_delta::tags_field;
use super::user_credentials::diff_credentials;
use super::{Action, FieldChange};
use crate::model::{Entity, EntityKind, Ownership, User};

/// Emits the changes for every user of the account.
pub(super) fn diff_users(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(&ctx.desired.users, &ctx.actual.users) {
        let ownership = triage(ctx, out, EntityKind::User, name);
        let principal = Principal {
            ctx,
            kind: EntityKind::User,
            name,
        };
        match (
            ownership,
            ctx.desired.users.get(name),
            ctx.actual.users.get(name),
        ) {
            (Some(Ownership::Managed), Some(d), None) => create(&principal, out, d),
            (Some(Ownership::Managed), Some(d), Some(a)) => update(&principal, out, d, a),
            (Some(Ownership::Prunable), None, Some(a)) => prune(&principal, out, a),
            _ => {}
        }
    }
}

fn parts(u: &User) -> PrincipalParts<'_> {
    PrincipalParts {
        managed_policies: &u.managed_policies,
        inline_policies: &u.inline_policies,
        boundary: u.permissions_boundary.as_ref(),
    }
}

/// The user as `CreateUser` makes it: path, tags, boundary; nothing attached, no
/// credentials.
fn bare(u: &User) -> User {
    User {
        managed_policies: BTreeSet::new(),
        inline_policies: Default::default(),
        groups: BTreeSet::new(),
        credential_rules: Default::default(),
        credential_state: None,
        ..u.clone()
    }
}

/// Groups of `u` that iamform manages; memberships in other groups are left alone.
fn managed_groups<'u>(ctx: &AccountContext<'_>, u: &'u User) -> BTreeSet<&'u String> {
    u.groups
        .iter()
        .filter(|g| ctx.ownership(EntityKind::Group, g) == Ownership::Managed)
        .collect()
}

fn create(p: &Principal<'_, '_>, out: &mut AccountOutput, d: &User) {
    out.changes.push(p.ctx.change(
        p.kind,
        p.name,
        Action::Create {
            entity: Box::new(Entity::User(bare(d))),
        },
    ));
    p.build(&mut out.changes, &parts(d));
    for g in managed_groups(p.ctx, d) {
        out.changes.push(
            p.ctx
                .change(p.kind, p.name, Action::AddUserToGroup { group: g.clone() }),
        );
    }
    diff_credentials(p.ctx, out, d, None);
}

fn update(p: &Principal<'_, '_>, out: &mut AccountOutput, d: &User, a: &User) {
    let mut fields = Vec::new();
    if d.path != a.path {
        fields.push(FieldChange::Path {
            before: a.path.clone(),
            after: d.path.clone(),
        });
    }
    fields.extend(tags_field(&d.tags, &a.tags));
    if !fields.is_empty() {
        out.changes
            .push(p.ctx.change(p.kind, p.name, Action::Update { fields }));
    }
    p.sync(&mut out.changes, &parts(d), &parts(a));
    let (want, have) = (managed_groups(p.ctx, d), managed_groups(p.ctx, a));
    for g in have.difference(&want) {
        out.changes.push(p.ctx.change(
            p.kind,
            p.name,
            Action::RemoveUserFromGroup {
                group: (*g).clone(),
            },
        ));
    }
    for g in want.difference(&have) {
        out.changes.push(p.ctx.change(
            p.kind,
            p.name,
            Action::AddUserToGroup {
                group: (*g).clone(),
            },
        ));
    }
    diff_credentials(p.ctx, out, d, a.credential_state.as_ref());
}

/// A pruned user leaves every group (its own deletion needs that), loses its policies,
/// then goes.
fn prune(p: &Principal<'_, '_>, out: &mut AccountOutput, a: &User) {
    for g in &a.groups {
        out.changes.push(p.ctx.change(
            p.kind,
            p.name,
            Action::RemoveUserFromGroup { group: g.clone() },
        ));
    }
    p.tear_down(&mut out.changes, &parts(a));
    out.changes.push(p.ctx.change(
        p.kind,
        p.name,
        Action::Delete {
            entity: Box::new(Entity::User(a.clone())),
        },
    ));
}
