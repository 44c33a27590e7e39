//! `overrides:` on an entity defined for many accounts: per-account values of any of its
//! fields, `[{accounts: [prod-*], max_session_duration: 1h}]`. Overrides apply in
//! manifest order to the copy for each account they select; a later one wins.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diagnostic::{Diagnostic, Span};

use super::account_selector::AccountsSelector;
use super::account_vars::{AccountVars, Substitute};
use super::decode::{Decode, type_error};
use super::located::Located;
use super::yaml_node::{NodeValue, YamlNode};

/// One override: which accounts, and the fields it sets there.
#[derive(Debug, Clone, PartialEq)]
pub struct Override<T> {
    /// The accounts it applies to (of those the entity is in).
    pub accounts: Located<AccountsSelector>,
    /// The fields it sets; fields it does not write stay `None`.
    pub values: T,
    /// The fields it writes as written, with where (for `validate --explain-overrides`).
    pub written: Vec<WrittenField>,
}

/// One field an override writes: its key, its value as written, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenField {
    /// The key.
    pub field: String,
    /// The value as written (JSON of the YAML value).
    pub value: serde_json::Value,
    /// The key's place in the manifest.
    pub at: Span,
}

/// Specs whose written fields can replace another's, field by field (`decode_struct!`
/// implements it: every field of a spec is optional).
pub trait OverrideFields {
    /// Replaces each field of `self` that `other` writes.
    fn override_with(&mut self, other: Self);
}

impl<T: Decode> Decode for Override<T> {
    fn decode(node: &YamlNode, sink: &mut Vec<Diagnostic>) -> Option<Override<T>> {
        let NodeValue::Map(entries) = &node.value else {
            sink.push(type_error(node, "an override: {accounts: …, FIELD: VALUE}"));
            return None;
        };
        let is_accounts = |k: &YamlNode| k.scalar_text() == Some("accounts");
        let Some((_, selector)) = entries.iter().find(|(k, _)| is_accounts(k)) else {
            sink.push(
                Diagnostic::error(Some(node.span.clone()), "an override names no `accounts`")
                    .with_help("say which accounts it applies to, e.g. `accounts: [prod-*]`"),
            );
            return None;
        };
        let rest = YamlNode {
            value: NodeValue::Map(
                entries
                    .iter()
                    .filter(|(k, _)| !is_accounts(k))
                    .cloned()
                    .collect(),
            ),
            span: node.span.clone(),
        };
        for (key, _) in entries {
            if matches!(key.scalar_text(), Some("account" | "overrides")) {
                sink.push(
                    Diagnostic::error(
                        Some(key.span.clone()),
                        format!(
                            "`{}` cannot be overridden",
                            key.scalar_text().unwrap_or_default()
                        ),
                    )
                    .with_help("an override sets the entity's own fields for some of its accounts"),
                );
                return None;
            }
        }
        let accounts = Located::<AccountsSelector>::decode(selector, sink)?;
        accounts.value.check(&accounts.span, sink);
        let values = T::decode(&rest, sink)?;
        // The values decoded above; a value JSON cannot hold was reported there.
        let written = entries
            .iter()
            .filter(|(k, _)| !is_accounts(k))
            .filter_map(|(k, v)| {
                Some(WrittenField {
                    field: k.scalar_text()?.to_string(),
                    value: serde_json::Value::decode(v, &mut Vec::new())?,
                    at: k.span.clone(),
                })
            })
            .collect();
        Some(Override {
            accounts,
            values,
            written,
        })
    }
}

/// Overrides are merged into each copy before its variables get values, so their
/// values are substituted there; this walk only finds which variables they use.
impl<T: Substitute> Substitute for Override<T> {
    fn substitute(&mut self, _: &AccountVars<'_>, _: &Span, _: &mut Vec<Diagnostic>) {}
    fn each_string(&self, f: &mut dyn FnMut(&str)) {
        self.values.each_string(f);
    }
}

impl<T> JsonSchema for Override<T> {
    fn schema_name() -> Cow<'static, str> {
        "Override".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let selector = generator.subschema_for::<AccountsSelector>();
        json_schema!({
            "description": "Values of this entity's fields for some of its accounts: `accounts` and any field of the entity.",
            "type": "object",
            "properties": { "accounts": selector },
            "required": ["accounts"]
        })
    }
}
