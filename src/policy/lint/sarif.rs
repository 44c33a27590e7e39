//! SARIF 2.1.0 output for code-scanning tools (GitHub code scanning and others).

use serde_json::{Value, json};

use super::{Finding, Level, Rule};

/// One finding with where it was found: a file, and a 1-based line and column when known.
#[derive(Debug, Clone)]
pub struct SarifResult<'a> {
    /// The finding.
    pub finding: &'a Finding,
    /// The file, as a relative path or URI.
    pub file: String,
    /// 1-based line and column.
    pub position: Option<(u32, u32)>,
}

/// A SARIF log with one run of iamform's linter.
pub fn sarif_log(results: &[SarifResult<'_>]) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.name(),
                "shortDescription": {"text": r.summary()},
                "defaultConfiguration": {"level": level(r.level())},
                "properties": {"tags": [if r.is_security() { "security" } else { "correctness" }]},
            })
        })
        .collect();
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": r.file}}});
            if let Some((line, column)) = r.position {
                location["physicalLocation"]["region"] =
                    json!({"startLine": line, "startColumn": column});
            }
            location["logicalLocations"] =
                json!([{"fullyQualifiedName": r.finding.path.to_string(), "kind": "member"}]);
            let mut text = r.finding.message.clone();
            if let Some(h) = &r.finding.hint {
                text.push_str(&format!(" (hint: {h})"));
            }
            json!({
                "ruleId": r.finding.rule.code(),
                "ruleIndex": Rule::ALL.iter().position(|x| *x == r.finding.rule),
                "level": level(r.finding.severity),
                "message": {"text": text},
                "locations": [location],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "iamform",
                "informationUri": "https://github.com/iamform/iamform",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}
