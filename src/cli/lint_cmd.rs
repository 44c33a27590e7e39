//! `iamform policy lint FILE…`: lint policy documents; text, JSON or SARIF.
//!
//! Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;

use iamform::policy::PolicyKind;
use iamform::policy::aws_managed::AwsManagedPolicies;
use iamform::policy::lint::sarif::{SarifResult, sarif_log};
use iamform::policy::lint::{Finding, Level, LintOptions, guess_kind, lint_document, position_of};
use iamform::policy::size::{SizeLimit, iam_char_count};
use serde_json::Value;
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
    /// From the elements: no Principal: identity; Principal without Resource: trust;
    /// both: resource-based.
    Auto,
    /// A permissions policy for users, groups and roles.
    Identity,
    /// A role trust policy.
    Trust,
    /// A resource-based policy (bucket, queue, topic, key, function…).
    Resource,
    /// An AWS Organizations service control policy.
    Scp,
    /// A permissions boundary.
    Boundary,
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
    source: String,
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
            KindArg::Resource => PolicyKind::Resource,
            KindArg::Scp => PolicyKind::ServiceControl,
            KindArg::Boundary => PolicyKind::Boundary,
        };
        let mut options = LintOptions {
            own_accounts: args.accounts.clone(),
            ..LintOptions::for_kind(kind)
        };
        if args.kind == KindArg::Auto {
            // A guessed identity document may be a role's inline policy or AWS-managed,
            // with other quotas than a customer managed policy's.
            options.size_level = Level::Warning;
        }
        if is_aws_managed(&doc) {
            // AWS-managed policies are not bound by the customer managed quota.
            options.size_limit = None;
        }
        reports.push(FileReport {
            file: file.display().to_string(),
            kind,
            source: std::fs::read_to_string(file).unwrap_or_default(),
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
                        position: position_of(&r.source, &f.path),
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
        .any(|f| f.severity == Level::Error);
    Ok(if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn location(report: &FileReport, finding: &Finding) -> String {
    match position_of(&report.source, &finding.path) {
        Some((line, column)) => format!("{}:{line}:{column}", report.file),
        None => report.file.clone(),
    }
}

fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for report in reports {
        for f in &report.findings {
            match f.severity {
                Level::Error => errors += 1,
                Level::Warning => warnings += 1,
                Level::Info => infos += 1,
            }
            let severity = f.severity.word();
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
    if errors + warnings + infos == 0 {
        out.push_str(&format!("ok: {files}, no findings\n"));
    } else {
        let info = if infos > 0 {
            format!(", {infos} info")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{files}: {errors} error(s), {warnings} warning(s){info}\n"
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
                    if let Some((line, column)) = position_of(&r.source, &f.path) {
                        v["line"] = line.into();
                        v["column"] = column.into();
                    }
                    v
                })
                .collect();
            json!({"file": r.file, "kind": r.kind.name(), "findings": findings})
        })
        .collect();
    json!({"files": files})
}

/// True when `doc` is one of the bundled AWS-managed policies (its default version).
/// Only documents over the customer managed quota are compared, with the bundled ones
/// over it (parsed once) of the same size.
fn is_aws_managed(doc: &Value) -> bool {
    static LARGE: OnceLock<Vec<(usize, Value)>> = OnceLock::new();
    let size = iam_char_count(doc);
    if size <= SizeLimit::ManagedPolicy.max_chars() {
        return false;
    }
    let large = LARGE.get_or_init(|| {
        AwsManagedPolicies::builtin()
            .iter()
            .filter_map(|p| serde_json::from_str::<Value>(p.document_json()).ok())
            .map(|v| (iam_char_count(&v), v))
            .filter(|(n, _)| *n > SizeLimit::ManagedPolicy.max_chars())
            .collect()
    });
    large.iter().any(|(n, managed)| {
        *n == size && (managed == doc || iamform::policy::equivalent(managed, doc))
    })
}
