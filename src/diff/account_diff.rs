//! One account's diff: decide ownership, then let each entity kind emit its changes.

use std::collections::{BTreeMap, BTreeSet};

use super::account_context::{AccountContext, entity_path};
use super::{AccountKey, Change, IgnoredEntity};
use super::{
    group_diff, instance_profile_diff, policy_diff, provider_diff, role_diff, settings_diff,
    user_diff,
};
use crate::model::{AccountIam, EntityKind, EntityRef, Ownership, Scope};

/// What the diff of one account produced.
#[derive(Debug, Default)]
pub(super) struct AccountOutput {
    /// Changes in diff order (not yet dependency-ordered).
    pub changes: Vec<Change>,
    /// Entities left alone.
    pub ignored: Vec<IgnoredEntity>,
    /// Notes for the reviewer.
    pub warnings: Vec<String>,
}

/// Diffs one account.
pub(super) fn diff_account(
    key: AccountKey,
    desired: &AccountIam,
    actual: &AccountIam,
    scope: &Scope,
    expired: BTreeSet<EntityRef>,
) -> AccountOutput {
    let mut ctx = AccountContext::new(key, desired, actual, scope, expired);
    let mut out = AccountOutput {
        warnings: std::mem::take(&mut ctx.warnings),
        ..AccountOutput::default()
    };
    // Each kind only reads the context and appends its own output, so the kinds run on
    // all cores and their outputs are joined in this order.
    let kinds: [KindDiff; 7] = [
        settings_diff::diff_settings,
        policy_diff::diff_policies,
        group_diff::diff_groups,
        user_diff::diff_users,
        role_diff::diff_roles,
        instance_profile_diff::diff_instance_profiles,
        provider_diff::diff_providers,
    ];
    let outputs = crate::parallel::map(&kinds, |diff_kind| {
        let mut own = AccountOutput::default();
        diff_kind(&ctx, &mut own);
        own
    });
    for own in outputs {
        out.changes.extend(own.changes);
        out.ignored.extend(own.ignored);
        out.warnings.extend(own.warnings);
    }
    out
}

/// The diff of one entity kind: reads the context, appends to the output.
type KindDiff = fn(&AccountContext<'_>, &mut AccountOutput);

/// Every name in either map, sorted.
pub(super) fn all_names<'m, V>(
    desired: &'m BTreeMap<String, V>,
    actual: &'m BTreeMap<String, V>,
) -> BTreeSet<&'m str> {
    desired
        .keys()
        .chain(actual.keys())
        .map(String::as_str)
        .collect()
}

/// Decides how `kind`/`name` is treated and records what is left alone. Returns the
/// ownership when the diff should act: `Managed`, or `Prunable` unless held back.
pub(super) fn triage(
    ctx: &AccountContext<'_>,
    out: &mut AccountOutput,
    kind: EntityKind,
    name: &str,
) -> Option<Ownership> {
    let entity = EntityRef::new(kind, name);
    let in_manifest = entity_path(ctx.desired, kind, name).is_some();
    let actual_path = entity_path(ctx.actual, kind, name);
    let ownership = ctx.ownership(kind, name);
    if ownership == Ownership::Reserved && in_manifest {
        out.warnings.push(format!(
            "{}: a manifest defines {entity}, which AWS reserves; iamform never changes it",
            ctx.key.name
        ));
    }
    match ownership {
        Ownership::Unmanaged | Ownership::Reserved => {
            if let Some(path) = actual_path {
                out.ignored.push(IgnoredEntity {
                    account: ctx.key.clone(),
                    target: entity,
                    path: path.to_string(),
                    ownership,
                });
            }
            None
        }
        Ownership::Prunable if ctx.held_back.contains(&entity) => None,
        Ownership::Managed | Ownership::Prunable => Some(ownership),
    }
}
