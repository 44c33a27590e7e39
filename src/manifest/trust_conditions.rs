//! The condition block of a trust statement: a shorthand's generated conditions, then
//! `require_mfa`, `external_id` and the written `conditions`.

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;

use super::trust_spec::TrustEntry;

/// `generated` (a shorthand's), then `require_mfa`, `external_id` and the written
/// `conditions`, each later one winning on the same operator and key.
pub(super) fn conditions(
    e: &TrustEntry,
    generated: Map<String, Value>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Map<String, Value>> {
    let mut out = generated;
    let mut add = |op: &str, key: &str, value: Value| {
        let block = out
            .entry(op.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(block) = block {
            block.insert(key.to_string(), value);
        }
    };
    if e.require_mfa == Some(true) {
        add("Bool", "aws:MultiFactorAuthPresent", "true".into());
    }
    if let Some(id) = &e.external_id {
        add("StringEquals", "sts:ExternalId", id.value.clone().into());
    }
    if let Some(raw) = &e.conditions {
        let Value::Object(ops) = &raw.value else {
            sink.push(
                Diagnostic::error(
                    Some(raw.span.clone()),
                    "conditions must be a map of operator to keys",
                )
                .with_help("e.g. `conditions: {StringLike: {\"aws:PrincipalTag/team\": ops}}`"),
            );
            return None;
        };
        for (op, keys) in ops {
            let Value::Object(keys) = keys else {
                sink.push(
                    Diagnostic::error(
                        Some(raw.span.clone()),
                        format!("condition operator `{op}` must map condition keys to values"),
                    )
                    .with_help("e.g. `StringEquals: {\"aws:SourceAccount\": \"123456789012\"}`"),
                );
                return None;
            };
            // Raw conditions are written on purpose, so they win over generated ones.
            for (key, value) in keys {
                add(op, key, value.clone());
            }
        }
    }
    Some(out)
}
