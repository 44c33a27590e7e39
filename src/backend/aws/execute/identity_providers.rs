//! OIDC and SAML identity providers: create, delete, and the in-place updates IAM offers
//! (audiences one by one, thumbprints and SAML metadata as a whole, tags).
//! https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html,
//! API_AddClientIDToOpenIDConnectProvider.html, API_UpdateOpenIDConnectProviderThumbprint.html,
//! API_CreateSAMLProvider.html, API_UpdateSAMLProvider.html.

use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::backend::aws::sdk_values::tags_to_sdk;
use crate::diff::{FieldChange, TagDelta};
use crate::model::{EntityKind, EntityRef, OidcProvider, SamlProvider};

/// The ARN of provider `target` in the session's account.
pub(crate) fn provider_arn(session: &AccountSession, target: &EntityRef) -> String {
    crate::arn::iam_entity(
        session.partition,
        &session.account_id,
        target.kind.arn_type(),
        "/",
        &target.name,
    )
}

/// CreateOpenIDConnectProvider with audiences, thumbprints (when given) and tags.
pub(crate) async fn create_oidc(
    session: &AccountSession,
    p: &OidcProvider,
) -> Result<(), BackendError> {
    let thumbprints = (!p.thumbprints.is_empty()).then(|| p.thumbprints.iter().cloned().collect());
    let call = session
        .iam
        .create_open_id_connect_provider()
        .url(format!("https://{}", p.url))
        .set_client_id_list(Some(p.client_ids.iter().cloned().collect()))
        .set_thumbprint_list(thumbprints)
        .set_tags(tags_to_sdk(&p.tags)?)
        .send();
    session
        .send("CreateOpenIDConnectProvider", call)
        .await
        .map(drop)
}

/// CreateSAMLProvider with its metadata document and tags.
pub(crate) async fn create_saml(
    session: &AccountSession,
    p: &SamlProvider,
) -> Result<(), BackendError> {
    let metadata = p.metadata.clone().ok_or_else(|| {
        BackendError::InvalidInput(format!("SAML provider {} has no metadata", p.name))
    })?;
    let call = session
        .iam
        .create_saml_provider()
        .name(&p.name)
        .saml_metadata_document(metadata)
        .set_tags(tags_to_sdk(&p.tags)?)
        .send();
    session.send("CreateSAMLProvider", call).await.map(drop)
}

/// Deletes provider `target`.
pub(crate) async fn delete(
    session: &AccountSession,
    target: &EntityRef,
) -> Result<(), BackendError> {
    let arn = provider_arn(session, target);
    match target.kind {
        EntityKind::OidcProvider => {
            let call = session
                .iam
                .delete_open_id_connect_provider()
                .open_id_connect_provider_arn(arn)
                .send();
            session
                .send("DeleteOpenIDConnectProvider", call)
                .await
                .map(drop)
        }
        _ => {
            let call = session
                .iam
                .delete_saml_provider()
                .saml_provider_arn(arn)
                .send();
            session.send("DeleteSAMLProvider", call).await.map(drop)
        }
    }
}

/// One field of an Update of provider `target`.
pub(crate) async fn update_field(
    session: &AccountSession,
    target: &EntityRef,
    field: &FieldChange,
) -> Result<(), BackendError> {
    let arn = provider_arn(session, target);
    let iam = &session.iam;
    match field {
        FieldChange::ClientIds { before, after } => {
            for id in after.difference(before) {
                let call = iam
                    .add_client_id_to_open_id_connect_provider()
                    .open_id_connect_provider_arn(&arn)
                    .client_id(id)
                    .send();
                session
                    .send("AddClientIDToOpenIDConnectProvider", call)
                    .await?;
            }
            for id in before.difference(after) {
                let call = iam
                    .remove_client_id_from_open_id_connect_provider()
                    .open_id_connect_provider_arn(&arn)
                    .client_id(id)
                    .send();
                session
                    .send("RemoveClientIDFromOpenIDConnectProvider", call)
                    .await?;
            }
            Ok(())
        }
        FieldChange::Thumbprints { after, .. } => {
            let call = iam
                .update_open_id_connect_provider_thumbprint()
                .open_id_connect_provider_arn(&arn)
                .set_thumbprint_list(Some(after.iter().cloned().collect()))
                .send();
            session
                .send("UpdateOpenIDConnectProviderThumbprint", call)
                .await
                .map(drop)
        }
        FieldChange::SamlMetadata { after, .. } => {
            let call = iam
                .update_saml_provider()
                .saml_provider_arn(&arn)
                .saml_metadata_document(after)
                .send();
            session.send("UpdateSAMLProvider", call).await.map(drop)
        }
        FieldChange::Tags { before, after } => {
            update_tags(session, target, &arn, before, after).await
        }
        FieldChange::Path { .. }
        | FieldChange::Description { .. }
        | FieldChange::MaxSessionDuration { .. } => Err(BackendError::InvalidInput(format!(
            "IAM cannot change this field of {target} in place"
        ))),
    }
}

async fn update_tags(
    session: &AccountSession,
    target: &EntityRef,
    arn: &str,
    before: &crate::model::Tags,
    after: &crate::model::Tags,
) -> Result<(), BackendError> {
    let delta = TagDelta::between(before, after);
    let tags = tags_to_sdk(&delta.set_values())?;
    let keys = (!delta.removed.is_empty()).then(|| delta.removed_keys());
    let iam = &session.iam;
    if target.kind == EntityKind::OidcProvider {
        if let Some(keys) = keys {
            let call = iam
                .untag_open_id_connect_provider()
                .open_id_connect_provider_arn(arn)
                .set_tag_keys(Some(keys))
                .send();
            session.send("UntagOpenIDConnectProvider", call).await?;
        }
        if tags.is_some() {
            let call = iam
                .tag_open_id_connect_provider()
                .open_id_connect_provider_arn(arn)
                .set_tags(tags)
                .send();
            session.send("TagOpenIDConnectProvider", call).await?;
        }
    } else {
        if let Some(keys) = keys {
            let call = iam
                .untag_saml_provider()
                .saml_provider_arn(arn)
                .set_tag_keys(Some(keys))
                .send();
            session.send("UntagSAMLProvider", call).await?;
        }
        if tags.is_some() {
            let call = iam
                .tag_saml_provider()
                .saml_provider_arn(arn)
                .set_tags(tags)
                .send();
            session.send("TagSAMLProvider", call).await?;
        }
    }
    Ok(())
}
