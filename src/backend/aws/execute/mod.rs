//! Apply's IAM calls, one file per kind of change: entities (create, delete), their
//! relations (attachments, inline policies, memberships, documents), in-place updates,
//! account settings, users' credentials.

pub(super) mod account_settings;
pub(super) mod credentials;
pub(super) mod entity;
pub(super) mod identity_providers;
pub(super) mod relations;
pub(super) mod update;
