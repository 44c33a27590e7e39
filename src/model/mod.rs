//! The resolved IAM state of accounts: what the manifests want (desired) and what an
//! account holds (actual) share these types so that the diff compares like with like.

mod account;
mod credentials;
mod document_locations;
mod entity;
mod entity_ref;
mod expiry;
mod identity_center;
mod iso_duration;
mod link;
mod organization;
mod overridden;
mod policy_document;
mod project;
mod scope;
mod tags;
pub mod trust_principals;
mod utc_time;
pub(crate) use utc_time::{civil_from_days, days_from_civil};

pub use account::{
    AccountIam, AccountSettings, OidcProvider, PasswordPolicy, SamlProvider, oidc_provider_name,
    service_of_linked_role,
};
pub use credentials::{AccessKeyInfo, AccessKeyRule, CredentialRules, UserCredentials};
pub use document_locations::{DocumentLocations, DocumentRef, DocumentSlot};
pub use entity::{
    DEFAULT_MAX_SESSION_DURATION, Entity, EntityMeta, Group, InstanceProfile, ManagedPolicy,
    PolicyVersionMeta, Role, User,
};
pub use entity_ref::{EntityKind, EntityRef, UnknownKind};
pub use expiry::{EXPIRY_NOTICE_DAYS, Expiries, Expiry, ExpiryTarget};
pub use identity_center::{
    Assignment, Boundary, CustomerPolicyRef, DEFAULT_PERMISSION_SET_SESSION, IdentityCenter,
    PermissionSet, Principal, PrincipalType,
};
pub use iso_duration::{iso_duration, iso_duration_seconds};
pub use link::{LINK_GRANT_PREFIX, Link, link_grant_policy_name};
pub use organization::{OrgAccount, Organization, OrganizationConfig, slug};
pub use overridden::OverriddenField;
pub use policy_document::PolicyDocument;
pub use project::{
    AccountConfig, DesiredAccount, DesiredState, PolicyReference, PrincipalReference, Project,
    ProjectOrganization,
};
pub use scope::{Ownership, Scope, is_reserved};
pub use tags::{Tags, is_aws_reserved_tag_key, managed_tags};
pub use utc_time::UtcTime;
