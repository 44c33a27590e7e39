//! Reading IAM Identity Center: the instance (ListInstances), the permission sets the
//! manifests own with their policies, boundary and tags (a few calls per permission set;
//! there are few), and their assignments in the project's accounts, with group and user
//! ids turned into the names the manifests use.

use std::collections::BTreeMap;

use aws_sdk_identitystore::types::{AlternateIdentifier, UniqueAttribute};
use aws_sdk_ssoadmin::types::PrincipalType as SdkPrincipalType;
use aws_smithy_types::Document;

use super::account_session::AccountSession;
use crate::backend::{BackendError, IdentityCenterScope};
use crate::model::{
    Assignment, Boundary, CustomerPolicyRef, IdentityCenter, PermissionSet, PolicyDocument,
    Principal, PrincipalType,
};

/// The instance of the session's account: its ARN and Identity Store id.
pub(crate) struct Instance {
    /// Instance ARN.
    pub arn: String,
    /// Identity Store id.
    pub identity_store_id: String,
}

/// The account's Identity Center instance, or an error naming what to fix.
pub(crate) async fn instance(session: &AccountSession) -> Result<Instance, BackendError> {
    const OP: &str = "ListInstances";
    let out = session
        .read(OP, session.sso.list_instances().send())
        .await?;
    out.instances()
        .iter()
        .find_map(|i| {
            Some(Instance {
                arn: i.instance_arn()?.to_string(),
                identity_store_id: i.identity_store_id()?.to_string(),
            })
        })
        .ok_or_else(|| {
            BackendError::NoSuchEntity(format!(
                "account {} holds no IAM Identity Center instance; name the management account \
                 or the delegated administrator in identity_center's `account`",
                session.account_id
            ))
        })
}

