//! Executing Identity Center changes: the instance and the permission set's ARN are
//! found first (ListInstances, ListPermissionSets), principals by name in the Identity
//! Store (GetGroupId/GetUserId), and asynchronous operations are waited for.

use aws_sdk_ssoadmin::types::{
    CustomerManagedPolicyReference, PermissionsBoundary, PrincipalType as SdkPrincipalType,
    ProvisionTargetType, Tag, TargetType,
};

use super::account_session::AccountSession;
use super::identity_center_read::{
    Instance, instance, permission_set_arns, principal_id as read_principal_id,
};
use super::identity_center_wait::wait_for;
use crate::backend::BackendError;
use crate::diff::{IcAction, TagDelta};
use crate::model::{Assignment, Boundary, CustomerPolicyRef, Principal, PrincipalType, Tags};

fn invalid(e: impl std::fmt::Display) -> BackendError {
    BackendError::InvalidInput(e.to_string())
}

/// Executes one change of the permission set `set`.
pub(crate) async fn execute(
    session: &AccountSession,
    set: &str,
    action: &IcAction,
) -> Result<(), BackendError> {
    let instance = instance(session).await?;
    let sso = &session.sso;
    let i = instance.arn.as_str();
    if let IcAction::CreatePermissionSet { permission_set } = action {
        let call = sso
            .create_permission_set()
            .instance_arn(i)
            .name(set)
            .set_description(permission_set.description.clone())
            .session_duration(&permission_set.session_duration)
            .set_relay_state(permission_set.relay_state.clone())
            .set_tags(Some(sdk_tags(&permission_set.tags)?).filter(|t| !t.is_empty()))
            .send();
        session.send("CreatePermissionSet", call).await?;
        return Ok(());
    }
    let arn = permission_set_arns(session, &instance)
        .await?
        .remove(set)
        .and_then(|p| p.permission_set_arn().map(str::to_string))
        .ok_or_else(|| BackendError::NoSuchEntity(format!("permission set `{set}` not found")))?;
    let arn = arn.as_str();
    match action {
        IcAction::CreatePermissionSet { .. } => {}
        IcAction::UpdatePermissionSet { after, .. } => {
            let call = sso
                .update_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .set_description(after.description.clone())
                .session_duration(&after.session_duration)
                .set_relay_state(after.relay_state.clone())
                .send();
            session.send("UpdatePermissionSet", call).await?;
        }
        IcAction::SetTags { before, after } => set_tags(session, i, arn, before, after).await?,
        IcAction::DeletePermissionSet { .. } => {
            let call = sso
                .delete_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .send();
            session.send("DeletePermissionSet", call).await?;
        }
        IcAction::AttachManagedPolicy { policy_arn } => {
            let call = sso
                .attach_managed_policy_to_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .managed_policy_arn(policy_arn)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::DetachManagedPolicy { policy_arn } => {
            let call = sso
                .detach_managed_policy_from_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .managed_policy_arn(policy_arn)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::AttachCustomerPolicy { policy } => {
            let call = sso
                .attach_customer_managed_policy_reference_to_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .customer_managed_policy_reference(reference(policy)?)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::DetachCustomerPolicy { policy } => {
            let call = sso
                .detach_customer_managed_policy_reference_from_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .customer_managed_policy_reference(reference(policy)?)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::PutInlinePolicy { after, .. } => {
            let call = sso
                .put_inline_policy_to_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .inline_policy(after.0.to_string())
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::DeleteInlinePolicy { .. } => {
            let call = sso
                .delete_inline_policy_from_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::PutBoundary { after, .. } => {
            let boundary = match after {
                Boundary::ManagedPolicyArn(policy) => {
                    PermissionsBoundary::builder().managed_policy_arn(policy)
                }
                Boundary::CustomerManaged(policy) => PermissionsBoundary::builder()
                    .customer_managed_policy_reference(reference(policy)?),
            };
            let call = sso
                .put_permissions_boundary_to_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .permissions_boundary(boundary.build())
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::DeleteBoundary { .. } => {
            let call = sso
                .delete_permissions_boundary_from_permission_set()
                .instance_arn(i)
                .permission_set_arn(arn)
                .send();
            session.send(action.operation(), call).await?;
        }
        IcAction::CreateAssignment { assignment, .. } => {
            assign(session, &instance, arn, assignment, true).await?;
        }
        IcAction::DeleteAssignment { assignment, .. } => {
            assign(session, &instance, arn, assignment, false).await?;
        }
        IcAction::Provision { accounts } => {
            for account in accounts {
                provision(session, i, arn, &account.id).await?;
            }
        }
    }
    Ok(())
}

fn reference(policy: &CustomerPolicyRef) -> Result<CustomerManagedPolicyReference, BackendError> {
    CustomerManagedPolicyReference::builder()
        .name(&policy.name)
        .path(&policy.path)
        .build()
        .map_err(invalid)
}

fn sdk_tags(tags: &Tags) -> Result<Vec<Tag>, BackendError> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build().map_err(invalid))
        .collect()
}

async fn set_tags(
    session: &AccountSession,
    instance: &str,
    arn: &str,
    before: &Tags,
    after: &Tags,
) -> Result<(), BackendError> {
    let delta = TagDelta::between(before, after);
    if !delta.removed.is_empty() {
        let call = session
            .sso
            .untag_resource()
            .instance_arn(instance)
            .resource_arn(arn)
            .set_tag_keys(Some(delta.removed_keys()))
            .send();
        session.send("UntagResource", call).await?;
    }
    let set = sdk_tags(&delta.set_values())?;
    if !set.is_empty() {
        let call = session
            .sso
            .tag_resource()
            .instance_arn(instance)
            .resource_arn(arn)
            .set_tags(Some(set))
            .send();
        session.send("TagResource", call).await?;
    }
    Ok(())
}

/// The Identity Store id of a group or user, or an error naming what to fix.
async fn principal_id(
    session: &AccountSession,
    instance: &Instance,
    kind: PrincipalType,
    name: &str,
) -> Result<String, BackendError> {
    let principal = Principal {
        principal_type: kind,
        name: name.to_string(),
    };
    read_principal_id(session, instance, &principal)
        .await?
        .ok_or_else(|| {
            BackendError::NoSuchEntity(format!(
                "no {} `{name}` in the Identity Store {}; create it there (or in the identity \
                 source that syncs to it) or fix the name",
                kind.noun(),
                instance.identity_store_id
            ))
        })
}

async fn assign(
    session: &AccountSession,
    instance: &Instance,
    arn: &str,
    a: &Assignment,
    create: bool,
) -> Result<(), BackendError> {
    let id = principal_id(session, instance, a.principal_type, &a.principal).await?;
    let kind = match a.principal_type {
        PrincipalType::Group => SdkPrincipalType::Group,
        PrincipalType::User => SdkPrincipalType::User,
    };
    let sso = &session.sso;
    let i = instance.arn.as_str();
    let request = if create {
        let call = sso
            .create_account_assignment()
            .instance_arn(i)
            .target_id(&a.account_id)
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(arn)
            .principal_type(kind)
            .principal_id(&id)
            .send();
        let out = session.send("CreateAccountAssignment", call).await?;
        out.account_assignment_creation_status().cloned()
    } else {
        let call = sso
            .delete_account_assignment()
            .instance_arn(i)
            .target_id(&a.account_id)
            .target_type(TargetType::AwsAccount)
            .permission_set_arn(arn)
            .principal_type(kind)
            .principal_id(&id)
            .send();
        let out = session.send("DeleteAccountAssignment", call).await?;
        out.account_assignment_deletion_status().cloned()
    };
    let Some(status) = request else {
        return Ok(());
    };
    wait_for(status, "account assignment", async |request_id: String| {
        if create {
            let call = sso
                .describe_account_assignment_creation_status()
                .instance_arn(i)
                .account_assignment_creation_request_id(request_id)
                .send();
            let out = session
                .read("DescribeAccountAssignmentCreationStatus", call)
                .await?;
            Ok(out.account_assignment_creation_status().cloned())
        } else {
            let call = sso
                .describe_account_assignment_deletion_status()
                .instance_arn(i)
                .account_assignment_deletion_request_id(request_id)
                .send();
            let out = session
                .read("DescribeAccountAssignmentDeletionStatus", call)
                .await?;
            Ok(out.account_assignment_deletion_status().cloned())
        }
    })
    .await
}

async fn provision(
    session: &AccountSession,
    instance: &str,
    arn: &str,
    account: &str,
) -> Result<(), BackendError> {
    let sso = &session.sso;
    let call = sso
        .provision_permission_set()
        .instance_arn(instance)
        .permission_set_arn(arn)
        .target_type(ProvisionTargetType::AwsAccount)
        .target_id(account)
        .send();
    let out = session.send("ProvisionPermissionSet", call).await?;
    let Some(status) = out.permission_set_provisioning_status().cloned() else {
        return Ok(());
    };
    let what = format!("provisioning to {account}");
    wait_for(status, &what, async |request_id: String| {
        let call = sso
            .describe_permission_set_provisioning_status()
            .instance_arn(instance)
            .provision_permission_set_request_id(request_id)
            .send();
        let out = session
            .read("DescribePermissionSetProvisioningStatus", call)
            .await?;
        Ok(out.permission_set_provisioning_status().cloned())
    })
    .await
}
