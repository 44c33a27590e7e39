//! GetAccountAuthorizationDetails entries → model entities. GAAD returns users, groups,
//! roles and customer-managed policies with their attachments, inline policies,
//! boundaries, tags and policy versions, so a whole account is a few paged calls.

use aws_sdk_iam::types::{GroupDetail, ManagedPolicyDetail, PolicyDetail, RoleDetail, UserDetail};

use super::sdk_values::{document, non_empty, rfc3339, tags_from_sdk};
use crate::backend::BackendError;
use crate::model::{
    DEFAULT_MAX_SESSION_DURATION, EntityMeta, Group, ManagedPolicy, PolicyDocument,
    PolicyVersionMeta, Role, User,
};

/// What ListRoles adds to a GAAD role: GAAD lacks description and session duration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoleExtras {
    /// Role description.
    pub(crate) description: Option<String>,
    /// Maximum session duration, seconds.
    pub(crate) max_session_duration: Option<u32>,
}

fn inline_policies(
    owner: &str,
    list: &[PolicyDetail],
) -> Result<std::collections::BTreeMap<String, PolicyDocument>, BackendError> {
    list.iter()
        .map(|p| {
            let name = p.policy_name().unwrap_or_default().to_string();
            let doc = document(
                &format!("inline policy {name} of {owner}"),
                p.policy_document(),
            )?;
            Ok((name, doc))
        })
        .collect()
}

fn required<'a>(field: &str, value: Option<&'a str>) -> Result<&'a str, BackendError> {
    value.ok_or_else(|| {
        BackendError::ServiceFailure(format!("IAM returned an entry without {field}"))
    })
}

