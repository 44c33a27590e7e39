//! Which `overrides:` entry set a field of an entity defined for many accounts, for
//! `validate --explain-overrides`: the manifests' own provenance, not part of IAM.

use crate::diagnostic::Span;

use super::EntityRef;

/// One field of one account's copy of an entity, as an override set it.
#[derive(Debug, Clone, PartialEq)]
pub struct OverriddenField {
    /// Manifest account name of the copy.
    pub account: String,
    /// The entity (its name with the account's variables).
    pub entity: EntityRef,
    /// The field, as written in the manifest (`max_session_duration`).
    pub field: String,
    /// The value the override gives it, as written, with the account's variables.
    pub value: serde_json::Value,
    /// Where the override writes the field (the last override in manifest order that
    /// writes it for this account: the one that won).
    pub at: Span,
}
