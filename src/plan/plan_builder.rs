//! From desired and actual state to a [`Plan`]: check, diff, order, keep the targeted
//! changes, count, fingerprint.

use std::collections::BTreeMap;

use super::credential_access::add_credential_removals;
use super::expiry_notes::expiry_notes;
use super::fingerprint::fingerprint;
use super::link_halves::link_halves;
use super::policy_references::missing_policy_references;
use super::principal_references::missing_principals;
use super::shared_access::shared_access;
use super::shared_changes::shared_changes;
use super::state_after::accounts_after;
use super::summary::summarize;
use super::target::{Target, restrict};
use super::unread_accounts::{HeldBackChange, UnreadAccount, hold_back, without_unread};
use super::{AccountFingerprint, PLAN_FORMAT_VERSION, Plan, PlanExpiry, PlannedChange, Targeting};
use crate::access::{AccessChange, access_changes_to};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::{self, AccountKey, IgnoredEntity};
use crate::graph::{self, OrderError, OrderedChange};
use crate::model::{AccountIam, DesiredState};
use crate::policy::DataVersions;

/// Builds the plan that makes every declared account match its manifests. `actual` holds
/// what was read, by account name; an account missing from it is treated as empty.
/// Fails with located diagnostics when a manifest attaches an own-account policy that
/// neither the manifests define nor the account holds, or when changes cannot be ordered.
/// Lint findings are left empty: the caller lints once and adds them with
/// [`super::attach_findings`].
pub fn build(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Result<Plan, Diagnostics> {
    build_targeted(desired, actual, &[])
}

/// [`build`] limited to the changes of `targets` and what they depend on (`plan
/// --target`); no targets plans everything. The targets are
/// checked first with [`super::check_targets`]: here one that names nothing keeps
/// nothing.
pub fn build_targeted(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    targets: &[Target],
) -> Result<Plan, Diagnostics> {
    build_partial(desired, actual, targets, &[])
}

/// [`build_targeted`] when the accounts of `unread` could not be read: they get no
/// changes, and changes to the others that depend on them are held back
/// ([`super::unread_accounts`]); the plan lists both. `actual` holds the accounts read.
pub fn build_partial(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    targets: &[Target],
    unread: &[UnreadAccount],
) -> Result<Plan, Diagnostics> {
    if unread.is_empty() {
        return build_read(desired, actual, targets, None);
    }
    let read = without_unread(desired, unread);
    let mut plan = build_read(&read, actual, targets, Some((desired, unread)))?;
    plan.incomplete = unread.to_vec();
    Ok(plan)
}

/// The plan of the accounts of `desired`, all read; `whole` is the whole desired state
/// and the unread accounts when some are left out of `desired`.
fn build_read(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    targets: &[Target],
    whole: Option<(&DesiredState, &[UnreadAccount])>,
) -> Result<Plan, Diagnostics> {
    let mut missing = missing_policy_references(desired, actual);
    missing.0.extend(missing_principals(desired, actual).0);
    if !missing.0.is_empty() {
        return Err(missing);
    }
    // The fingerprints of what was read need nothing else: they are hashed on another
    // core while the diff, order and effective access are worked out.
    let (fingerprints, planned) = crate::parallel::join(
        || account_fingerprints(desired, actual),
        || plan_changes(desired, actual, targets, whole),
    );
    let Planned {
        changes,
        held_back,
        access,
        targeting,
        ignored,
        warnings,
        expiry,
    } = planned?;
    Ok(Plan {
        format_version: PLAN_FORMAT_VERSION,
        targeting,
        summary: summarize(&changes),
        shared: shared_changes(&changes),
        links: link_halves(desired, &changes),
        changes,
        ignored,
        warnings,
        broadens_access: access.iter().any(|c| c.broadens),
        narrows_access: access.iter().any(|c| c.narrows),
        shared_access: shared_access(&access, &fingerprints),
        access,
        findings: Vec::new(),
        findings_on_unchanged: 0,
        accounts: fingerprints,
        expiry,
        aws_data: Some(DataVersions::bundled()),
        incomplete: Vec::new(),
        held_back,
    })
}

/// What [`build_targeted`] works out from the diff.
struct Planned {
    changes: Vec<PlannedChange>,
    held_back: Vec<HeldBackChange>,
    access: Vec<AccessChange>,
    targeting: Option<Targeting>,
    ignored: Vec<IgnoredEntity>,
    warnings: Vec<String>,
    expiry: Option<PlanExpiry>,
}

/// Diff, order, keep the targeted changes, hold back those that depend on unread
/// accounts, and the effective access the rest make.
fn plan_changes(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
    targets: &[Target],
    whole: Option<(&DesiredState, &[UnreadAccount])>,
) -> Result<Planned, Diagnostics> {
    let diff = diff::compute(desired, actual);
    let split = graph::split_trust_cycles(diff.changes);
    let ordered = numbered(graph::order_changes(split.changes).map_err(order_diagnostics)?);
    let (mut changes, mut access, targeting) = if targets.is_empty() {
        (
            ordered,
            crate::access::access_changes(desired, actual),
            None,
        )
    } else {
        let targeted = restrict(desired, actual, ordered, targets);
        (targeted.changes, targeted.access, Some(targeted.targeting))
    };
    let mut held_back = Vec::new();
    if let Some((whole, unread)) = whole {
        let (kept, held) = hold_back(whole, changes, unread);
        changes = kept;
        if !held.is_empty() {
            access = access_changes_to(desired, actual, &accounts_after(desired, actual, &changes));
        }
        held_back = held;
    }
    add_credential_removals(&changes, &mut access);
    let expiry = expiry_notes(desired, actual, &mut changes);
    let mut warnings = diff.warnings;
    warnings.extend(split.notes);
    Ok(Planned {
        changes,
        held_back,
        access,
        targeting,
        ignored: diff.ignored,
        warnings,
        expiry,
    })
}

/// The fingerprint of what was read from each declared account (an account not read
/// is empty).
fn account_fingerprints(
    desired: &DesiredState,
    actual: &BTreeMap<String, AccountIam>,
) -> Vec<AccountFingerprint> {
    desired
        .accounts
        .iter()
        .map(|(name, account)| {
            let read = actual.get(name);
            let config = &account.config;
            let empty = AccountIam::in_partition(config.id.clone(), config.partition);
            AccountFingerprint {
                account: AccountKey {
                    name: name.clone(),
                    id: config.id.clone(),
                    partition: config.partition,
                },
                fingerprint: fingerprint(read.unwrap_or(&empty)),
            }
        })
        .collect()
}

/// The checks `plan` runs that need only the manifests, for `validate`: the changes
/// that create every account from nothing can be ordered (trust cycles among new roles
/// included). Checks that need the accounts (policies attached by ARN) run in [`build`].
pub fn check_desired(desired: &DesiredState) -> Result<(), Diagnostics> {
    let empty: BTreeMap<String, AccountIam> = BTreeMap::new();
    let diff = diff::compute(desired, &empty);
    let split = graph::split_trust_cycles(diff.changes);
    graph::order_changes(split.changes)
        .map(|_| ())
        .map_err(order_diagnostics)
}

/// The ordered changes as the plan holds them: each gets its position as its id, which
/// is what `depends_on` already counts in.
fn numbered(ordered: Vec<OrderedChange>) -> Vec<PlannedChange> {
    ordered
        .into_iter()
        .enumerate()
        .map(|(id, o)| PlannedChange {
            id,
            change: o.change,
            depends_on: o.depends_on,
            expired: None,
        })
        .collect()
}

fn order_diagnostics(e: OrderError) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(None, e.to_string()).with_help(
        "no order of these changes works in one apply; apply part of the manifests first \
         (e.g. without one of the entities named), then the rest",
    )])
}
