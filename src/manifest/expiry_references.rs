//! What must not outlive an expired entity: a user's or role's permissions boundary (the
//! boundary would be dropped, widening what the holder may do) and a trust policy's
//! principal (IAM rejects a trust policy naming a principal that does not exist). Either
//! is an error at the `expires:` that ends it, naming what still uses it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::arn;
use crate::diagnostic::Diagnostic;
use crate::model::{AccountIam, DesiredAccount, EntityKind, EntityRef, Expiry, ExpiryTarget};

use super::expiry_apply::policy_arn;

/// An expired user, role or policy and the ARN it had.
pub struct Gone<'e> {
    /// Its ARN.
    pub arn: String,
    /// Its expiry.
    pub expiry: &'e Expiry,
}

/// The ARNs of the expired users, roles and policies, read before they are removed.
pub fn gone_arns<'e>(
    expired: &'e [Expiry],
    accounts: &BTreeMap<String, DesiredAccount>,
) -> Vec<Gone<'e>> {
    expired
        .iter()
        .filter_map(|e| {
            let ExpiryTarget::Entity { entity } = &e.target else {
                return None;
            };
            let iam = &accounts.get(&e.account)?.iam;
            let path = match entity.kind {
                EntityKind::User => &iam.users.get(&entity.name)?.path,
                EntityKind::Role => &iam.roles.get(&entity.name)?.path,
                EntityKind::Policy => {
                    let p = iam.policies.get(&entity.name)?;
                    let arn = policy_arn(iam, &p.path, &p.name);
                    return Some(Gone { arn, expiry: e });
                }
                _ => return None,
            };
            let kind = entity.kind.arn_type();
            let arn = arn::iam_entity(iam.partition, &iam.account_id, kind, path, &entity.name);
            Some(Gone { arn, expiry: e })
        })
        .collect()
}

/// Reports every boundary and trust principal in `accounts` (expired entries already
/// removed) that names an expired entity.
pub fn check_references(
    gone: &[Gone<'_>],
    accounts: &BTreeMap<String, DesiredAccount>,
    sink: &mut Vec<Diagnostic>,
) {
    if gone.is_empty() {
        return;
    }
    for account in accounts.values() {
        for (holder, arn) in boundaries(&account.iam) {
            if let Some(g) = gone.iter().find(|g| g.arn == arn) {
                sink.push(error(
                    g,
                    &format!("the permissions boundary of {holder}"),
                    &format!(
                        "give {holder} an `expires:` no later, or set another permissions boundary"
                    ),
                ));
            }
        }
        for role in account.iam.roles.values() {
            let mut named = Vec::new();
            aws_principals(&role.trust_policy.0, &mut named);
            for g in gone.iter().filter(|g| named.contains(&g.arn.as_str())) {
                let holder = EntityRef::new(EntityKind::Role, &role.name);
                sink.push(error(
                    g,
                    &format!("trusted by {holder}"),
                    &format!("remove it from the trust of {holder}, or give {holder} an `expires:` no later"),
                ));
            }
        }
    }
}

fn boundaries(iam: &AccountIam) -> Vec<(EntityRef, &str)> {
    let users = iam.users.values().filter_map(|u| {
        let b = u.permissions_boundary.as_deref()?;
        Some((EntityRef::new(EntityKind::User, &u.name), b))
    });
    let roles = iam.roles.values().filter_map(|r| {
        let b = r.permissions_boundary.as_deref()?;
        Some((EntityRef::new(EntityKind::Role, &r.name), b))
    });
    users.chain(roles).collect()
}

/// The `Principal.AWS` strings of every statement of `document`.
fn aws_principals<'d>(document: &'d Value, out: &mut Vec<&'d str>) {
    let statements = match document.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for statement in statements {
        match statement.get("Principal").and_then(|p| p.get("AWS")) {
            Some(Value::String(s)) => out.push(s),
            Some(Value::Array(list)) => out.extend(list.iter().filter_map(Value::as_str)),
            _ => {}
        }
    }
}

fn error(g: &Gone<'_>, used: &str, help: &str) -> Diagnostic {
    let e = g.expiry;
    Diagnostic::error(
        Some(e.span.clone()),
        format!("{} expired at {}, but it is still {used}", e.target, e.at),
    )
    .with_help(help.to_string())
}