/// Permission set ARNs by name (ListPermissionSets, then DescribePermissionSet each).
pub(crate) async fn permission_set_arns(
    session: &AccountSession,
    instance: &Instance,
) -> Result<BTreeMap<String, aws_sdk_ssoadmin::types::PermissionSet>, BackendError> {
    let mut arns = Vec::new();
    let mut token = None;
    loop {
        let out = session
            .read(
                "ListPermissionSets",
                session
                    .sso
                    .list_permission_sets()
                    .instance_arn(&instance.arn)
                    .set_next_token(token)
                    .send(),
            )
            .await?;
        arns.extend(out.permission_sets().iter().cloned());
        token = out.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    let mut out = BTreeMap::new();
    for arn in arns {
        let described = session
            .read(
                "DescribePermissionSet",
                session
                    .sso
                    .describe_permission_set()
                    .instance_arn(&instance.arn)
                    .permission_set_arn(&arn)
                    .send(),
            )
            .await?;
        if let Some(set) = described.permission_set()
            && let Some(name) = set.name()
        {
            out.insert(name.to_string(), set.clone());
        }
    }
    Ok(out)
}

/// Reads what `scope` covers.
pub(crate) async fn read_identity_center(
    session: &AccountSession,
    scope: &IdentityCenterScope,
) -> Result<IdentityCenter, BackendError> {
    let instance = instance(session).await?;
    let mut ic = IdentityCenter {
        instance_arn: Some(instance.arn.clone()),
        identity_store_id: Some(instance.identity_store_id.clone()),
        ..IdentityCenter::default()
    };
    for principal in &scope.principals {
        if principal_id(session, &instance, principal).await?.is_none() {
            ic.missing_principals.insert(principal.clone());
        }
    }
    let mut names = Names::default();
    for (name, described) in permission_set_arns(session, &instance).await? {
        if !scope.covers(&name) {
            continue;
        }
        let Some(arn) = described.permission_set_arn() else {
            continue;
        };
        let set = contents(session, &instance, arn, &described).await?;
        ic.permission_sets.insert(name.clone(), set);
        for account_id in &scope.account_ids {
            for (principal_type, id) in assignments(session, &instance, arn, account_id).await? {
                let principal = names.name(session, &instance, principal_type, &id).await?;
                ic.assignments.insert(Assignment {
                    account_id: account_id.clone(),
                    permission_set: name.clone(),
                    principal_type,
                    principal,
                });
            }
        }
    }
    Ok(ic)
}

async fn contents(
    session: &AccountSession,
    instance: &Instance,
    arn: &str,
    described: &aws_sdk_ssoadmin::types::PermissionSet,
) -> Result<PermissionSet, BackendError> {
    let sso = &session.sso;
    let i = instance.arn.as_str();
    let mut set = PermissionSet {
        description: non_empty(described.description()),
        session_duration: described
            .session_duration()
            .unwrap_or(crate::model::DEFAULT_PERMISSION_SET_SESSION)
            .to_string(),
        relay_state: non_empty(described.relay_state()),
        ..PermissionSet::default()
    };
    let managed = sso
        .list_managed_policies_in_permission_set()
        .instance_arn(i)
        .permission_set_arn(arn)
        .send();
    let managed = session
        .read("ListManagedPoliciesInPermissionSet", managed)
        .await?;
    set.aws_managed_policies = managed
        .attached_managed_policies()
        .iter()
        .filter_map(|p| p.arn().map(str::to_string))
        .collect();
    let customer = sso
        .list_customer_managed_policy_references_in_permission_set()
        .instance_arn(i)
        .permission_set_arn(arn)
        .send();
    let customer = session
        .read(
            "ListCustomerManagedPolicyReferencesInPermissionSet",
            customer,
        )
        .await?;
    set.customer_managed_policies = customer
        .customer_managed_policy_references()
        .iter()
        .map(|r| CustomerPolicyRef {
            name: r.name().to_string(),
            path: r.path().unwrap_or("/").to_string(),
        })
        .collect();
    let inline = sso
        .get_inline_policy_for_permission_set()
        .instance_arn(i)
        .permission_set_arn(arn)
        .send();
    let inline = session
        .read("GetInlinePolicyForPermissionSet", inline)
        .await?;
    set.inline_policy = match inline.inline_policy().filter(|p| !p.is_empty()) {
        Some(text) => Some(
            PolicyDocument::from_iam_string(text)
                .map_err(|e| BackendError::Other(format!("permission set {arn}: {e}")))?,
        ),
        None => None,
    };
    let boundary = sso
        .get_permissions_boundary_for_permission_set()
        .instance_arn(i)
        .permission_set_arn(arn)
        .send();
    // A permission set without a boundary answers ResourceNotFoundException.
    set.permissions_boundary = match session
        .read("GetPermissionsBoundaryForPermissionSet", boundary)
        .await
    {
        Ok(out) => out.permissions_boundary().and_then(|b| {
            if let Some(arn) = b.managed_policy_arn() {
                return Some(Boundary::ManagedPolicyArn(arn.to_string()));
            }
            b.customer_managed_policy_reference().map(|r| {
                Boundary::CustomerManaged(CustomerPolicyRef {
                    name: r.name().to_string(),
                    path: r.path().unwrap_or("/").to_string(),
                })
            })
        }),
        Err(BackendError::NoSuchEntity(_)) => None,
        Err(e) => return Err(e),
    };
    let tags = sso
        .list_tags_for_resource()
        .instance_arn(i)
        .resource_arn(arn)
        .send();
    let tags = session.read("ListTagsForResource", tags).await?;
    set.tags = tags
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    Ok(set)
}

/// An optional string field, where an empty one means none.
fn non_empty(text: Option<&str>) -> Option<String> {
    text.filter(|t| !t.is_empty()).map(str::to_string)
}

async fn assignments(
    session: &AccountSession,
    instance: &Instance,
    arn: &str,
    account_id: &str,
) -> Result<Vec<(PrincipalType, String)>, BackendError> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let call = session
            .sso
            .list_account_assignments()
            .instance_arn(&instance.arn)
            .account_id(account_id)
            .permission_set_arn(arn)
            .set_next_token(token)
            .send();
        let page = session.read("ListAccountAssignments", call).await?;
        for a in page.account_assignments() {
            let kind = match a.principal_type() {
                Some(SdkPrincipalType::Group) => PrincipalType::Group,
                Some(SdkPrincipalType::User) => PrincipalType::User,
                _ => continue,
            };
            if let Some(id) = a.principal_id() {
                out.push((kind, id.to_string()));
            }
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

/// The Identity Store id of a group (by display name) or user (by user name); `None` when
/// the store holds no such principal.
pub(crate) async fn principal_id(
    session: &AccountSession,
    instance: &Instance,
    principal: &Principal,
) -> Result<Option<String>, BackendError> {
    let attribute = |path: &str| {
        UniqueAttribute::builder()
            .attribute_path(path)
            .attribute_value(Document::String(principal.name.clone()))
            .build()
            .map(AlternateIdentifier::UniqueAttribute)
            .map_err(|e| BackendError::InvalidInput(e.to_string()))
    };
    let store = &session.identity_store;
    let found = match principal.principal_type {
        PrincipalType::Group => {
            let call = store
                .get_group_id()
                .identity_store_id(&instance.identity_store_id)
                .alternate_identifier(attribute("displayName")?)
                .send();
            session
                .read("GetGroupId", call)
                .await
                .map(|o| o.group_id().to_string())
        }
        PrincipalType::User => {
            let call = store
                .get_user_id()
                .identity_store_id(&instance.identity_store_id)
                .alternate_identifier(attribute("userName")?)
                .send();
            session
                .read("GetUserId", call)
                .await
                .map(|o| o.user_id().to_string())
        }
    };
    match found {
        Ok(id) => Ok(Some(id)),
        Err(BackendError::NoSuchEntity(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Group display names and user names by id, each looked up once.
#[derive(Default)]
struct Names {
    known: BTreeMap<(PrincipalType, String), String>,
}

impl Names {
    async fn name(
        &mut self,
        session: &AccountSession,
        instance: &Instance,
        kind: PrincipalType,
        id: &str,
    ) -> Result<String, BackendError> {
        if let Some(name) = self.known.get(&(kind, id.to_string())) {
            return Ok(name.clone());
        }
        let store = &session.identity_store;
        let name = match kind {
            PrincipalType::Group => {
                let call = store
                    .describe_group()
                    .identity_store_id(&instance.identity_store_id)
                    .group_id(id)
                    .send();
                let out = session.read("DescribeGroup", call).await?;
                out.display_name().unwrap_or(id).to_string()
            }
            PrincipalType::User => {
                let call = store
                    .describe_user()
                    .identity_store_id(&instance.identity_store_id)
                    .user_id(id)
                    .send();
                let out = session.read("DescribeUser", call).await?;
                out.user_name().unwrap_or(id).to_string()
            }
        };
        self.known.insert((kind, id.to_string()), name.clone());
        Ok(name)
    }
}
