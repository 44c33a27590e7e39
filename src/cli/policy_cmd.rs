//! `iamform policy …`: policy document tools.
//!
//! Exit codes: 0 success (or "equivalent"), 1 "not equivalent", 2 a file could not be read
//! or is not a valid policy document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use iamform::model::PolicyDocument;
use iamform::policy::{self, PolicyError};
use serde_json::Value;

use super::Cli;

/// Exit code for unreadable or invalid input.
const EXIT_INVALID: u8 = 2;
/// Exit code of `equivalent` when the documents differ.
const EXIT_DIFFERENT: u8 = 1;

/// Policy subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Print a policy document's canonical comparison form (JSON).
    Normalize {
        /// Policy document: JSON, YAML, or URL-encoded JSON as IAM returns it.
        file: PathBuf,
    },
    /// Tell whether two policy documents grant the same access; print a diff if not.
    ///
    /// Exits 0 when equivalent, 1 when not, 2 when a file is unreadable or invalid.
    Equivalent {
        /// First document (shown as `-` in the diff).
        a: PathBuf,
        /// Second document (shown as `+` in the diff).
        b: PathBuf,
    },
    /// Lint policy documents: grammar, actions, resources, condition keys, security.
    ///
    /// Exits 0 without errors (warnings allowed), 1 with errors, 2 when a file is unreadable.
    Lint(super::lint_cmd::LintArgs),
    /// Evaluate one request against policy files, as AWS would decide it.
    ///
    /// Prints allowed, explicitDeny or implicitDeny and the deciding statements; exits 0
    /// when allowed, 1 when denied, 2 on invalid input.
    Simulate(super::simulate_cmd::SimulateArgs),
}

/// Runs a policy subcommand.
pub fn run(_cli: &Cli, cmd: &PolicyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PolicyCommand::Normalize { file } => {
            let Some(doc) = read_valid(file) else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            let normal = policy::normalize(&doc)?;
            println!("{}", serde_json::to_string_pretty(&normal)?);
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::Equivalent { a, b } => {
            // Read both before stopping, so one run reports the problems of both files.
            let (doc_a, doc_b) = (read_valid(a), read_valid(b));
            let (Some(doc_a), Some(doc_b)) = (doc_a, doc_b) else {
                return Ok(ExitCode::from(EXIT_INVALID));
            };
            if policy::equivalent(&doc_a, &doc_b) {
                println!("equivalent");
                return Ok(ExitCode::SUCCESS);
            }
            let (text_a, text_b) = (
                policy::canonical_text(&doc_a),
                policy::canonical_text(&doc_b),
            );
            let diff = similar::TextDiff::from_lines(&text_a, &text_b);
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&a.display().to_string(), &b.display().to_string())
            );
            Ok(ExitCode::from(EXIT_DIFFERENT))
        }
        PolicyCommand::Lint(args) => super::lint_cmd::run(args),
        PolicyCommand::Simulate(args) => super::simulate_cmd::run(args),
    }
}

/// Reads and validates a document, printing what is wrong to stderr; `None` if anything is.
fn read_valid(file: &Path) -> Option<Value> {
    let doc = match read_document(file) {
        Ok(doc) => doc,
        Err(message) => {
            eprintln!("error: {}: {message}", file.display());
            return None;
        }
    };
    match policy::parse(&doc) {
        Ok(_) => Some(doc),
        Err(err) => {
            eprint!("{}", render_problems(file, &err));
            None
        }
    }
}

/// `error: FILE: invalid policy document (N problems)`, then one line per problem with its
/// JSON path and an indented hint.
fn render_problems(file: &Path, err: &PolicyError) -> String {
    let count = err.problems.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut out = format!(
        "error: {}: invalid policy document ({count} {noun})\n",
        file.display()
    );
    for problem in &err.problems {
        out.push_str(&format!("  {}: {}\n", problem.path, problem.message));
        if let Some(hint) = &problem.hint {
            out.push_str(&format!("    = help: {hint}\n"));
        }
    }
    out
}

/// Reads JSON, YAML (by extension, or when the text does not start with `{`), or the
/// URL-encoded JSON IAM returns from its Get* calls.
pub(super) fn read_document(file: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read file: {e}"))?;
    let trimmed = text.trim();
    if trimmed.starts_with('%') {
        return PolicyDocument::from_iam_string(trimmed)
            .map(|d| d.0)
            .map_err(|e| e.to_string());
    }
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let is_yaml = match extension.as_deref() {
        Some("yaml" | "yml") => true,
        Some("json") => false,
        _ => !trimmed.starts_with('{'),
    };
    if is_yaml {
        serde_saphyr::from_str::<Value>(&text).map_err(|e| format!("not valid YAML: {e}"))
    } else {
        serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))
    }
}
