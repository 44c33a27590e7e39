//! `iamform policy lint FILE…`: lint policy documents; text, JSON or SARIF.
//!
//! Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use iamform::diagnostic::Severity;
use iamform::input_file::{POLICY_LIMIT, read_text};
use iamform::manifest::json_node;
use iamform::manifest::node_locations::json_positions;
use iamform::policy::JsonPath;
use iamform::policy::PolicyKind;
use iamform::policy::lint::sarif::{SarifResult, sarif_log};
use iamform::policy::lint::{Finding, LintOptions, guess_kind, lint_document};
use serde_json::json;

use super::policy_cmd::read_document;

/// Output formats of `policy lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// `file:line:col: severity[CODE]: …` with hints.
    Text,
    /// One JSON document with every file's findings.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// Which kind of policy the files hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Trust policy when every statement has a Principal and no Resource, else identity.
    Auto,
    /// A permissions policy for users, groups and roles.
    Identity,
    /// A role trust policy.
    Trust,
}

/// Arguments of `iamform policy lint`.
#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Policy documents: JSON, YAML, or URL-encoded JSON.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: LintFormat,
    /// Policy kind.
    #[arg(long, value_enum, default_value = "auto")]
    pub kind: KindArg,
    /// Account ids you own (repeatable); trust in other accounts then needs `sts:ExternalId`.
    #[arg(long = "account", value_name = "ID")]
    pub accounts: Vec<String>,
}

struct FileReport {
    file: String,
    kind: PolicyKind,
    /// Line and column of every node of a JSON file, found in one pass.
    positions: BTreeMap<JsonPath, (u32, u32)>,
    findings: Vec<Finding>,
}

/// Runs `iamform policy lint`.
pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let mut reports = Vec::new();
    let mut unreadable = false;
    for file in &args.files {
        let doc = match read_document(file) {
            Ok(doc) => doc,
            Err(message) => {
                eprintln!("error: {}: {message}", file.display());
                unreadable = true;
                continue;
            }
        };
        let kind = match args.kind {
            KindArg::Auto => guess_kind(&doc),
            KindArg::Identity => PolicyKind::Identity,
            KindArg::Trust => PolicyKind::RoleTrust,
        };
        let options = LintOptions {
            own_accounts: args.accounts.clone(),
            ..LintOptions::for_kind(kind)
        };
        reports.push(FileReport {
            file: file.display().to_string(),
            kind,
            positions: positions(file),
            findings: lint_document(&doc, &options),
        });
    }
    let output = match args.format {
        LintFormat::Text => text(&reports),
        LintFormat::Json => serde_json::to_string_pretty(&json_report(&reports))? + "\n",
        LintFormat::Sarif => {
            let results: Vec<SarifResult<'_>> = reports
                .iter()
                .flat_map(|r| {
                    r.findings.iter().map(|f| SarifResult {
                        finding: f,
                        file: r.file.replace('\\', "/"),
                        position: r.positions.get(&f.path).copied(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&sarif_log(&results))? + "\n"
        }
    };
    print!("{output}");
    let errors = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity == Severity::Error);
    Ok(if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where each node of a JSON policy file is (none for YAML or IAM's URL-encoded form).
fn positions(file: &Path) -> BTreeMap<JsonPath, (u32, u32)> {
    let Ok(text) = read_text(file, POLICY_LIMIT) else {
        return BTreeMap::new();
    };
    match json_node::parse(&Arc::new(file.to_path_buf()), &text) {
        Ok(node) => json_positions(&node),
        Err(_) => BTreeMap::new(),
    }
}

fn location(report: &FileReport, finding: &Finding) -> String {
    match report.positions.get(&finding.path).copied() {
        Some((line, column)) => format!("{}:{line}:{column}", report.file),
        None => report.file.clone(),
    }
}

fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings) = (0, 0);
    for report in reports {
        for f in &report.findings {
            let severity = match f.severity {
                Severity::Error => {
                    errors += 1;
                    "error"
                }
                Severity::Warning => {
                    warnings += 1;
                    "warning"
                }
            };
            out.push_str(&format!(
                "{}: {severity}[{}]: {}: {}\n",
                location(report, f),
                f.rule.code(),
                f.path,
                f.message
            ));
            if let Some(hint) = &f.hint {
                out.push_str(&format!("  = help: {hint}\n"));
            }
        }
    }
    let files = if reports.len() == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", reports.len())
    };
    if errors + warnings == 0 {
        out.push_str(&format!("ok: {files}, no findings\n"));
    } else {
        out.push_str(&format!(
            "{files}: {errors} error(s), {warnings} warning(s)\n"
        ));
    }
    out
}

fn json_report(reports: &[FileReport]) -> serde_json::Value {
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            let findings: Vec<serde_json::Value> = r
                .findings
                .iter()
                .map(|f| {
                    let mut v = f.to_json();
                    if let Some(&(line, column)) = r.positions.get(&f.path) {
                        v["line"] = line.into();
                        v["column"] = column.into();
                    }
                    v
                })
                .collect();
            let kind = match r.kind {
                PolicyKind::Identity => "identity",
                PolicyKind::RoleTrust => "trust",
            };
            json!({"file": r.file, "kind": kind, "findings": findings})
        })
        .collect();
    json!({"files": files})
}
