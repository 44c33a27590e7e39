//! Versions of managed policies: IAM keeps at most five, one of them the default.

use super::lifecycle::now;
use super::naming::existing_key;
use super::policy_rules::{DocumentUse, MANAGED_POLICY_MAX_CHARS, check_shape, check_size};
use crate::backend::BackendError;
use crate::model::{
    AccountIam, EntityKind, EntityRef, ManagedPolicy, PolicyDocument, PolicyVersionMeta,
};

/// Most versions IAM stores per managed policy.
pub const MAX_POLICY_VERSIONS: usize = 5;

/// The version list, treating a policy recorded without versions as holding `v1`.
fn versions_of(policy: &mut ManagedPolicy) -> &mut Vec<PolicyVersionMeta> {
    if policy.versions.is_empty() {
        policy.versions.push(PolicyVersionMeta {
            version_id: "v1".into(),
            is_default: true,
            created: policy.meta.created.clone(),
        });
    }
    &mut policy.versions
}

fn version_number(id: &str) -> u64 {
    id.trim_start_matches('v').parse().unwrap_or(0)
}

/// IAM's CreatePolicyVersion; returns the new version id (`v2`, `v3`, …).
pub fn create_version(
    account: &mut AccountIam,
    name: &str,
    document: &PolicyDocument,
    set_as_default: bool,
) -> Result<String, BackendError> {
    let key = existing_key(&account.policies, EntityKind::Policy, name)?;
    check_shape(document, DocumentUse::Identity)?;
    check_size(document, "the policy", MANAGED_POLICY_MAX_CHARS)?;
    let policy = account.policies.get_mut(&key).expect("key was just found");
    let versions = versions_of(policy);
    if versions.len() >= MAX_POLICY_VERSIONS {
        return Err(BackendError::LimitExceeded(format!(
            "policy `{key}` already has {MAX_POLICY_VERSIONS} versions; delete one first"
        )));
    }
    let next = versions
        .iter()
        .map(|v| version_number(&v.version_id))
        .max()
        .unwrap_or(0)
        + 1;
    let version_id = format!("v{next}");
    if set_as_default {
        versions.iter_mut().for_each(|v| v.is_default = false);
    }
    versions.push(PolicyVersionMeta {
        version_id: version_id.clone(),
        is_default: set_as_default,
        created: Some(now()),
    });
    if set_as_default {
        policy.document = document.clone();
    }
    Ok(version_id)
}

/// IAM's DeletePolicyVersion: the default version cannot be deleted.
pub fn delete_version(
    account: &mut AccountIam,
    name: &str,
    version_id: &str,
) -> Result<(), BackendError> {
    let key = existing_key(&account.policies, EntityKind::Policy, name)?;
    let versions = versions_of(account.policies.get_mut(&key).expect("key was just found"));
    let Some(index) = versions.iter().position(|v| v.version_id == version_id) else {
        return Err(BackendError::NoSuchEntity(format!(
            "policy `{key}` has no version {version_id}"
        )));
    };
    if versions[index].is_default {
        return Err(BackendError::DeleteConflict(format!(
            "{version_id} is the default version of policy `{key}`"
        )));
    }
    versions.remove(index);
    Ok(())
}

/// A new default version, deleting the oldest non-default version first when five
/// exist, as IAM requires.
pub fn update_document(
    account: &mut AccountIam,
    target: &EntityRef,
    document: &PolicyDocument,
) -> Result<(), BackendError> {
    if target.kind != EntityKind::Policy {
        return Err(BackendError::InvalidInput(format!(
            "{target} is not a managed policy"
        )));
    }
    let key = existing_key(&account.policies, target.kind, &target.name)?;
    check_shape(document, DocumentUse::Identity)?;
    check_size(document, "the policy", MANAGED_POLICY_MAX_CHARS)?;
    let versions = versions_of(account.policies.get_mut(&key).expect("key was just found"));
    if versions.len() >= MAX_POLICY_VERSIONS {
        let oldest = versions
            .iter()
            .filter(|v| !v.is_default)
            .min_by_key(|v| version_number(&v.version_id))
            .map(|v| v.version_id.clone());
        if let Some(oldest) = oldest {
            delete_version(account, &key, &oldest)?;
        }
    }
    create_version(account, &key, document, true).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::memory_iam::sample::*;
    use crate::diff::Action;

    fn ids(iam: &crate::backend::memory_iam::MemoryIam) -> Vec<(String, bool)> {
        iam.account(ACCOUNT).unwrap().policies["p"]
            .versions
            .iter()
            .map(|v| (v.version_id.clone(), v.is_default))
            .collect()
    }

    #[test]
    fn updates_rotate_out_the_oldest_non_default_version() {
        let mut iam = iam_with(vec![policy("p")]);
        let updates: Vec<_> = (1..=6)
            .map(|i| {
                on(
                    EntityKind::Policy,
                    "p",
                    Action::UpdatePolicyDocument {
                        before: allow("s3:GetObject"),
                        after: allow(&format!("s3:Action{i}")),
                    },
                )
            })
            .collect();
        apply_all(&mut iam, &updates[..4]);
        assert_eq!(ids(&iam).len(), 5);
        assert_eq!(ids(&iam)[4], ("v5".to_string(), true));
        apply_all(&mut iam, &updates[4..]);
        let versions = ids(&iam);
        assert_eq!(
            versions.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
            ["v3", "v4", "v5", "v6", "v7"]
        );
        assert_eq!(versions.iter().filter(|(_, d)| *d).count(), 1);
        assert_eq!(
            iam.account(ACCOUNT).unwrap().policies["p"].document,
            allow("s3:Action6")
        );
    }

    #[test]
    fn create_policy_version_is_limited_to_five() {
        let mut iam = iam_with(vec![policy("p")]);
        for _ in 0..4 {
            iam.create_policy_version(ACCOUNT, "p", &allow("s3:*"), false)
                .unwrap();
        }
        let e = iam
            .create_policy_version(ACCOUNT, "p", &allow("s3:*"), true)
            .unwrap_err();
        assert!(matches!(e, BackendError::LimitExceeded(_)));
        let e = iam.delete_policy_version(ACCOUNT, "p", "v1").unwrap_err();
        assert!(
            matches!(e, BackendError::DeleteConflict(_)),
            "default version"
        );
        iam.delete_policy_version(ACCOUNT, "p", "v2").unwrap();
        assert_eq!(
            iam.create_policy_version(ACCOUNT, "p", &allow("s3:*"), true)
                .unwrap(),
            "v6"
        );
    }

    #[test]
    fn oversized_or_malformed_documents_are_refused() {
        let mut iam = iam_with(vec![policy("p")]);
        let huge = allow(&format!("s3:{}", "x".repeat(6200)));
        let update = |after| {
            on(
                EntityKind::Policy,
                "p",
                Action::UpdatePolicyDocument {
                    before: allow("s3:GetObject"),
                    after,
                },
            )
        };
        assert!(matches!(
            iam.apply(&update(huge)),
            Err(BackendError::LimitExceeded(_))
        ));
        let principal = trust(serde_json::json!("*"));
        assert!(matches!(
            iam.apply(&update(principal)),
            Err(BackendError::MalformedPolicy(_))
        ));
        assert_eq!(ids(&iam).len(), 1);
    }
}
