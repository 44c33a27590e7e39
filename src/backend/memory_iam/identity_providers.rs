//! OIDC and SAML identity providers in the in-memory IAM, with IAM's limits
//! (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html,
//! https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html).

use super::naming::{check_tags, existing_key};
use crate::backend::BackendError;
use crate::diff::FieldChange;
use crate::model::{AccountIam, EntityKind, EntityMeta, EntityRef, OidcProvider, SamlProvider};

/// Most audiences an OIDC provider holds.
const MAX_CLIENT_IDS: usize = 100;
/// Most thumbprints an OIDC provider holds.
const MAX_THUMBPRINTS: usize = 5;
/// Shortest and longest SAML metadata document IAM accepts.
const SAML_METADATA_LEN: std::ops::RangeInclusive<usize> = 1000..=10_000_000;

fn invalid(message: String) -> BackendError {
    BackendError::InvalidInput(message)
}

fn check_oidc(p: &OidcProvider) -> Result<(), BackendError> {
    if p.client_ids.len() > MAX_CLIENT_IDS {
        return Err(invalid(format!(
            "{} client ids, IAM allows at most {MAX_CLIENT_IDS}",
            p.client_ids.len()
        )));
    }
    if let Some(id) = p.client_ids.iter().find(|c| c.is_empty() || c.len() > 255) {
        return Err(invalid(format!(
            "client id `{id}` must be 1 to 255 characters"
        )));
    }
    if p.thumbprints.len() > MAX_THUMBPRINTS {
        return Err(invalid(format!(
            "{} thumbprints, IAM allows at most {MAX_THUMBPRINTS}",
            p.thumbprints.len()
        )));
    }
    if let Some(t) = p
        .thumbprints
        .iter()
        .find(|t| t.len() != 40 || !t.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(invalid(format!("thumbprint `{t}` is not 40 hex digits")));
    }
    check_tags(&p.tags)
}

fn check_metadata(metadata: Option<&str>) -> Result<(), BackendError> {
    let len = metadata.map_or(0, |m| m.chars().count());
    if SAML_METADATA_LEN.contains(&len) {
        Ok(())
    } else {
        Err(invalid(format!(
            "SAML metadata of {len} characters; IAM takes 1,000 to 10,000,000"
        )))
    }
}

/// CreateOpenIDConnectProvider.
pub fn create_oidc(
    account: &mut AccountIam,
    p: &OidcProvider,
    meta: EntityMeta,
) -> Result<(), BackendError> {
    check_oidc(p)?;
    let mut p = p.clone();
    p.meta = meta;
    account.oidc_providers.insert(p.url.clone(), p);
    Ok(())
}

/// CreateSAMLProvider.
pub fn create_saml(
    account: &mut AccountIam,
    p: &SamlProvider,
    meta: EntityMeta,
) -> Result<(), BackendError> {
    check_metadata(p.metadata.as_deref())?;
    check_tags(&p.tags)?;
    let mut p = p.clone();
    p.meta = meta;
    account.saml_providers.insert(p.name.clone(), p);
    Ok(())
}

/// DeleteOpenIDConnectProvider or DeleteSAMLProvider (IAM deletes a provider that trust
/// policies still name; those roles then cannot be assumed through it).
pub fn delete(account: &mut AccountIam, target: &EntityRef) -> Result<(), BackendError> {
    if target.kind == EntityKind::OidcProvider {
        let key = existing_key(&account.oidc_providers, target.kind, &target.name)?;
        account.oidc_providers.remove(&key);
    } else {
        let key = existing_key(&account.saml_providers, target.kind, &target.name)?;
        account.saml_providers.remove(&key);
    }
    Ok(())
}

/// Audiences, thumbprints, metadata and tags, all checked before any is written.
pub fn update(
    account: &mut AccountIam,
    target: &EntityRef,
    fields: &[FieldChange],
) -> Result<(), BackendError> {
    let not_updatable = || invalid(format!("IAM cannot update this field of {target} in place"));
    if target.kind == EntityKind::OidcProvider {
        let key = existing_key(&account.oidc_providers, target.kind, &target.name)?;
        let mut p = account.oidc_providers[&key].clone();
        for field in fields {
            match field {
                FieldChange::ClientIds { after, .. } => p.client_ids = after.clone(),
                FieldChange::Thumbprints { after, .. } => p.thumbprints = after.clone(),
                FieldChange::Tags { after, .. } => p.tags = after.clone(),
                _ => return Err(not_updatable()),
            }
        }
        check_oidc(&p)?;
        account.oidc_providers.insert(key, p);
    } else {
        let key = existing_key(&account.saml_providers, target.kind, &target.name)?;
        let mut p = account.saml_providers[&key].clone();
        for field in fields {
            match field {
                FieldChange::SamlMetadata { after, .. } => p.metadata = Some(after.clone()),
                FieldChange::Tags { after, .. } => p.tags = after.clone(),
                _ => return Err(not_updatable()),
            }
        }
        check_metadata(p.metadata.as_deref())?;
        check_tags(&p.tags)?;
        account.saml_providers.insert(key, p);
    }
    Ok(())
}
