//! Diagnostics as SARIF 2.1.0 for code-scanning tools (GitHub code scanning and others),
//! as typed serde structs so every field is spelled once and checked by the compiler.

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::policy::lint::Rule;

/// A SARIF log with one run of iamform's linter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SarifLog {
    /// The SARIF schema's address.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always `2.1.0`.
    pub version: &'static str,
    /// One run.
    pub runs: Vec<Run>,
}

/// One run of a tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// iamform and its rules.
    pub tool: Tool,
    /// What it found.
    pub results: Vec<SarifResult>,
}

/// The tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tool {
    /// The tool's main component.
    pub driver: Driver,
}

/// iamform, its version and every rule it may report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// `iamform`.
    pub name: &'static str,
    /// The project's address.
    pub information_uri: &'static str,
    /// iamform's version.
    pub version: &'static str,
    /// Every lint rule, in code order.
    pub rules: Vec<ReportingDescriptor>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingDescriptor {
    /// The stable code, e.g. `IAM101`.
    pub id: &'static str,
    /// The kebab-case name.
    pub name: &'static str,
    /// One sentence on what the rule checks.
    pub short_description: Message,
    /// The level its results have.
    pub default_configuration: Configuration,
    /// `security` or `correctness`.
    pub properties: RuleProperties,
}

/// A text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The text.
    pub text: String,
}

/// A rule's default level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Configuration {
    /// `error`, `warning` or `note`.
    pub level: &'static str,
}

/// A rule's tags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleProperties {
    /// `security` or `correctness`.
    pub tags: Vec<&'static str>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// The rule's code.
    pub rule_id: &'static str,
    /// The rule's index in [`Driver::rules`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_index: Option<usize>,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    /// What is wrong, with the hint.
    pub message: Message,
    /// Where.
    pub locations: Vec<Location>,
}

/// Where a finding is: the file (and line) and the JSON path in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// The file and region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub physical_location: Option<PhysicalLocation>,
    /// The JSON path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logical_locations: Vec<LogicalLocation>,
}

/// A file and a region in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The line and column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// A file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArtifactLocation {
    /// A relative path with `/` separators.
    pub uri: String,
}

/// A start position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based line.
    pub start_line: u32,
    /// 1-based column.
    pub start_column: u32,
}

/// A place inside a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    /// The JSON path, e.g. `Statement[0].Action`.
    pub fully_qualified_name: String,
    /// Always `member`.
    pub kind: &'static str,
}

/// The SARIF log of `diagnostics`. Only coded diagnostics (rule findings) become
/// results; code scanning has nothing to show for the others.
pub fn sarif_log(diagnostics: &[Diagnostic]) -> SarifLog {
    let rules = Rule::ALL
        .iter()
        .map(|&r| ReportingDescriptor {
            id: r.code(),
            name: r.name(),
            short_description: Message {
                text: r.summary().to_string(),
            },
            default_configuration: Configuration {
                level: level(r.severity()),
            },
            properties: RuleProperties {
                tags: vec![if r.is_security() {
                    "security"
                } else {
                    "correctness"
                }],
            },
        })
        .collect();
    let results = diagnostics.iter().filter_map(result).collect();
    SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "iamform",
                    information_uri: "https://github.com/iamform/iamform",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            results,
        }],
    }
}

/// Pretty-printed SARIF, ending in a newline.
pub fn sarif_json(diagnostics: &[Diagnostic]) -> String {
    let mut text = serde_json::to_string_pretty(&sarif_log(diagnostics)).unwrap_or_default();
    text.push('\n');
    text
}

fn result(d: &Diagnostic) -> Option<SarifResult> {
    let code = d.code?;
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!(" (hint: {h})"));
    }
    let physical_location = d.span.as_ref().map(|span| PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: span.file.display().to_string().replace('\\', "/"),
        },
        region: span.has_position().then_some(Region {
            start_line: span.line,
            start_column: span.column,
        }),
    });
    Some(SarifResult {
        rule_id: code.as_str(),
        rule_index: match code {
            Code::Lint(rule) => Rule::ALL.iter().position(|r| *r == rule),
            Code::Audit(_) | Code::Expired => None,
        },
        level: level(d.severity),
        message: Message { text },
        locations: vec![Location {
            physical_location,
            logical_locations: d
                .logical
                .iter()
                .map(|path| LogicalLocation {
                    fully_qualified_name: path.clone(),
                    kind: "member",
                })
                .collect(),
        }],
    })
}

/// SARIF's levels: `error`, `warning`, and `note` for information.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error | Severity::Warning => severity.word(),
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::diagnostic::Span;

    #[test]
    fn rules_are_listed_and_results_point_at_file_line_and_json_path() {
        let file = Arc::new(PathBuf::from("policies\\deploy.json"));
        let diagnostics = [
            Diagnostic::coded(
                Rule::UnknownAction,
                Some(Span::new(file.clone(), 4, 17, 12)),
                "unknown action s3:GetObjekt",
            )
            .with_logical("Statement[0].Action")
            .with_help("did you mean s3:GetObject?"),
            Diagnostic::coded(Rule::FullAdmin, Some(Span::unpositioned(file)), "admin"),
            Diagnostic::error(None, "not a rule finding: left out"),
        ];
        let log = sarif_log(&diagnostics);
        assert_eq!(log.runs[0].tool.driver.rules.len(), Rule::ALL.len());
        let results = serde_json::to_value(&log.runs[0].results).expect("serialises");
        insta::assert_json_snapshot!(results);
    }
}
