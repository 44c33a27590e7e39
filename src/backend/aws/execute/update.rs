//! In-place updates of scalar fields: paths (users, groups), a role's description and
//! maximum session duration, and tag sets of any taggable entity.

use super::entity::session_seconds;
use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::backend::aws::sdk_values::{non_empty, tags_to_sdk};
use crate::diff::{FieldChange, TagDelta};
use crate::model::{EntityKind, EntityRef, Tags};

/// Applies every field change of one Update to `target`.
pub(crate) async fn update(
    session: &AccountSession,
    target: &EntityRef,
    fields: &[FieldChange],
) -> Result<(), BackendError> {
    if matches!(
        target.kind,
        EntityKind::OidcProvider | EntityKind::SamlProvider
    ) {
        for field in fields {
            super::identity_providers::update_field(session, target, field).await?;
        }
        return Ok(());
    }
    let mut description: Option<Option<String>> = None;
    let mut max_session: Option<u32> = None;
    for field in fields {
        match field {
            FieldChange::Path { after, .. } => update_path(session, target, after).await?,
            FieldChange::Tags { before, after } => {
                update_tags(session, target, before, after).await?
            }
            FieldChange::Description { after, .. } => description = Some(after.clone()),
            FieldChange::MaxSessionDuration { after, .. } => max_session = Some(*after),
            FieldChange::ClientIds { .. }
            | FieldChange::Thumbprints { .. }
            | FieldChange::SamlMetadata { .. } => {
                return Err(unsupported(target, "identity-provider fields"));
            }
        }
    }
    if description.is_some() || max_session.is_some() {
        update_role(session, target, description, max_session).await?;
    }
    Ok(())
}

fn unsupported(target: &EntityRef, what: &str) -> BackendError {
    BackendError::InvalidInput(format!("IAM cannot change the {what} of {target} in place"))
}

async fn update_path(
    session: &AccountSession,
    target: &EntityRef,
    path: &str,
) -> Result<(), BackendError> {
    let name = &target.name;
    match target.kind {
        EntityKind::User => {
            let call = session
                .iam
                .update_user()
                .user_name(name)
                .new_path(path)
                .send();
            session.send("UpdateUser", call).await.map(drop)
        }
        EntityKind::Group => {
            let call = session
                .iam
                .update_group()
                .group_name(name)
                .new_path(path)
                .send();
            session.send("UpdateGroup", call).await.map(drop)
        }
        _ => Err(unsupported(target, "path")),
    }
}

/// One UpdateRole with both description and session duration. IAM leaves an omitted
/// field alone, but moto resets it, so the field this update does not change is sent
/// with its current value (one GetRole) rather than omitted.
async fn update_role(
    session: &AccountSession,
    target: &EntityRef,
    description: Option<Option<String>>,
    max_session: Option<u32>,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::Role {
        return Err(unsupported(target, "description or session duration"));
    }
    let name = &target.name;
    let (description, max_session) = match (description, max_session) {
        (Some(d), Some(m)) => (d, m),
        (d, m) => {
            let got = session
                .read("GetRole", session.reads.get_role().role_name(name).send())
                .await?;
            let current = got.role();
            let current_description = non_empty(current.and_then(|r| r.description()));
            let current_session = current
                .and_then(|r| r.max_session_duration())
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(crate::model::DEFAULT_MAX_SESSION_DURATION);
            (
                d.unwrap_or(current_description),
                m.unwrap_or(current_session),
            )
        }
    };
    let call = session
        .iam
        .update_role()
        .role_name(name)
        // An empty description is how IAM clears it.
        .description(description.unwrap_or_default())
        .max_session_duration(session_seconds(max_session)?)
        .send();
    session.send("UpdateRole", call).await.map(drop)
}

async fn update_tags(
    session: &AccountSession,
    target: &EntityRef,
    before: &Tags,
    after: &Tags,
) -> Result<(), BackendError> {
    let delta = TagDelta::between(before, after);
    let name = &target.name;
    let iam = &session.iam;
    let tags = tags_to_sdk(&delta.set_values())?;
    let keys = (!delta.removed.is_empty()).then(|| delta.removed_keys());
    match target.kind {
        EntityKind::User => {
            if let Some(keys) = keys {
                let call = iam
                    .untag_user()
                    .user_name(name)
                    .set_tag_keys(Some(keys))
                    .send();
                session.send("UntagUser", call).await?;
            }
            if tags.is_some() {
                let call = iam.tag_user().user_name(name).set_tags(tags).send();
                session.send("TagUser", call).await?;
            }
        }
        EntityKind::Role => {
            if let Some(keys) = keys {
                let call = iam
                    .untag_role()
                    .role_name(name)
                    .set_tag_keys(Some(keys))
                    .send();
                session.send("UntagRole", call).await?;
            }
            if tags.is_some() {
                let call = iam.tag_role().role_name(name).set_tags(tags).send();
                session.send("TagRole", call).await?;
            }
        }
        EntityKind::Policy => {
            let arn = session.policy_arn(name).await?;
            if let Some(keys) = keys {
                let call = iam
                    .untag_policy()
                    .policy_arn(&arn)
                    .set_tag_keys(Some(keys))
                    .send();
                session.send("UntagPolicy", call).await?;
            }
            if tags.is_some() {
                let call = iam.tag_policy().policy_arn(&arn).set_tags(tags).send();
                session.send("TagPolicy", call).await?;
            }
        }
        EntityKind::InstanceProfile => {
            if let Some(keys) = keys {
                let call = iam
                    .untag_instance_profile()
                    .instance_profile_name(name)
                    .set_tag_keys(Some(keys))
                    .send();
                session.send("UntagInstanceProfile", call).await?;
            }
            if tags.is_some() {
                let call = iam
                    .tag_instance_profile()
                    .instance_profile_name(name)
                    .set_tags(tags)
                    .send();
                session.send("TagInstanceProfile", call).await?;
            }
        }
        // Identity providers are updated by `identity_providers`.
        EntityKind::Group
        | EntityKind::AccountSettings
        | EntityKind::OidcProvider
        | EntityKind::SamlProvider
        | EntityKind::PermissionSet => return Err(unsupported(target, "tags")),
    }
    Ok(())
}
