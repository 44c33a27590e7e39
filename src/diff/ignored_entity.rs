//! Entities found in an account that the diff leaves alone.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::AccountKey;
use crate::model::{EntityRef, Ownership};

/// An entity in an account that the plan does not touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IgnoredEntity {
    /// Where.
    pub account: AccountKey,
    /// What.
    pub target: EntityRef,
    /// Its IAM path.
    pub path: String,
    /// `unmanaged` or `reserved`.
    pub ownership: Ownership,
}
