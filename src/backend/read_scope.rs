//! Which entities a read asks per-entity details for. IAM returns the tags of
//! customer-managed policies and instance profiles only one call per entity, so a read
//! asks for those of the entities iamform works on, not for every entity of the account.

use std::collections::BTreeSet;

use crate::model::{AccountIam, EntityKind, EntityRef, Scope, is_reserved};

/// The entities whose per-entity details (policy and instance-profile tags) a read asks
/// for; the others come back without tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadScope {
    /// Path prefixes: every entity under one of them that AWS does not reserve.
    paths: Vec<String>,
    /// Entities asked for wherever they are (the ones the manifests define).
    named: BTreeSet<EntityRef>,
}

impl ReadScope {
    /// Every entity AWS does not reserve: what `import` writes.
    pub fn everything() -> ReadScope {
        ReadScope {
            paths: vec!["/".to_string()],
            named: BTreeSet::new(),
        }
    }

    /// The entities `desired` (one account of the manifests) defines: all a plan compares.
    pub fn managed(desired: &AccountIam) -> ReadScope {
        let policies = desired.policies.keys().map(|n| (EntityKind::Policy, n));
        let profiles = desired
            .instance_profiles
            .keys()
            .map(|n| (EntityKind::InstanceProfile, n));
        ReadScope {
            paths: Vec::new(),
            named: policies
                .chain(profiles)
                .map(|(kind, name)| EntityRef::new(kind, name))
                .collect(),
        }
    }

    /// The entities `desired` defines and every entity under the project's scope paths:
    /// what a recorded state must hold for plans and imports made from it.
    pub fn project(scope: &Scope, desired: &AccountIam) -> ReadScope {
        ReadScope {
            paths: scope.paths.clone(),
            ..ReadScope::managed(desired)
        }
    }

    /// Only `entities`.
    pub fn only(entities: impl IntoIterator<Item = EntityRef>) -> ReadScope {
        ReadScope {
            paths: Vec::new(),
            named: entities.into_iter().collect(),
        }
    }

    /// True when the read asks for the details of `entity`, found at `path`.
    pub fn wants(&self, entity: &EntityRef, path: &str) -> bool {
        self.named.contains(entity)
            || (!is_reserved(entity, path) && self.paths.iter().any(|p| path.starts_with(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceProfile, ManagedPolicy};

    fn policy(name: &str) -> EntityRef {
        EntityRef::new(EntityKind::Policy, name)
    }

    #[test]
    fn everything_leaves_out_what_aws_reserves() {
        let all = ReadScope::everything();
        assert!(all.wants(&policy("p"), "/team/"));
        let slr = EntityRef::new(EntityKind::InstanceProfile, "x");
        assert!(!all.wants(&slr, "/aws-service-role/ec2.amazonaws.com/"));
    }

    #[test]
    fn managed_asks_only_for_what_the_manifests_define() {
        let mut desired = AccountIam::new("111111111111");
        let doc = crate::model::PolicyDocument(serde_json::json!({}));
        desired.policies.insert(
            "deploy".into(),
            ManagedPolicy {
                name: "deploy".into(),
                path: "/".into(),
                description: None,
                document: doc,
                tags: Default::default(),
                versions: Vec::new(),
                meta: Default::default(),
            },
        );
        desired.instance_profiles.insert(
            "web".into(),
            InstanceProfile {
                name: "web".into(),
                path: "/".into(),
                roles: Default::default(),
                tags: Default::default(),
                meta: Default::default(),
            },
        );
        let scope = ReadScope::managed(&desired);
        assert!(scope.wants(&policy("deploy"), "/elsewhere/"));
        assert!(scope.wants(&EntityRef::new(EntityKind::InstanceProfile, "web"), "/"));
        assert!(!scope.wants(&policy("web"), "/"));
        assert!(!scope.wants(&policy("other"), "/"));

        let scope = ReadScope::project(
            &Scope {
                paths: vec!["/iamform/".into()],
                prune: true,
            },
            &desired,
        );
        assert!(scope.wants(&policy("deploy"), "/"));
        assert!(scope.wants(&policy("old"), "/iamform/"));
        assert!(!scope.wants(&policy("other"), "/"));
        assert!(ReadScope::only([policy("p")]).wants(&policy("p"), "/"));
    }
}
