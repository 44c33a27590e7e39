//! The plan as stable JSON, and the JSON Schema that documents it.

use crate::plan::Plan;

use super::secret_fields::redact;

/// The plan's serde form, pretty-printed, ending in a newline. Values under
/// credential-like keys are redacted (none exist in the model today).
pub fn json(plan: &Plan) -> String {
    // Every map in a plan is keyed by strings, so conversion to a JSON value cannot fail.
    let mut value = serde_json::to_value(plan).expect("a Plan always converts to JSON");
    redact(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of [`json`]'s output (committed as `schemas/plan.schema.json`).
pub fn plan_json_schema() -> String {
    let schema = schemars::schema_for!(Plan);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::render::fixture_plans::{empty_plan, full_plan, targeted_plan};
    use crate::render::secret_fields::is_secret_key;

    const SCHEMA_PATH: &str = "schemas/plan.schema.json";

    #[test]
    fn committed_schema_matches_the_plan_type() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        let generated = plan_json_schema();
        if std::env::var_os("IAMFORM_WRITE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).expect("write the plan schema");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{SCHEMA_PATH} is out of date with `Plan`; regenerate it with \
             `IAMFORM_WRITE_SCHEMAS=1 cargo test --lib render::json` and commit the result"
        );
    }

    #[test]
    fn json_round_trips_to_the_same_plan() {
        for plan in [full_plan(), empty_plan(), targeted_plan()] {
            let back: Plan = serde_json::from_str(&json(&plan)).expect("plan JSON parses");
            assert_eq!(back, plan);
        }
    }

    fn schema_property_names(value: &Value, names: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    if key == "properties"
                        && let Value::Object(props) = inner
                    {
                        names.extend(props.keys().cloned());
                    }
                    schema_property_names(inner, names);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| schema_property_names(i, names)),
            _ => {}
        }
    }

    fn output_keys(value: &Value, keys: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map {
                    keys.insert(key.clone());
                    output_keys(inner, keys);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| output_keys(i, keys)),
            _ => {}
        }
    }

    #[test]
    fn json_holds_only_documented_fields() {
        let schema: Value = serde_json::from_str(&plan_json_schema()).expect("schema parses");
        let mut documented = BTreeSet::new();
        schema_property_names(&schema, &mut documented);
        // Keys that are data, not fields: tag keys and policy grammar from the fixtures.
        let data_keys = [
            "team",
            "env",
            "old",
            "Version",
            "Statement",
            "Effect",
            "Action",
            "Resource",
            "Principal",
            "Service",
        ];
        let output: Value =
            serde_json::from_str(&json(&targeted_plan())).expect("plan JSON parses");
        let mut keys = BTreeSet::new();
        output_keys(&output, &mut keys);
        let undocumented: Vec<&String> = keys
            .iter()
            .filter(|k| !documented.contains(*k) && !data_keys.contains(&k.as_str()))
            .collect();
        assert!(
            undocumented.is_empty(),
            "undocumented keys in plan JSON: {undocumented:?}"
        );
    }

    #[test]
    fn no_documented_field_is_named_like_a_credential() {
        let schema: Value = serde_json::from_str(&plan_json_schema()).expect("schema parses");
        let mut documented = BTreeSet::new();
        schema_property_names(&schema, &mut documented);
        let secret: Vec<&String> = documented.iter().filter(|k| is_secret_key(k)).collect();
        assert!(
            secret.is_empty(),
            "plan fields named like credentials: {secret:?}"
        );
    }
}
