//! `validate --explain-overrides`: for each account's copy of an entity defined for many
//! accounts, every field an `overrides:` entry set, its value and where the override
//! writes it. Text here; the JSON records go in the diagnostics report.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{EntityKind, OverriddenField};
use crate::render::terminal_text::terminal_safe;

use super::json::LocationRecord;

/// One field an override set in one account's copy of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OverrideRecord {
    /// Manifest account name.
    pub account: String,
    /// The entity's kind.
    pub kind: EntityKind,
    /// The entity's name in that account.
    pub entity: String,
    /// The field, as written in the manifest.
    pub field: String,
    /// The value the override gives it, as written, with the account's variables.
    pub value: serde_json::Value,
    /// Where the winning override (the last in manifest order) writes the field.
    pub location: LocationRecord,
}

impl OverrideRecord {
    /// The record of `f`.
    pub fn of(f: &OverriddenField) -> OverrideRecord {
        OverrideRecord {
            account: f.account.clone(),
            kind: f.entity.kind,
            entity: f.entity.name.clone(),
            field: f.field.clone(),
            value: f.value.clone(),
            location: LocationRecord::of(&f.at),
        }
    }
}

/// The text of `validate --explain-overrides`: one block per account's entity, one line
/// per field (`field: value  (file:line:column)`); `fields` are in account, entity and
/// field order.
pub fn overrides_text(fields: &[OverriddenField]) -> String {
    if fields.is_empty() {
        return "Overrides: none set a value.\n".to_string();
    }
    let mut out =
        String::from("Overrides (the value each field has, and the override that set it):\n");
    let mut current = None;
    for f in fields {
        let heading = (&f.account, &f.entity);
        if current != Some(heading) {
            current = Some(heading);
            let _ = writeln!(
                out,
                "  {}: {} {}",
                terminal_safe(&f.account),
                f.entity.kind.noun(),
                terminal_safe(&f.entity.name)
            );
        }
        let _ = writeln!(
            out,
            "      {}: {}  ({}:{}:{})",
            terminal_safe(&f.field),
            terminal_safe(&f.value.to_string()),
            terminal_safe(&f.at.file.display().to_string()),
            f.at.line,
            f.at.column
        );
    }
    out
}
