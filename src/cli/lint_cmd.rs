//! `iamform policy lint FILE…`: lint policy documents; text, JSON or SARIF.
//!
//! Exit codes (see `exit`): 0 no errors (warnings allowed), 1 errors found or a file could
//! not be read.

use std::path::PathBuf;
use std::sync::Arc;

use iamform::diagnostic::{Diagnostic, Severity, Span};
use iamform::policy::lint::{LintOptions, guess_kind, lint_document};
use iamform::policy::{DataVersions, PolicyKind};
use iamform::render::diagnostics::{DiagnosticsReport, PolicyFileRecord, sarif_json};

use super::diagnostics_output::SnippetSource;
use super::policy_cmd::read_located_document;
use super::{Cli, CliError, CliResult, Outcome, Ui, workflow};

/// Output formats of `policy lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LintFormat {
    /// Each finding with its source line and hint, then a summary line.
    Text,
    /// One JSON document (schemas/diagnostics.schema.json).
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// Which kind of policy the files hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Identity policy without Principal; with one, a trust policy when no statement names
    /// a resource and every action is sts:, else a resource-based policy.
    Auto,
    /// A permissions policy for users, groups and roles (size advice: 6,144 characters
    /// for a customer managed policy).
    Identity,
    /// A role trust policy (2,048 characters, the default quota).
    Trust,
    /// A resource-based policy: bucket, queue, topic, key policy… (needs a Principal).
    Resource,
    /// An AWS Organizations service control policy (5,120 characters).
    Scp,
    /// A permissions boundary.
    Boundary,
}

impl KindArg {
    /// The kind for `document`.
    fn kind_of(self, document: &serde_json::Value) -> PolicyKind {
        match self {
            KindArg::Auto => guess_kind(document),
            KindArg::Identity => PolicyKind::Identity,
            KindArg::Trust => PolicyKind::RoleTrust,
            KindArg::Resource => PolicyKind::Resource,
            KindArg::Scp => PolicyKind::ServiceControl,
            KindArg::Boundary => PolicyKind::Boundary,
        }
    }
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

/// Runs `iamform policy lint`.
pub fn run(cli: &Cli, ui: &Ui, args: &LintArgs) -> CliResult {
    let own_accounts = account_ids(cli, ui, &args.accounts)?;
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    for file in &args.files {
        let path = Arc::new(file.clone());
        let (doc, positions) = match read_located_document(file) {
            Ok(read) => read,
            Err(message) => {
                diagnostics.push(Diagnostic::error(Some(Span::unpositioned(path)), message));
                continue;
            }
        };
        let kind = args.kind.kind_of(&doc);
        let options = LintOptions {
            own_accounts: own_accounts.clone(),
            ..LintOptions::for_kind(kind)
        };
        diagnostics.extend(lint_document(&doc, &options).iter().map(|f| {
            let span = positions
                .get(&f.path)
                .cloned()
                .unwrap_or_else(|| Span::unpositioned(path.clone()));
            f.to_diagnostic(Some(span))
        }));
        files.push(PolicyFileRecord {
            file: file.display().to_string(),
            kind: kind.name().to_string(),
        });
    }
    let output = match args.format {
        LintFormat::Text => text(ui, args.files.len(), &diagnostics),
        LintFormat::Json => DiagnosticsReport {
            policy_files: files,
            aws_data: Some(DataVersions::bundled()),
            ..DiagnosticsReport::new(&diagnostics)
        }
        .to_json(),
        LintFormat::Sarif => sarif_json(&diagnostics),
    };
    ui.print(output);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(CliError::Reported)
    } else {
        Ok(Outcome::Success)
    }
}

/// The ids behind `--account`: 12-digit ids as they are, names looked up in the
/// manifests' iamform.yaml (loaded only when a name is given).
fn account_ids(cli: &Cli, ui: &Ui, accounts: &[String]) -> Result<Vec<String>, CliError> {
    let is_id = |a: &String| iamform::arn::is_account_id(a);
    if accounts.iter().all(is_id) {
        return Ok(accounts.to_vec());
    }
    let dir = workflow::manifest_dir(cli, None);
    let desired = workflow::load_desired(ui, &dir, &[], None)?;
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

/// Each finding with its snippet, then `ok: …` or the counts.
fn text(ui: &Ui, files: usize, diagnostics: &[Diagnostic]) -> String {
    let source = SnippetSource::of(diagnostics);
    let mut out = String::new();
    for text in source.render_all(diagnostics, ui.stdout_color()) {
        out.push_str(&text);
        out.push('\n');
    }
    let files = if files == 1 {
        "1 file".to_string()
    } else {
        format!("{files} files")
    };
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let info_note = if infos > 0 {
        format!(", {infos} info")
    } else {
        String::new()
    };
    if diagnostics.is_empty() {
        out.push_str(&format!("ok: {files}, no findings\n"));
    } else {
        out.push_str(&format!(
            "{files}: {errors} error(s), {warnings} warning(s){info_note}\n"
        ));
    }
    out
}
