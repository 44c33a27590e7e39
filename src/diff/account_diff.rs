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
) -> AccountOutput {
    let mut ctx = AccountContext::new(key, desired, actual, scope);
    let mut out = AccountOutput {
        warnings: std::mem::take(&mut ctx.warnings),
        ..AccountOutput::default()
    };
    settings_diff::diff_settings(&ctx, &mut out);
    policy_diff::diff_policies(&ctx, &mut out);
    group_diff::diff_groups(&ctx, &mut out);
    user_diff::diff_users(&ctx, &mut out);
    role_diff::diff_roles(&ctx, &mut out);
    instance_profile_diff::diff_instance_profiles(&ctx, &mut out);
    provider_diff::diff_providers(&ctx, &mut out);
    out
}

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
