//! The JSON Schema of a manifest file, derived from [`ManifestFile`] so it cannot drift.

use schemars::generate::SchemaSettings;

use super::document::ManifestFile;

/// The schema (JSON Schema draft 2020-12) as pretty JSON with a trailing newline.
pub fn manifest_schema_json() -> String {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<ManifestFile>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_strict_and_documented() {
        let schema: serde_json::Value = serde_json::from_str(&manifest_schema_json()).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        let users = &schema["properties"]["users"];
        assert_eq!(users["description"], "IAM users by name.");
        let user = &schema["$defs"]["UserSpec"];
        assert_eq!(user["additionalProperties"], false);
        assert!(
            user["properties"]["permissions_boundary"]["description"]
                .as_str()
                .unwrap()
                .contains("AWS-managed")
        );
    }
}
