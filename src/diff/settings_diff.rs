//! Account alias and password policy, compared only when the manifests set them.

use super::Action;
use super::account_context::AccountContext;
use super::account_diff::AccountOutput;
use crate::model::EntityKind;

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
