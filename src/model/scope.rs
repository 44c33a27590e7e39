//! Which entities iamform owns, and which it must never touch.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::EntityRef;

/// The ownership scope from `iamform.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// IAM path prefixes iamform manages (`/` = everything not reserved).
    pub paths: Vec<String>,
    /// Delete entities inside `paths` that no manifest defines.
    pub prune: bool,
}

impl Default for Scope {
    fn default() -> Scope {
        Scope {
            paths: vec!["/".to_string()],
            prune: false,
        }
    }
}

/// How iamform treats an entity found in an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ownership {
    /// Defined in a manifest: iamform makes it match.
    Managed,
    /// Not in a manifest but inside the scope with pruning on: iamform deletes it.
    Prunable,
    /// Not in a manifest, and outside the scope or pruning is off: left alone.
    Unmanaged,
    /// Created and owned by AWS (service-linked, SSO, reserved paths): never touched.
    Reserved,
}

impl Scope {
    /// True when `path` lies under one of the managed path prefixes.
    pub fn covers_path(&self, path: &str) -> bool {
        self.paths.iter().any(|p| path.starts_with(p.as_str()))
    }

    /// Ownership of an entity at `path` that `in_manifest` says whether manifests define.
    pub fn ownership(&self, entity: &EntityRef, path: &str, in_manifest: bool) -> Ownership {
        if is_reserved(entity, path) {
            Ownership::Reserved
        } else if in_manifest {
            Ownership::Managed
        } else if self.prune && self.covers_path(path) {
            Ownership::Prunable
        } else {
            Ownership::Unmanaged
        }
    }
}

/// True for entities AWS owns: anything under `/aws-service-role/` or `/aws-reserved/`,
/// roles named `AWSReservedSSO_*` (IAM Identity Center) or `AWSServiceRoleFor*`
/// (service-linked roles), and IAM Identity Center's SAML provider `AWSSSO_*`
/// (https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html).
pub fn is_reserved(entity: &EntityRef, path: &str) -> bool {
    (entity.kind == super::EntityKind::SamlProvider && entity.name.starts_with("AWSSSO_"))
        || path.starts_with("/aws-service-role/")
        || path.starts_with("/aws-reserved/")
        || entity.name.starts_with("AWSReservedSSO_")
        || entity.name.starts_with("AWSServiceRoleFor")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityKind;

    #[test]
    fn reserved_roles_are_never_owned() {
        let scope = Scope {
            paths: vec!["/".into()],
            prune: true,
        };
        let slr = EntityRef::new(EntityKind::Role, "AWSServiceRoleForSupport");
        assert_eq!(
            scope.ownership(&slr, "/aws-service-role/support.amazonaws.com/", false),
            Ownership::Reserved
        );
        let sso = EntityRef::new(EntityKind::Role, "AWSReservedSSO_Admin_0123");
        assert_eq!(scope.ownership(&sso, "/", true), Ownership::Reserved);
        let idc = EntityRef::new(EntityKind::SamlProvider, "AWSSSO_5e2c_DO_NOT_DELETE");
        assert_eq!(scope.ownership(&idc, "/", false), Ownership::Reserved);
    }

    #[test]
    fn pruning_needs_scope_and_flag() {
        let r = EntityRef::new(EntityKind::Role, "old");
        let mut scope = Scope {
            paths: vec!["/iamform/".into()],
            prune: true,
        };
        assert_eq!(scope.ownership(&r, "/iamform/", false), Ownership::Prunable);
        assert_eq!(scope.ownership(&r, "/", false), Ownership::Unmanaged);
        scope.prune = false;
        assert_eq!(
            scope.ownership(&r, "/iamform/", false),
            Ownership::Unmanaged
        );
        assert_eq!(scope.ownership(&r, "/", true), Ownership::Managed);
    }
}
