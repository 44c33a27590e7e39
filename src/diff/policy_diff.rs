//! Customer-managed policies: create, new default version, tags, replace when the path
//! or description changes, prune. Attachments are changes of the principals that hold
//! them.

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::{AccountOutput, all_names, triage};
use super::document_equivalence::documents_equivalent;
use super::tag_delta::tags_field;
use crate::model::{Entity, EntityKind, ManagedPolicy, Ownership};

/// Emits the changes for every customer-managed policy of the account.
pub(super) fn diff_policies(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    for name in all_names(&ctx.desired.policies, &ctx.actual.policies) {
        let ownership = triage(ctx, out, EntityKind::Policy, name);
        let action = match (
            ownership,
            ctx.desired.policies.get(name),
            ctx.actual.policies.get(name),
        ) {
            (Some(Ownership::Managed), Some(d), None) => Action::Create {
                entity: Box::new(Entity::Policy(d.clone())),
            },
            (Some(Ownership::Managed), Some(d), Some(a)) => match replace_reason(d, a) {
                // Held back replaces (an unowned principal holds it) change nothing.
                Some(_) if !ctx.replaced_policy_arns.contains(&ctx.actual_policy_arn(a)) => {
                    continue;
                }
                Some(reason) => Action::Replace {
                    reason,
                    before: Box::new(Entity::Policy(a.clone())),
                    after: Box::new(Entity::Policy(d.clone())),
                },
                None => {
                    if !documents_equivalent(&d.document, &a.document) {
                        let action = Action::UpdatePolicyDocument {
                            before: a.document.clone(),
                            after: d.document.clone(),
                        };
                        out.changes
                            .push(ctx.change(EntityKind::Policy, name, action));
                    }
                    match tags_field(&d.tags, &a.tags) {
                        Some(tags) => Action::Update { fields: vec![tags] },
                        None => continue,
                    }
                }
            },
            // Every principal detaches it in its own diff; held-back deletes never get here.
            (Some(Ownership::Prunable), None, Some(a)) => Action::Delete {
                entity: Box::new(Entity::Policy(a.clone())),
            },
            _ => continue,
        };
        out.changes
            .push(ctx.change(EntityKind::Policy, name, action));
    }
}

/// Why IAM cannot turn `a` into `d` in place, if it cannot.
fn replace_reason(d: &ManagedPolicy, a: &ManagedPolicy) -> Option<String> {
    let mut reasons = Vec::new();
    if d.path != a.path {
        reasons.push(format!("path changes from {} to {}", a.path, d.path));
    }
    if d.description != a.description {
        reasons.push("description changes (IAM cannot update it)".to_string());
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}