/// A user from its GAAD entry.
pub(crate) fn user(d: &UserDetail) -> Result<User, BackendError> {
    let name = required("UserName", d.user_name())?.to_string();
    Ok(User {
        inline_policies: inline_policies(&format!("user {name}"), d.user_policy_list())?,
        path: d.path().unwrap_or("/").to_string(),
        tags: tags_from_sdk(d.tags()),
        permissions_boundary: d
            .permissions_boundary()
            .and_then(|b| b.permissions_boundary_arn())
            .map(str::to_string),
        managed_policies: d
            .attached_managed_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect(),
        groups: d.group_list().iter().cloned().collect(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: EntityMeta {
            id: d.user_id().map(str::to_string),
            arn: d.arn().map(str::to_string),
            created: rfc3339(d.create_date()),
        },
        name,
    })
}

/// A group from its GAAD entry.
pub(crate) fn group(d: &GroupDetail) -> Result<Group, BackendError> {
    let name = required("GroupName", d.group_name())?.to_string();
    Ok(Group {
        inline_policies: inline_policies(&format!("group {name}"), d.group_policy_list())?,
        path: d.path().unwrap_or("/").to_string(),
        managed_policies: d
            .attached_managed_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect(),
        meta: EntityMeta {
            id: d.group_id().map(str::to_string),
            arn: d.arn().map(str::to_string),
            created: rfc3339(d.create_date()),
        },
        name,
    })
}

/// A role from its GAAD entry and what ListRoles said about it.
pub(crate) fn role(d: &RoleDetail, extras: &RoleExtras) -> Result<Role, BackendError> {
    let name = required("RoleName", d.role_name())?.to_string();
    Ok(Role {
        inline_policies: inline_policies(&format!("role {name}"), d.role_policy_list())?,
        trust_policy: document(
            &format!("trust policy of role {name}"),
            d.assume_role_policy_document(),
        )?,
        path: d.path().unwrap_or("/").to_string(),
        description: extras.description.clone(),
        max_session_duration: extras
            .max_session_duration
            .unwrap_or(DEFAULT_MAX_SESSION_DURATION),
        permissions_boundary: d
            .permissions_boundary()
            .and_then(|b| b.permissions_boundary_arn())
            .map(str::to_string),
        managed_policies: d
            .attached_managed_policies()
            .iter()
            .filter_map(|p| p.policy_arn().map(str::to_string))
            .collect(),
        tags: tags_from_sdk(d.tags()),
        meta: EntityMeta {
            id: d.role_id().map(str::to_string),
            arn: d.arn().map(str::to_string),
            created: rfc3339(d.create_date()),
        },
        name,
    })
}

/// The numeric part of `v12`, for ordering versions oldest first.
fn version_number(id: &str) -> u64 {
    id.trim_start_matches(['v', 'V'])
        .parse()
        .unwrap_or(u64::MAX)
}

/// A customer-managed policy from its GAAD entry: the default version's document and
/// every stored version, oldest first. GAAD does not return policy tags, so `tags`
/// stays empty here: `entity_tags` reads them.
pub(crate) fn managed_policy(d: &ManagedPolicyDetail) -> Result<ManagedPolicy, BackendError> {
    // moto leaves PolicyName out of GAAD; the ARN ends with it (names have no '/').
    let from_arn = d.arn().and_then(|a| a.rsplit_once('/')).map(|(_, n)| n);
    let name = required("PolicyName", d.policy_name().or(from_arn))?.to_string();
    let mut versions = d.policy_version_list().to_vec();
    versions.sort_by_key(|v| version_number(v.version_id().unwrap_or_default()));
    let default = versions
        .iter()
        .find(|v| {
            v.is_default_version()
                || (d.default_version_id().is_some() && v.version_id() == d.default_version_id())
        })
        .ok_or_else(|| {
            BackendError::ServiceFailure(format!("policy {name}: no default version returned"))
        })?;
    Ok(ManagedPolicy {
        document: document(&format!("policy {name}"), default.document())?,
        path: d.path().unwrap_or("/").to_string(),
        description: non_empty(d.description()),
        tags: Default::default(),
        versions: versions
            .iter()
            .map(|v| PolicyVersionMeta {
                version_id: v.version_id().unwrap_or_default().to_string(),
                is_default: v.is_default_version()
                    || (v.version_id().is_some() && v.version_id() == d.default_version_id()),
                created: rfc3339(v.create_date()),
            })
            .collect(),
        meta: EntityMeta {
            id: d.policy_id().map(str::to_string),
            arn: d.arn().map(str::to_string),
            created: rfc3339(d.create_date()),
        },
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_iam::types::{AttachedPolicy, PolicyVersion, Tag};

    const DOC: &str = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";

    #[test]
    fn user_entry_fills_everything_gaad_returns() {
        let d = UserDetail::builder()
            .user_name("alice")
            .path("/people/")
            .user_id("AIDAEXAMPLE")
            .arn("arn:aws:iam::111111111111:user/people/alice")
            .group_list("devs")
            .attached_managed_policies(
                AttachedPolicy::builder()
                    .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                    .build(),
            )
            .user_policy_list(
                PolicyDetail::builder()
                    .policy_name("inline")
                    .policy_document(DOC)
                    .build(),
            )
            .tags(Tag::builder().key("team").value("core").build().unwrap())
            .build();
        let u = user(&d).unwrap();
        assert_eq!(u.name, "alice");
        assert_eq!(u.path, "/people/");
        assert!(u.groups.contains("devs"));
        assert!(
            u.managed_policies
                .contains("arn:aws:iam::aws:policy/ReadOnlyAccess")
        );
        assert_eq!(u.inline_policies["inline"].0["Version"], "2012-10-17");
        assert_eq!(u.tags["team"], "core");
        assert_eq!(u.meta.id.as_deref(), Some("AIDAEXAMPLE"));
    }

    #[test]
    fn role_takes_description_and_session_from_list_roles() {
        let d = RoleDetail::builder()
            .role_name("web")
            .assume_role_policy_document(DOC)
            .build();
        let extras = RoleExtras {
            description: Some("serves".into()),
            max_session_duration: Some(7200),
        };
        let r = role(&d, &extras).unwrap();
        assert_eq!(r.description.as_deref(), Some("serves"));
        assert_eq!(r.max_session_duration, 7200);
        let r = role(&d, &RoleExtras::default()).unwrap();
        assert_eq!(r.max_session_duration, DEFAULT_MAX_SESSION_DURATION);
        assert_eq!(r.path, "/");
    }

    #[test]
    fn policy_versions_are_ordered_and_default_document_is_used() {
        let v = |id: &str, default: bool, doc: &str| {
            PolicyVersion::builder()
                .version_id(id)
                .is_default_version(default)
                .document(doc)
                .build()
        };
        let d = ManagedPolicyDetail::builder()
            .policy_name("p")
            .default_version_id("v10")
            .policy_version_list(v("v10", true, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#))
            .policy_version_list(v("v2", false, DOC))
            .policy_version_list(v("v9", false, DOC))
            .build();
        let p = managed_policy(&d).unwrap();
        let ids: Vec<_> = p.versions.iter().map(|v| v.version_id.as_str()).collect();
        assert_eq!(ids, ["v2", "v9", "v10"]);
        assert!(p.versions[2].is_default && !p.versions[0].is_default);
        assert_eq!(p.document.0["Statement"][0]["Action"], "s3:*");
        assert!(p.tags.is_empty());
    }

    #[test]
    fn policy_name_falls_back_on_the_arn() {
        let d = ManagedPolicyDetail::builder()
            .arn("arn:aws:iam::111111111111:policy/team/read-only")
            .policy_version_list(
                PolicyVersion::builder()
                    .version_id("v1")
                    .is_default_version(true)
                    .document(DOC)
                    .build(),
            )
            .build();
        let p = managed_policy(&d).unwrap();
        assert_eq!(p.name, "read-only");
        assert_eq!(p.path, "/");
    }

    #[test]
    fn missing_default_version_is_an_error() {
        let d = ManagedPolicyDetail::builder().policy_name("p").build();
        assert!(managed_policy(&d).is_err());
    }
}
