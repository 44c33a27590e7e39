//! Diagnostics as stable JSON (`validate --format json`, `policy lint --format json`),
//! and the JSON Schema that documents it (committed as `schemas/diagnostics.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::policy::DataVersions;

use super::overrides::OverrideRecord;

/// Bumped when a field changes meaning or goes away (adding a field does not).
pub const DIAGNOSTICS_FORMAT_VERSION: u32 = 1;

/// Every diagnostic of one run, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DiagnosticsReport {
    /// [`DIAGNOSTICS_FORMAT_VERSION`].
    pub format_version: u32,
    /// How many diagnostics are errors (any error means exit code 1).
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// How many are information (`policy lint` only; never a problem).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub infos: usize,
    /// The diagnostics, ordered by file, line and column.
    pub diagnostics: Vec<DiagnosticRecord>,
    /// `policy lint` only: each file read and the kind of policy it was read as.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_files: Vec<PolicyFileRecord>,
    /// The bundled AWS data the documents were checked against (`validate`, `policy
    /// lint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_data: Option<DataVersions>,
    /// `validate --explain-overrides` only: every field an `overrides:` entry set, by
    /// account, entity and field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Vec<OverrideRecord>>,
}

/// One diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DiagnosticRecord {
    /// The rule's stable code (e.g. `IAM101`), for lint findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The rule's kebab-case name (e.g. `pass-role-any`), with `code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// Where (absent for problems with no source, such as a missing directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationRecord>,
    /// Where inside a policy document, as a JSON path (e.g. `Statement[0].Action`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Other places that matter, each with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedRecord>,
    /// How to fix it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Further facts that explain it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LocationRecord {
    /// The file, as iamform was given it.
    pub file: String,
    /// 1-based line (absent when only the file is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// How many characters the problem spans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
}

/// A secondary location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RelatedRecord {
    /// Where.
    pub location: LocationRecord,
    /// Why it matters.
    pub note: String,
}

/// A policy file `policy lint` read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyFileRecord {
    /// The file.
    pub file: String,
    /// `identity`, `trust`, `resource`, `scp` or `boundary`.
    pub kind: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl LocationRecord {
    /// The record of `span`.
    pub(crate) fn of(span: &Span) -> LocationRecord {
        let positioned = span.has_position();
        LocationRecord {
            file: span.file.display().to_string(),
            line: positioned.then_some(span.line),
            column: positioned.then_some(span.column),
            length: positioned.then_some(span.len),
        }
    }
}

impl DiagnosticRecord {
    /// The record of `d`.
    pub fn of(d: &Diagnostic) -> DiagnosticRecord {
        DiagnosticRecord {
            code: d.code.map(|c| c.as_str().to_string()),
            rule: d.code.map(|c| c.name().to_string()),
            severity: d.severity,
            message: d.message.clone(),
            location: d.span.as_ref().map(LocationRecord::of),
            path: d.logical.clone(),
            related: d
                .related
                .iter()
                .map(|(span, note)| RelatedRecord {
                    location: LocationRecord::of(span),
                    note: note.clone(),
                })
                .collect(),
            help: d.help.clone(),
            notes: d.notes.clone(),
        }
    }
}

impl DiagnosticsReport {
    /// The report of `diagnostics`, in the order given.
    pub fn new(diagnostics: &[Diagnostic]) -> DiagnosticsReport {
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        DiagnosticsReport {
            format_version: DIAGNOSTICS_FORMAT_VERSION,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            diagnostics: diagnostics.iter().map(DiagnosticRecord::of).collect(),
            policy_files: Vec::new(),
            aws_data: None,
            overrides: None,
        }
    }

    /// Pretty-printed JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// The JSON Schema of [`DiagnosticsReport`] (committed as `schemas/diagnostics.schema.json`).
pub fn diagnostics_json_schema() -> String {
    let schema = schemars::schema_for!(DiagnosticsReport);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::policy::lint::Rule;

    const SCHEMA_PATH: &str = "schemas/diagnostics.schema.json";

    #[test]
    fn committed_schema_matches_the_report_type() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        let generated = diagnostics_json_schema();
        if std::env::var_os("IAMFORM_WRITE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).expect("write the diagnostics schema");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{SCHEMA_PATH} is out of date with `DiagnosticsReport`; regenerate it with \
             `IAMFORM_WRITE_SCHEMAS=1 cargo test --lib render::diagnostics` and commit the result"
        );
    }

    #[test]
    fn records_code_location_path_related_help_and_notes_and_round_trips() {
        let file = Arc::new(PathBuf::from("roles.yaml"));
        let diagnostics = [
            Diagnostic::coded(
                Rule::PassRoleAnyRole,
                Some(Span::new(file.clone(), 7, 3, 4)),
                "role ci: iam:PassRole on every role",
            )
            .with_logical("Statement[0].Resource")
            .with_related(Span::new(file.clone(), 2, 1, 2), "defined here")
            .with_note("a note")
            .with_help("name the roles"),
            Diagnostic::error(Some(Span::unpositioned(file)), "unreadable"),
            Diagnostic::error(None, "no manifests"),
        ];
        let report = DiagnosticsReport::new(&diagnostics);
        assert_eq!((report.errors, report.warnings), (2, 1));
        let json = report.to_json();
        insta::assert_snapshot!(json);
        let back: DiagnosticsReport = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, report);
    }
}
