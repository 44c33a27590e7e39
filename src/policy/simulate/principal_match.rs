//! Whom a resource-based statement's `Principal` / `NotPrincipal` covers, and how: AWS
//! treats a grant to an account, to a role and to the caller itself differently.

use super::caller::{Caller, CallerKind};
use crate::policy::document::{Effect, PrincipalElement};
use crate::policy::principal::{Principal, PrincipalType};

/// How a resource-based statement names the caller, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Grant {
    /// The statement does not cover the caller.
    None,
    /// It names the caller's account (`123456789012` or `arn:…:root`): an Allow only
    /// delegates to the account's own identity-based policies.
    Account,
    /// It names the role a session was assumed from (or the role ARN itself): limited by
    /// the role's permissions boundary and the session policy.
    Role,
    /// It names the caller itself (its own ARN, `*`, or every principal but some): an
    /// Allow grants on its own within the account.
    Direct,
}

/// How `element` covers `caller` (`None`: the principal is not known, so only `*`
/// covers it). A statement without `Principal`/`NotPrincipal` covers nobody: in a
/// resource-based policy it is invalid, never "everyone". `has_boundary` is for the
/// documented `NotPrincipal` + `Deny` rule: such a statement always applies to a
/// principal that has a permissions boundary, whatever it names.
pub(super) fn principal_grant(
    element: Option<&PrincipalElement>,
    effect: Effect,
    caller: Option<&Caller<'_>>,
    has_boundary: bool,
) -> Grant {
    match element {
        None => Grant::None,
        Some(PrincipalElement::Principal(named)) => named_grant(named, caller),
        Some(PrincipalElement::NotPrincipal(_)) if effect == Effect::Deny && has_boundary => {
            Grant::Direct
        }
        Some(PrincipalElement::NotPrincipal(named)) if excludes(named, caller) => Grant::None,
        Some(PrincipalElement::NotPrincipal(_)) => Grant::Direct,
    }
}

fn named_grant(named: &Principal, caller: Option<&Caller<'_>>) -> Grant {
    let Principal::Typed(map) = named else {
        return Grant::Direct;
    };
    map.iter()
        .flat_map(|(kind, values)| values.iter().map(move |v| value_grant(*kind, v, caller)))
        .max()
        .unwrap_or(Grant::None)
}

fn value_grant(kind: PrincipalType, value: &str, caller: Option<&Caller<'_>>) -> Grant {
    if kind == PrincipalType::Aws && value == "*" {
        return Grant::Direct;
    }
    let Some(c) = caller else {
        return Grant::None;
    };
    if kind != PrincipalType::Aws {
        return if value == c.arn {
            Grant::Direct
        } else {
            Grant::None
        };
    }
    if let Some((partition, account)) = account_named(value) {
        let same = c.account == Some(account) && partition.is_none_or(|p| p == c.partition);
        return match (same, c.kind) {
            (false, _) => Grant::None,
            (true, CallerKind::Root) => Grant::Direct,
            (true, _) => Grant::Account,
        };
    }
    if value == c.arn {
        return if c.kind == CallerKind::Role {
            Grant::Role
        } else {
            Grant::Direct
        };
    }
    if c.is_session_of(value) {
        Grant::Role
    } else {
        Grant::None
    }
}

/// `NotPrincipal` spares the caller only when it names the caller itself (or `*`):
/// naming its account or its role does not spare every principal in them.
fn excludes(named: &Principal, caller: Option<&Caller<'_>>) -> bool {
    let Principal::Typed(map) = named else {
        return true;
    };
    map.iter().any(|(kind, values)| {
        values.iter().any(|v| {
            (*kind == PrincipalType::Aws && v == "*")
                || caller.is_some_and(|c| {
                    v == c.arn
                        || (c.kind == CallerKind::Root
                            && *kind == PrincipalType::Aws
                            && account_named(v).is_some_and(|(_, a)| c.account == Some(a)))
                })
        })
    })
}

/// The account an AWS principal value names as a whole, with the partition when the
/// value is an ARN: a bare 12-digit id or `arn:P:iam::ID:root`.
fn account_named(value: &str) -> Option<(Option<&str>, &str)> {
    if crate::arn::is_account_id(value) {
        return Some((None, value));
    }
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "iam", "", account, "root"] if crate::arn::is_account_id(account) => {
            Some((Some(*partition), *account))
        }
        _ => None,
    }
}
