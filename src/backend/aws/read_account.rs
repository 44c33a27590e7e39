//! Reading a whole account in a constant number of paged calls, never one per entity,
//! except OIDC providers (few, and no list call with details) and the tags of the
//! policies and instance profiles a [`ReadScope`] wants (no list call returns them).

use std::collections::BTreeMap;

use aws_sdk_iam::types::EntityType;

use super::account_session::AccountSession;
use super::authorization_details::{self, RoleExtras};
use super::pagination::{MAX_ITEMS, Page, all_pages};
use super::sdk_values::{non_empty, rfc3339};
use super::{entity_tags, read_providers};
use crate::backend::{BackendError, ReadScope};
use crate::model::{AccountIam, EntityMeta, InstanceProfile, PasswordPolicy};

/// Reads users, groups, roles, customer-managed policies, instance profiles, identity
/// providers, alias and password policy of the session's account; the tags of policies
/// and instance profiles only for those `scope` wants.
pub(crate) async fn read_account(
    session: &AccountSession,
    scope: &ReadScope,
) -> Result<AccountIam, BackendError> {
    let mut iam = AccountIam::in_partition(session.account_id.clone(), session.partition);
    read_authorization_details(session, &mut iam).await?;
    read_instance_profiles(session, &mut iam).await?;
    entity_tags::read_tags(session, scope, &mut iam).await?;
    read_providers::read_identity_providers(session, &mut iam).await?;
    iam.settings.alias = read_alias(session).await?;
    iam.settings.password_policy = read_password_policy(session).await?;
    Ok(iam)
}

async fn read_authorization_details(
    session: &AccountSession,
    iam: &mut AccountIam,
) -> Result<(), BackendError> {
    const OP: &str = "GetAccountAuthorizationDetails";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .get_account_authorization_details()
                    .filter(EntityType::User)
                    .filter(EntityType::Group)
                    .filter(EntityType::Role)
                    .filter(EntityType::LocalManagedPolicy)
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let truncated = out.is_truncated();
        let marker = out.marker().map(str::to_string);
        Ok(Page::new(out, truncated, marker.as_deref()))
    })
    .await?;
    let extras = read_role_extras(session).await?;
    for page in &pages {
        for d in page.user_detail_list() {
            let user = authorization_details::user(d)?;
            iam.users.insert(user.name.clone(), user);
        }
        for d in page.group_detail_list() {
            let group = authorization_details::group(d)?;
            iam.groups.insert(group.name.clone(), group);
        }
        for d in page.role_detail_list() {
            let name = d.role_name().unwrap_or_default();
            let role =
                authorization_details::role(d, extras.get(name).unwrap_or(&RoleExtras::default()))?;
            iam.roles.insert(role.name.clone(), role);
        }
        for d in page.policies() {
            let policy = authorization_details::managed_policy(d)?;
            iam.policies.insert(policy.name.clone(), policy);
        }
    }
    Ok(())
}

/// Description and maximum session duration by role name (ListRoles has them; GAAD not).
async fn read_role_extras(
    session: &AccountSession,
) -> Result<BTreeMap<String, RoleExtras>, BackendError> {
    const OP: &str = "ListRoles";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_roles()
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let truncated = out.is_truncated();
        let marker = out.marker().map(str::to_string);
        Ok(Page::new(out.roles, truncated, marker.as_deref()))
    })
    .await?;
    Ok(pages
        .into_iter()
        .flatten()
        .map(|r| {
            let extras = RoleExtras {
                description: non_empty(r.description()),
                max_session_duration: r.max_session_duration().and_then(|s| u32::try_from(s).ok()),
            };
            (r.role_name, extras)
        })
        .collect())
}

/// Every instance profile, with or without roles. ListInstanceProfiles does not return
/// their tags: `entity_tags` reads those.
async fn read_instance_profiles(
    session: &AccountSession,
    iam: &mut AccountIam,
) -> Result<(), BackendError> {
    const OP: &str = "ListInstanceProfiles";
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_instance_profiles()
                    .max_items(MAX_ITEMS)
                    .set_marker(marker)
                    .send(),
            )
            .await?;
        let truncated = out.is_truncated();
        let marker = out.marker().map(str::to_string);
        Ok(Page::new(
            out.instance_profiles,
            truncated,
            marker.as_deref(),
        ))
    })
    .await?;
    for p in pages.into_iter().flatten() {
        let profile = InstanceProfile {
            roles: p
                .roles()
                .iter()
                .map(|r| r.role_name().to_string())
                .collect(),
            path: p.path().to_string(),
            tags: Default::default(),
            meta: EntityMeta {
                id: Some(p.instance_profile_id().to_string()),
                arn: Some(p.arn().to_string()),
                created: rfc3339(Some(p.create_date())),
            },
            name: p.instance_profile_name().to_string(),
        };
        iam.instance_profiles.insert(profile.name.clone(), profile);
    }
    Ok(())
}

async fn read_alias(session: &AccountSession) -> Result<Option<String>, BackendError> {
    // An account has at most one alias, but the call takes MaxItems like every listing.
    let out = session
        .read(
            "ListAccountAliases",
            session
                .reads
                .list_account_aliases()
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    Ok(out.account_aliases().first().cloned())
}

/// The password policy; `None` when the account has none (IAM answers NoSuchEntity).
pub(crate) async fn read_password_policy(
    session: &AccountSession,
) -> Result<Option<PasswordPolicy>, BackendError> {
    let out = match session
        .read(
            "GetAccountPasswordPolicy",
            session.reads.get_account_password_policy().send(),
        )
        .await
    {
        Ok(out) => out,
        Err(BackendError::NoSuchEntity(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(p) = out.password_policy() else {
        return Ok(None);
    };
    let positive = |v: Option<i32>| v.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0);
    Ok(Some(PasswordPolicy {
        minimum_password_length: positive(p.minimum_password_length()).unwrap_or(6),
        require_symbols: p.require_symbols(),
        require_numbers: p.require_numbers(),
        require_uppercase_characters: p.require_uppercase_characters(),
        require_lowercase_characters: p.require_lowercase_characters(),
        allow_users_to_change_password: p.allow_users_to_change_password(),
        max_password_age: positive(p.max_password_age()),
        password_reuse_prevention: positive(p.password_reuse_prevention()),
        hard_expiry: p.hard_expiry().unwrap_or(false),
    }))
}
