//! `iamform policy …`: policy document tools.
//!
//! Exit codes: 0 success (or "equivalent"), 1 "not equivalent", 2 a file could not be read
//! or is not a valid policy document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use iamform::diagnostic::Diagnostic;
use iamform::input_file::{POLICY_LIMIT, read_text};
use iamform::manifest::decode::Decode as _;
use iamform::manifest::{json_node, yaml_node};
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
    let text =
        read_text(file, POLICY_LIMIT).map_err(|e| format!("cannot read file: {}", e.reason()))?;
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
    // The manifest's located parsers: duplicate keys are errors (serde_json would keep
    // the last `"Effect"`), and messages hold no parser internals.
    let path = Arc::new(file.to_path_buf());
    let parsed = if is_yaml {
        yaml_node::parse(&path, &text)
    } else {
        json_node::parse(&path, &text).map(Some)
    };
    let node = match parsed {
        Ok(Some(node)) => node,
        Ok(None) => return Err("the file holds no policy document".to_string()),
        Err(d) => return Err(located(&d)),
    };
    let mut problems = Vec::new();
    match Value::decode(&node, &mut problems) {
        Some(value) if problems.is_empty() => Ok(value),
        _ => Err(problems
            .first()
            .map_or_else(|| "invalid policy document".to_string(), located)),
    }
}

/// `message at line L column C`, and where the first of a duplicate is.
fn located(d: &Diagnostic) -> String {
    let at = |s: &iamform::diagnostic::Span| format!("line {} column {}", s.line, s.column);
    let mut out = d.message.clone();
    if let Some(span) = &d.span {
        out.push_str(&format!(" at {}", at(span)));
    }
    for (span, note) in &d.related {
        out.push_str(&format!(" ({note} at {})", at(span)));
    }
    out
}
