//! Creating and deleting whole entities. A create makes the entity bare (attachments,
//! inline policies and memberships are changes of their own); a delete first removes
//! what IAM refuses to delete along with the entity and that no change models
//! (a user's credentials, a role's instance-profile slots, old policy versions).

use super::identity_providers;
use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::backend::aws::pagination::{MAX_ITEMS, Page, all_pages};
use crate::backend::aws::sdk_values::tags_to_sdk;
use crate::model::{Entity, Group, InstanceProfile, ManagedPolicy, Role, User};

/// Creates `entity` bare.
pub(crate) async fn create(session: &AccountSession, entity: &Entity) -> Result<(), BackendError> {
    match entity {
        Entity::User(u) => create_user(session, u).await,
        Entity::Group(g) => create_group(session, g).await,
        Entity::Role(r) => create_role(session, r).await,
        Entity::Policy(p) => create_policy(session, p).await,
        Entity::InstanceProfile(p) => create_instance_profile(session, p).await,
        Entity::OidcProvider(p) => identity_providers::create_oidc(session, p).await,
        Entity::SamlProvider(p) => identity_providers::create_saml(session, p).await,
    }
}

/// Deletes `entity` and what no change models.
pub(crate) async fn delete(session: &AccountSession, entity: &Entity) -> Result<(), BackendError> {
    match entity {
        Entity::User(u) => delete_user(session, &u.name).await,
        Entity::Group(g) => {
            let call = session.iam.delete_group().group_name(&g.name).send();
            session.send("DeleteGroup", call).await.map(drop)
        }
        Entity::Role(r) => delete_role(session, &r.name).await,
        Entity::Policy(p) => delete_policy(session, p).await,
        Entity::InstanceProfile(p) => delete_instance_profile(session, &p.name).await,
        Entity::OidcProvider(_) | Entity::SamlProvider(_) => {
            identity_providers::delete(session, &entity.entity_ref()).await
        }
    }
}

async fn create_user(session: &AccountSession, u: &User) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_user()
        .user_name(&u.name)
        .path(&u.path)
        .set_permissions_boundary(u.permissions_boundary.clone())
        .set_tags(tags_to_sdk(&u.tags)?)
        .send();
    session.send("CreateUser", call).await.map(drop)
}

async fn create_group(session: &AccountSession, g: &Group) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_group()
        .group_name(&g.name)
        .path(&g.path)
        .send();
    session.send("CreateGroup", call).await.map(drop)
}

async fn create_role(session: &AccountSession, r: &Role) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_role()
        .role_name(&r.name)
        .path(&r.path)
        .assume_role_policy_document(r.trust_policy.to_json_string())
        .set_description(r.description.clone())
        .max_session_duration(session_seconds(r.max_session_duration)?)
        .set_permissions_boundary(r.permissions_boundary.clone())
        .set_tags(tags_to_sdk(&r.tags)?)
        .send();
    session.send("CreateRole", call).await.map(drop)
}

/// IAM takes the session duration as an i32.
pub(crate) fn session_seconds(seconds: u32) -> Result<i32, BackendError> {
    i32::try_from(seconds).map_err(|_| {
        BackendError::InvalidInput(format!("max session duration {seconds} is too large"))
    })
}

async fn create_policy(session: &AccountSession, p: &ManagedPolicy) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_policy()
        .policy_name(&p.name)
        .path(&p.path)
        .policy_document(p.document.to_json_string())
        .set_description(p.description.clone())
        .set_tags(tags_to_sdk(&p.tags)?)
        .send();
    let out = session.send("CreatePolicy", call).await?;
    if let Some(arn) = out.policy().and_then(|p| p.arn()) {
        session.policy_arns.remember(&p.name, arn);
    }
    Ok(())
}

async fn create_instance_profile(
    session: &AccountSession,
    p: &InstanceProfile,
) -> Result<(), BackendError> {
    let call = session
        .iam
        .create_instance_profile()
        .instance_profile_name(&p.name)
        .path(&p.path)
        .set_tags(tags_to_sdk(&p.tags)?)
        .send();
    session.send("CreateInstanceProfile", call).await.map(drop)
}

/// Passes when the entity is already gone: a credential removed meanwhile is no reason
/// to fail a delete.
fn gone_is_fine(result: Result<(), BackendError>) -> Result<(), BackendError> {
    match result {
        Err(BackendError::NoSuchEntity(_)) => Ok(()),
        other => other,
    }
}

