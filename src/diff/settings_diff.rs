//! Account alias and password policy, compared only when the manifests set them; the
//! service-linked roles the manifests list, created when missing and deleted only with
//! `prune_service_linked_roles: true`. Both service-linked-role changes target the
//! account settings: apply's safety check refuses any change that targets a role AWS
//! reserves, so this opt-in is the only way one is ever deleted.

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::AccountOutput;
use crate::model::{EntityKind, service_of_linked_role};

/// The target name of account-settings changes.
pub const ACCOUNT_SETTINGS_NAME: &str = "account";

/// Emits alias and password-policy changes; `None` in the desired state means unmanaged.
pub(super) fn diff_settings(ctx: &AccountContext<'_>, out: &mut AccountOutput) {
    let (want, have) = (&ctx.desired.settings, &ctx.actual.settings);
    if let Some(alias) = &want.alias
        && have.alias.as_ref() != Some(alias)
    {
        out.changes.push(ctx.change(
            EntityKind::AccountSettings,
            ACCOUNT_SETTINGS_NAME,
            Action::SetAccountAlias {
                before: have.alias.clone(),
                after: alias.clone(),
            },
        ));
    }
    let linked: std::collections::BTreeMap<&str, &str> = ctx
        .actual
        .roles
        .values()
        .filter_map(|r| service_of_linked_role(&r.path).map(|s| (s, r.name.as_str())))
        .collect();
    for service in &want.service_linked_roles {
        if !linked.contains_key(service.as_str()) {
            out.changes.push(ctx.change(
                EntityKind::AccountSettings,
                ACCOUNT_SETTINGS_NAME,
                Action::CreateServiceLinkedRole {
                    service: service.clone(),
                },
            ));
        }
    }
    if want.prune_service_linked_roles {
        for (service, role) in &linked {
            if !want.service_linked_roles.contains(*service) {
                out.changes.push(ctx.change(
                    EntityKind::AccountSettings,
                    ACCOUNT_SETTINGS_NAME,
                    Action::DeleteServiceLinkedRole {
                        service: service.to_string(),
                        role: role.to_string(),
                    },
                ));
            }
        }
    }
    if let Some(policy) = &want.password_policy
        && have.password_policy.as_ref() != Some(policy)
    {
        out.changes.push(ctx.change(
            EntityKind::AccountSettings,
            ACCOUNT_SETTINGS_NAME,
            Action::SetPasswordPolicy {
                before: have.password_policy.clone(),
                after: policy.clone(),
            },
        ));
    }
}
