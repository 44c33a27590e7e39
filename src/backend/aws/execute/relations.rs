//! Changes that link or fill entities: managed-policy attachments, inline policies,
//! group memberships, trust policies, policy versions, permissions boundaries and
//! instance-profile roles. Each is one IAM call or a short fixed sequence.

use crate::backend::BackendError;
use crate::backend::aws::account_session::AccountSession;
use crate::backend::aws::pagination::MAX_ITEMS;
use crate::model::{EntityKind, EntityRef, PolicyDocument};

fn not_for(target: &EntityRef, what: &str) -> BackendError {
    BackendError::InvalidInput(format!("{what} does not apply to {target}"))
}

/// Attaches (`attach`) or detaches a managed policy to or from a user, group or role.
pub(crate) async fn attachment(
    session: &AccountSession,
    target: &EntityRef,
    policy_arn: &str,
    attach: bool,
) -> Result<(), BackendError> {
    let iam = &session.iam;
    let name = &target.name;
    match (target.kind, attach) {
        (EntityKind::User, true) => {
            let call = iam
                .attach_user_policy()
                .user_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("AttachUserPolicy", call).await.map(drop)
        }
        (EntityKind::User, false) => {
            let call = iam
                .detach_user_policy()
                .user_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("DetachUserPolicy", call).await.map(drop)
        }
        (EntityKind::Group, true) => {
            let call = iam
                .attach_group_policy()
                .group_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("AttachGroupPolicy", call).await.map(drop)
        }
        (EntityKind::Group, false) => {
            let call = iam
                .detach_group_policy()
                .group_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("DetachGroupPolicy", call).await.map(drop)
        }
        (EntityKind::Role, true) => {
            let call = iam
                .attach_role_policy()
                .role_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("AttachRolePolicy", call).await.map(drop)
        }
        (EntityKind::Role, false) => {
            let call = iam
                .detach_role_policy()
                .role_name(name)
                .policy_arn(policy_arn)
                .send();
            session.send("DetachRolePolicy", call).await.map(drop)
        }
        _ => Err(not_for(target, "a managed-policy attachment")),
    }
}

/// Creates or overwrites the inline policy `policy_name` of a user, group or role.
pub(crate) async fn put_inline(
    session: &AccountSession,
    target: &EntityRef,
    policy_name: &str,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    let iam = &session.iam;
    let name = &target.name;
    let doc = document.to_json_string();
    match target.kind {
        EntityKind::User => {
            let call = iam
                .put_user_policy()
                .user_name(name)
                .policy_name(policy_name)
                .policy_document(doc)
                .send();
            session.send("PutUserPolicy", call).await.map(drop)
        }
        EntityKind::Group => {
            let call = iam
                .put_group_policy()
                .group_name(name)
                .policy_name(policy_name)
                .policy_document(doc)
                .send();
            session.send("PutGroupPolicy", call).await.map(drop)
        }
        EntityKind::Role => {
            let call = iam
                .put_role_policy()
                .role_name(name)
                .policy_name(policy_name)
                .policy_document(doc)
                .send();
            session.send("PutRolePolicy", call).await.map(drop)
        }
        _ => Err(not_for(target, "an inline policy")),
    }
}

/// Deletes the inline policy `policy_name` of a user, group or role.
pub(crate) async fn delete_inline(
    session: &AccountSession,
    target: &EntityRef,
    policy_name: &str,
) -> Result<(), BackendError> {
    let iam = &session.iam;
    let name = &target.name;
    match target.kind {
        EntityKind::User => {
            let call = iam
                .delete_user_policy()
                .user_name(name)
                .policy_name(policy_name)
                .send();
            session.send("DeleteUserPolicy", call).await.map(drop)
        }
        EntityKind::Group => {
            let call = iam
                .delete_group_policy()
                .group_name(name)
                .policy_name(policy_name)
                .send();
            session.send("DeleteGroupPolicy", call).await.map(drop)
        }
        EntityKind::Role => {
            let call = iam
                .delete_role_policy()
                .role_name(name)
                .policy_name(policy_name)
                .send();
            session.send("DeleteRolePolicy", call).await.map(drop)
        }
        _ => Err(not_for(target, "an inline policy")),
    }
}

