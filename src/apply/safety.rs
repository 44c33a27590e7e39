//! Changes an apply refuses before running anything: those that touch entities AWS owns,
//! and those that would lock iamform out of the account it acts in.

use crate::backend::CallerIdentity;
use crate::diff::{Action, Change};
use crate::model::trust_principals::{assume_role_principals, principal_entity};
use crate::model::{EntityKind, EntityRef, PolicyDocument, is_reserved};
use crate::plan::Plan;

use super::ApplyOptions;

/// A change the apply refuses to run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SafetyViolation {
    /// The change targets an entity AWS owns (service-linked, SSO, reserved path).
    #[error("change {id} targets {target}, which AWS owns; iamform never changes it")]
    ReservedEntity {
        /// Change id.
        id: usize,
        /// The entity.
        target: EntityRef,
    },
    /// The change would delete or distrust the principal iamform acts as.
    #[error(
        "change {id} would lock iamform out: {reason} (pass --allow-self-lockout to run it anyway)"
    )]
    SelfLockout {
        /// Change id.
        id: usize,
        /// What it would break.
        reason: String,
    },
}

/// The principal a caller ARN stands for: a user, or the role of an assumed-role session.
fn caller_entity(caller: &CallerIdentity) -> Option<EntityRef> {
    let arn = crate::arn::Arn::parse(&caller.arn).ok()?;
    let (kind, rest) = arn.iam_resource()?;
    match (arn.service.as_str(), kind) {
        ("sts", "assumed-role") => {
            let role = rest.split('/').next()?;
            Some(EntityRef::new(EntityKind::Role, role))
        }
        ("iam", "user") => Some(EntityRef::new(EntityKind::User, rest.rsplit('/').next()?)),
        ("iam", "role") => Some(EntityRef::new(EntityKind::Role, rest.rsplit('/').next()?)),
        _ => None,
    }
}

/// True when `principals` (trust-policy `AWS` values) let `principal` in: named
/// exactly, by its account (root ARN or id), or by `*`.
fn admits(principals: &[String], principal: &str) -> bool {
    let account = principal_entity(principal).map(|(account, ..)| account);
    principals.iter().any(|p| {
        p == "*"
            || p == principal
            || account.as_ref().is_some_and(|a| {
                p == a || crate::arn::root_account(p).is_some_and(|(_, id)| id == a)
            })
            || same_entity(p, principal)
    })
}

fn same_entity(a: &str, b: &str) -> bool {
    match (principal_entity(a), principal_entity(b)) {
        (Some((aa, ak, _, an)), Some((ba, bk, _, bn))) => {
            aa == ba && ak == bk && an.eq_ignore_ascii_case(&bn)
        }
        _ => false,
    }
}

fn lockout(change: &Change, caller: &CallerIdentity) -> Option<String> {
    let me = caller_entity(caller)?;
    let mine = |target: &EntityRef| {
        change.account.id == caller.account_id
            && target.kind == me.kind
            && target.name.eq_ignore_ascii_case(&me.name)
    };
    match &change.action {
        Action::Delete { .. } if mine(&change.target) => {
            Some(format!("it deletes {me}, which iamform runs as"))
        }
        Action::Replace { .. } if mine(&change.target) => Some(format!(
            "it deletes and re-creates {me}, which iamform runs as"
        )),
        Action::UpdateTrustPolicy { before, after } => {
            trust_lockout(change, caller, &me, mine(&change.target), before, after)
        }
        // Which of its keys the caller signs with cannot be told from GetCallerIdentity,
        // so no key of the user iamform runs as is deleted.
        Action::DeleteAccessKey { key_id, .. } if mine(&change.target) => Some(format!(
            "it deletes access key {key_id} of {me}, which iamform runs as and may be \
             signing with; delete it by hand after switching credentials"
        )),
        _ => None,
    }
}

fn trust_lockout(
    change: &Change,
    caller: &CallerIdentity,
    me: &EntityRef,
    is_my_role: bool,
    before: &PolicyDocument,
    after: &PolicyDocument,
) -> Option<String> {
    let before = assume_role_principals(before);
    let after = assume_role_principals(after);
    if is_my_role {
        let dropped: Vec<&String> = before.iter().filter(|p| !admits(&after, p)).collect();
        if !dropped.is_empty() {
            let list: Vec<&str> = dropped.iter().map(|s| s.as_str()).collect();
            return Some(format!(
                "it stops {} from assuming {me}, which iamform runs as",
                list.join(", ")
            ));
        }
    }
    let kind = if me.kind == EntityKind::User {
        "user"
    } else {
        "role"
    };
    // The caller's own ARN says which partition the account is in.
    let partition = crate::arn::Arn::parse(&caller.arn)
        .map(|a| a.partition)
        .unwrap_or_default();
    let my_arn = crate::arn::iam_entity(partition, &caller.account_id, kind, "/", &me.name);
    (admits(&before, &my_arn) && !admits(&after, &my_arn)).then(|| {
        format!(
            "it stops {me}, which iamform runs as, from assuming {}",
            change.target
        )
    })
}

/// Every reason to refuse the plan; empty when it is safe to run.
pub fn check_safety(plan: &Plan, options: &ApplyOptions) -> Vec<SafetyViolation> {
    let mut violations = Vec::new();
    for planned in &plan.changes {
        let change = &planned.change;
        let paths: Vec<&str> = match &change.action {
            Action::Create { entity } | Action::Delete { entity } => vec![entity.path()],
            Action::Replace { before, after, .. } => vec![before.path(), after.path()],
            _ => vec![""],
        };
        let reserved_role = match &change.action {
            Action::AddRoleToInstanceProfile { role }
            | Action::RemoveRoleFromInstanceProfile { role } => {
                is_reserved(&EntityRef::new(EntityKind::Role, role.clone()), "")
            }
            _ => false,
        };
        if reserved_role || paths.iter().any(|p| is_reserved(&change.target, p)) {
            violations.push(SafetyViolation::ReservedEntity {
                id: planned.id,
                target: change.target.clone(),
            });
            continue;
        }
        if options.allow_self_lockout {
            continue;
        }
        if let Some(reason) = options.callers.iter().find_map(|c| lockout(change, c)) {
            violations.push(SafetyViolation::SelfLockout {
                id: planned.id,
                reason,
            });
        }
    }
    violations
}

#[cfg(test)]
#[path = "safety_tests.rs"]
mod tests;
