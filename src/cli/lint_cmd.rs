//! `iamform policy lint FILE…`: lint policy documents; text, JSON or SARIF.
//!
//! Exit codes (see `exit`): 0 no errors (warnings allowed), 1 errors found or a file could
//! not be read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use iamform::diagnostic::Severity;
use iamform::input_file::{POLICY_LIMIT, read_text};
use iamform::manifest::{json_positions, parse_json};
use iamform::policy::JsonPath;
use iamform::policy::PolicyKind;
use iamform::policy::lint::sarif::{SarifResult, sarif_log};
use iamform::policy::lint::{Finding, LintOptions, guess_kind, lint_document};
use serde_json::json;

use super::policy_cmd::read_document;
use super::{Cli, CliError, CliResult, Outcome, Ui, workflow};

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
    /// Accounts you own (repeatable): a name from iamform.yaml (in `-C DIR`) or a 12-digit
    /// id; trust in other accounts then needs `sts:ExternalId`.
    #[arg(long = "account", value_name = "NAME|ID")]
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
pub fn run(cli: &Cli, ui: &Ui, args: &LintArgs) -> CliResult {
    let own_accounts = account_ids(cli, ui, &args.accounts)?;
    let mut reports = Vec::new();
    let mut unreadable = false;
    for file in &args.files {
        let doc = match read_document(file) {
            Ok(doc) => doc,
            Err(message) => {
                ui.eprintln(format_args!("error: {}: {message}", file.display()));
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
            own_accounts: own_accounts.clone(),
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
    ui.print(output);
    let errors = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| f.severity == Severity::Error);
    if unreadable || errors {
        Err(CliError::Reported)
    } else {
        Ok(Outcome::Success)
    }
}

/// The ids behind `--account`: 12-digit ids as they are, names looked up in the
/// manifests' iamform.yaml (loaded only when a name is given).
fn account_ids(cli: &Cli, ui: &Ui, accounts: &[String]) -> Result<Vec<String>, CliError> {
    let is_id = |a: &String| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
    if accounts.iter().all(is_id) {
        return Ok(accounts.to_vec());
    }
    let dir = workflow::manifest_dir(cli, None);
    let desired = workflow::load_desired(ui, &dir, &[])?;
    accounts
        .iter()
        .map(|a| {
            if is_id(a) {
                return Ok(a.clone());
            }
            match desired.accounts.get(a) {
                Some(account) => Ok(account.config.id.clone()),
                None => Err(CliError::Failed(anyhow::anyhow!(
                    "--account {a}: neither a 12-digit account id nor an account of {} \
                     (accounts: {})",
                    dir.join("iamform.yaml").display(),
                    desired
                        .accounts
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        })
        .collect()
}

/// Where each node of a JSON policy file is (none for YAML or IAM's URL-encoded form).
fn positions(file: &Path) -> BTreeMap<JsonPath, (u32, u32)> {
    let Ok(text) = read_text(file, POLICY_LIMIT) else {
        return BTreeMap::new();
    };
    match parse_json(&Arc::new(file.to_path_buf()), &text) {
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
