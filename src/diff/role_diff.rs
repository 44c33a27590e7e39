//! Roles: create, update in place (description, session length, tags, trust, policies,
//! boundary), replace when the path changes, prune.

use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::document_equivalence::documents_equivalent;
use super::principal_parts::{Principal, PrincipalParts};
use super::tag_delta::tags_field;
use super::{Action, FieldChange};
use crate::model::{Entity, EntityKind, Ownership, Role};

/// Emits the changes for every role of the account.
pub(super) fn diff_roles(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(&ctx.desired.roles, &ctx.actual.roles) {
        let ownership = triage(ctx, out, EntityKind::Role, name);
        let principal = Principal {
            ctx,
            kind: EntityKind::Role,
            name,
        };
        match (
            ownership,
            ctx.desired.roles.get(name),
            ctx.actual.roles.get(name),
        ) {
            (Some(Ownership::Managed), Some(d), None) => {
                out.changes.push(ctx.change(
                    EntityKind::Role,
                    name,
                    Action::Create {
                        entity: Box::new(Entity::Role(bare(d))),
                    },
                ));
                principal.build(&mut out.changes, &parts(d));
            }
            (Some(Ownership::Managed), Some(d), Some(a)) => {
                if d.path == a.path {
                    update(&principal, out, d, a);
                } else if ctx.replaced_roles.contains(name) {
                    replace(&principal, out, d, a);
                }
                // Otherwise the replace is held back (an unowned profile holds the
                // role) and the role keeps its old path; a warning says so.
            }
            (Some(Ownership::Prunable), None, Some(a)) => {
                principal.tear_down(&mut out.changes, &parts(a));
                out.changes.push(ctx.change(
                    EntityKind::Role,
                    name,
                    Action::Delete {
                        entity: Box::new(Entity::Role(a.clone())),
                    },
                ));
            }
            _ => {}
        }
    }
}

fn parts(r: &Role) -> PrincipalParts<'_> {
    PrincipalParts {
        managed_policies: &r.managed_policies,
        inline_policies: &r.inline_policies,
        boundary: r.permissions_boundary.as_ref(),
    }
}

/// The role as `CreateRole` makes it: path, description, session length, trust, tags,
/// boundary; nothing attached.
fn bare(r: &Role) -> Role {
    Role {
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        ..r.clone()
    }
}

fn update(p: &Principal<'_, '_>, out: &mut AccountOutput, d: &Role, a: &Role) {
    let mut fields = Vec::new();
    if d.description != a.description {
        fields.push(FieldChange::Description {
            before: a.description.clone(),
            after: d.description.clone(),
        });
    }
    if d.max_session_duration != a.max_session_duration {
        fields.push(FieldChange::MaxSessionDuration {
            before: a.max_session_duration,
            after: d.max_session_duration,
        });
    }
    fields.extend(tags_field(&d.tags, &a.tags));
    if !fields.is_empty() {
        out.changes
            .push(p.ctx.change(p.kind, p.name, Action::Update { fields }));
    }
    if !documents_equivalent(&d.trust_policy, &a.trust_policy) {
        out.changes.push(p.ctx.change(
            p.kind,
            p.name,
            Action::UpdateTrustPolicy {
                before: a.trust_policy.clone(),
                after: d.trust_policy.clone(),
            },
        ));
    }
    p.sync(&mut out.changes, &parts(d), &parts(a));
}

/// IAM cannot move a role to another path: tear it down, delete and re-create it, then
/// rebuild its policies. Instance profiles re-add it in their own diff.
fn replace(p: &Principal<'_, '_>, out: &mut AccountOutput, d: &Role, a: &Role) {
    p.tear_down(&mut out.changes, &parts(a));
    out.changes.push(p.ctx.change(
        p.kind,
        p.name,
        Action::Replace {
            reason: format!("path changes from {} to {}", a.path, d.path),
            before: Box::new(Entity::Role(a.clone())),
            after: Box::new(Entity::Role(bare(d))),
        },
    ));
    p.build(&mut out.changes, &parts(d));
}
