//! A lint finding together with the account and entity it is about, so a plan can show
//! the findings on the entities it changes and leave the others to `validate`.

use crate::diagnostic::Diagnostic;
use crate::model::EntityRef;

/// One lint finding on one entity of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFinding {
    /// Manifest name of the account.
    pub account: String,
    /// The user, group, role or managed policy whose document (or membership) it is about.
    pub entity: EntityRef,
    /// The located finding as `validate` prints it; its `code` is the rule's.
    pub diagnostic: Diagnostic,
}