/// Adds the target user to `group`, or removes it (`add` false).
pub(crate) async fn membership(
    session: &AccountSession,
    target: &EntityRef,
    group: &str,
    add: bool,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::User {
        return Err(not_for(target, "a group membership"));
    }
    let iam = &session.iam;
    if add {
        let call = iam
            .add_user_to_group()
            .user_name(&target.name)
            .group_name(group)
            .send();
        session.send("AddUserToGroup", call).await.map(drop)
    } else {
        let call = iam
            .remove_user_from_group()
            .user_name(&target.name)
            .group_name(group)
            .send();
        session.send("RemoveUserFromGroup", call).await.map(drop)
    }
}

/// Replaces the target role's trust policy.
pub(crate) async fn trust_policy(
    session: &AccountSession,
    target: &EntityRef,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::Role {
        return Err(not_for(target, "a trust policy"));
    }
    let call = session
        .iam
        .update_assume_role_policy()
        .role_name(&target.name)
        .policy_document(document.to_json_string())
        .send();
    session.send("UpdateAssumeRolePolicy", call).await.map(drop)
}

/// IAM keeps at most this many versions of a managed policy.
const MAX_POLICY_VERSIONS: usize = 5;

/// Makes `document` the new default version of the target policy, first deleting the
/// oldest non-default version when IAM's limit of five is reached.
pub(crate) async fn policy_document(
    session: &AccountSession,
    target: &EntityRef,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::Policy {
        return Err(not_for(target, "a policy version"));
    }
    let arn = session.policy_arn(&target.name).await?;
    let iam = &session.iam;
    let listed = session
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
    let versions = listed.versions();
    if versions.len() >= MAX_POLICY_VERSIONS {
        let oldest = versions
            .iter()
            .filter(|v| !v.is_default_version())
            .min_by_key(|v| {
                (
                    v.create_date().map(|d| (d.secs(), d.subsec_nanos())),
                    version_number(v.version_id().unwrap_or_default()),
                )
            })
            .and_then(|v| v.version_id());
        if let Some(id) = oldest {
            let call = iam
                .delete_policy_version()
                .policy_arn(&arn)
                .version_id(id)
                .send();
            session.send("DeletePolicyVersion", call).await?;
        }
    }
    let call = iam
        .create_policy_version()
        .policy_arn(&arn)
        .policy_document(document.to_json_string())
        .set_as_default(true)
        .send();
    session.send("CreatePolicyVersion", call).await.map(drop)
}

fn version_number(id: &str) -> u64 {
    id.trim_start_matches(['v', 'V'])
        .parse()
        .unwrap_or(u64::MAX)
}

/// Sets (`Some`) or removes the permissions boundary of the target user or role.
pub(crate) async fn permissions_boundary(
    session: &AccountSession,
    target: &EntityRef,
    boundary: Option<&str>,
) -> Result<(), BackendError> {
    let iam = &session.iam;
    let name = &target.name;
    match (target.kind, boundary) {
        (EntityKind::User, Some(arn)) => {
            let call = iam
                .put_user_permissions_boundary()
                .user_name(name)
                .permissions_boundary(arn)
                .send();
            session
                .send("PutUserPermissionsBoundary", call)
                .await
                .map(drop)
        }
        (EntityKind::User, None) => {
            let call = iam
                .delete_user_permissions_boundary()
                .user_name(name)
                .send();
            session
                .send("DeleteUserPermissionsBoundary", call)
                .await
                .map(drop)
        }
        (EntityKind::Role, Some(arn)) => {
            let call = iam
                .put_role_permissions_boundary()
                .role_name(name)
                .permissions_boundary(arn)
                .send();
            session
                .send("PutRolePermissionsBoundary", call)
                .await
                .map(drop)
        }
        (EntityKind::Role, None) => {
            let call = iam
                .delete_role_permissions_boundary()
                .role_name(name)
                .send();
            session
                .send("DeleteRolePermissionsBoundary", call)
                .await
                .map(drop)
        }
        _ => Err(not_for(target, "a permissions boundary")),
    }
}

/// Puts `role` into the target instance profile, or takes it out (`add` false).
pub(crate) async fn instance_profile_role(
    session: &AccountSession,
    target: &EntityRef,
    role: &str,
    add: bool,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::InstanceProfile {
        return Err(not_for(target, "an instance-profile role"));
    }
    let iam = &session.iam;
    if add {
        let call = iam
            .add_role_to_instance_profile()
            .instance_profile_name(&target.name)
            .role_name(role)
            .send();
        session
            .send("AddRoleToInstanceProfile", call)
            .await
            .map(drop)
    } else {
        let call = iam
            .remove_role_from_instance_profile()
            .instance_profile_name(&target.name)
            .role_name(role)
            .send();
        session
            .send("RemoveRoleFromInstanceProfile", call)
            .await
            .map(drop)
    }
}