/// Deletes a user after its login profile, access keys, MFA devices, SSH keys, signing
/// certificates and service-specific credentials, which IAM will not delete with it.
async fn delete_user(session: &AccountSession, name: &str) -> Result<(), BackendError> {
    let iam = &session.iam;
    let call = iam.delete_login_profile().user_name(name).send();
    gone_is_fine(session.send("DeleteLoginProfile", call).await.map(drop))?;

    // A user holds at most 2 access keys, 8 MFA devices, 5 SSH keys and 2 signing
    // certificates, so one page of MaxItems holds them all.
    let reads = &session.reads;
    let keys = session
        .read(
            "ListAccessKeys",
            reads
                .list_access_keys()
                .user_name(name)
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for key in keys.access_key_metadata() {
        let Some(id) = key.access_key_id() else {
            continue;
        };
        let call = iam
            .delete_access_key()
            .user_name(name)
            .access_key_id(id)
            .send();
        gone_is_fine(session.send("DeleteAccessKey", call).await.map(drop))?;
    }

    let mfa = session
        .read(
            "ListMFADevices",
            reads
                .list_mfa_devices()
                .user_name(name)
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for device in mfa.mfa_devices() {
        let serial = device.serial_number();
        let call = iam
            .deactivate_mfa_device()
            .user_name(name)
            .serial_number(serial)
            .send();
        gone_is_fine(session.send("DeactivateMFADevice", call).await.map(drop))?;
        // Virtual devices have an ARN serial and outlive the user unless deleted.
        if serial.starts_with("arn:") {
            let call = iam.delete_virtual_mfa_device().serial_number(serial).send();
            gone_is_fine(session.send("DeleteVirtualMFADevice", call).await.map(drop))?;
        }
    }

    let ssh = session
        .read(
            "ListSSHPublicKeys",
            reads
                .list_ssh_public_keys()
                .user_name(name)
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for key in ssh.ssh_public_keys() {
        let call = iam
            .delete_ssh_public_key()
            .user_name(name)
            .ssh_public_key_id(key.ssh_public_key_id())
            .send();
        gone_is_fine(session.send("DeleteSSHPublicKey", call).await.map(drop))?;
    }

    let certs = session
        .read(
            "ListSigningCertificates",
            reads
                .list_signing_certificates()
                .user_name(name)
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for cert in certs.certificates() {
        let call = iam
            .delete_signing_certificate()
            .user_name(name)
            .certificate_id(cert.certificate_id())
            .send();
        gone_is_fine(
            session
                .send("DeleteSigningCertificate", call)
                .await
                .map(drop),
        )?;
    }

    // Service-specific credentials are rare and some IAM emulators cannot list them: a
    // failed listing only matters if IAM then refuses the delete, which it does while
    // any credential is left.
    let listing_error = delete_service_specific_credentials(session, name)
        .await
        .err();

    let call = iam.delete_user().user_name(name).send();
    match (session.send("DeleteUser", call).await, listing_error) {
        (Ok(_), _) => Ok(()),
        (Err(BackendError::DeleteConflict(_)), Some(listing)) => Err(listing),
        (Err(e), _) => Err(e),
    }
}

async fn delete_service_specific_credentials(
    session: &AccountSession,
    name: &str,
) -> Result<(), BackendError> {
    let iam = &session.iam;
    // ListServiceSpecificCredentials takes no MaxItems: it returns them all.
    let creds = session
        .read(
            "ListServiceSpecificCredentials",
            session
                .reads
                .list_service_specific_credentials()
                .user_name(name)
                .send(),
        )
        .await?;
    for cred in creds.service_specific_credentials() {
        let call = iam
            .delete_service_specific_credential()
            .user_name(name)
            .service_specific_credential_id(cred.service_specific_credential_id())
            .send();
        gone_is_fine(
            session
                .send("DeleteServiceSpecificCredential", call)
                .await
                .map(drop),
        )?;
    }
    Ok(())
}

/// Deletes a role after taking it out of its instance profiles.
async fn delete_role(session: &AccountSession, name: &str) -> Result<(), BackendError> {
    let iam = &session.iam;
    const OP: &str = "ListInstanceProfilesForRole";
    // A role may sit in any number of instance profiles: page through them all.
    let pages = all_pages(OP, |marker| async move {
        let out = session
            .read(
                OP,
                session
                    .reads
                    .list_instance_profiles_for_role()
                    .role_name(name)
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
    for profile in pages.iter().flatten() {
        let call = iam
            .remove_role_from_instance_profile()
            .instance_profile_name(profile.instance_profile_name())
            .role_name(name)
            .send();
        gone_is_fine(
            session
                .send("RemoveRoleFromInstanceProfile", call)
                .await
                .map(drop),
        )?;
    }
    let call = iam.delete_role().role_name(name).send();
    session.send("DeleteRole", call).await.map(drop)
}

/// Deletes a policy after its non-default versions.
async fn delete_policy(session: &AccountSession, p: &ManagedPolicy) -> Result<(), BackendError> {
    let arn = match &p.meta.arn {
        Some(arn) => arn.clone(),
        None => session.policy_arn(&p.name).await?,
    };
    let iam = &session.iam;
    // IAM keeps at most 5 versions: one page.
    let versions = session
        .read(
            "ListPolicyVersions",
            session
                .reads
                .list_policy_versions()
                .policy_arn(&arn)
                .max_items(MAX_ITEMS)
                .send(),
        )
        .await?;
    for v in versions.versions() {
        if v.is_default_version() {
            continue;
        }
        let Some(id) = v.version_id() else { continue };
        let call = iam
            .delete_policy_version()
            .policy_arn(&arn)
            .version_id(id)
            .send();
        gone_is_fine(session.send("DeletePolicyVersion", call).await.map(drop))?;
    }
    let call = iam.delete_policy().policy_arn(&arn).send();
    session.send("DeletePolicy", call).await?;
    session.policy_arns.forget(&p.name);
    Ok(())
}

/// Deletes an instance profile after taking its roles out.
async fn delete_instance_profile(session: &AccountSession, name: &str) -> Result<(), BackendError> {
    let iam = &session.iam;
    let got = session
        .send(
            "GetInstanceProfile",
            iam.get_instance_profile()
                .instance_profile_name(name)
                .send(),
        )
        .await?;
    for role in got
        .instance_profile()
        .map(|p| p.roles())
        .unwrap_or_default()
    {
        let call = iam
            .remove_role_from_instance_profile()
            .instance_profile_name(name)
            .role_name(role.role_name())
            .send();
        gone_is_fine(
            session
                .send("RemoveRoleFromInstanceProfile", call)
                .await
                .map(drop),
        )?;
    }
    let call = iam
        .delete_instance_profile()
        .instance_profile_name(name)
        .send();
    session.send("DeleteInstanceProfile", call).await.map(drop)
}
