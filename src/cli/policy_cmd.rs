//! `iamform policy …`: policy document tools.
//!
//! Exit codes (see `exit`): 0 success (or "equivalent"), 1 a file could not be read or is
//! not a valid policy document, 2 "not equivalent".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use iamform::diagnostic::{Diagnostic, Span};
use iamform::input_file::{POLICY_LIMIT, read_text};
use iamform::manifest::{Decode as _, json_positions, parse_json, parse_yaml};
use iamform::model::PolicyDocument;
use iamform::policy::JsonPath;
use iamform::policy::{self, PolicyError};
use serde_json::Value;

use super::{Cli, CliError, CliResult, Outcome, Ui};

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
    /// Exits 0 when equivalent, 2 when not, 1 when a file is unreadable or invalid.
    Equivalent {
        /// First document (shown as `-` in the diff).
        a: PathBuf,
        /// Second document (shown as `+` in the diff).
        b: PathBuf,
    },
    /// Lint policy documents: grammar, actions, resources, condition keys, security.
    ///
    /// Exits 0 without errors (warnings allowed), 1 with errors or when a file is unreadable.
    Lint(super::lint_cmd::LintArgs),
    /// Evaluate one request against policy files, as AWS would decide it.
    ///
    /// Prints allowed, explicitDeny or implicitDeny on the first line, then the deciding
    /// statements, the reason and the policy types evaluated; exits 0 when allowed, 2 when
    /// denied, 1 on invalid input.
    ///
    /// An explicit Deny in any policy wins. Every --scp level must allow. Within one
    /// account, an Allow in the identity policies (inside the boundary and the session
    /// policy) or a resource policy naming the principal suffices; across accounts both
    /// must allow. A resource policy naming the principal's account only delegates to its
    /// identity policies; one naming a role is limited by the role's boundary and session
    /// policy; one naming the user or the session itself is not. A Deny with NotPrincipal
    /// always denies a principal that has a boundary.
    ///
    /// Simplifications: SCPs apply to the principal and RCPs to the resource as given;
    /// leave them out for the organization's management account and for service-linked
    /// roles, which they do not affect.
    Simulate(Box<super::simulate_cmd::SimulateArgs>),
}

/// Runs a policy subcommand.
pub fn run(cli: &Cli, ui: &Ui, cmd: &PolicyCommand) -> CliResult {
    match cmd {
        PolicyCommand::Normalize { file } => {
            let doc = read_valid(ui, file).ok_or(CliError::Reported)?;
            let normal = policy::normalize(&doc)?;
            ui.println(serde_json::to_string_pretty(&normal)?);
            Ok(Outcome::Success)
        }
        PolicyCommand::Equivalent { a, b } => {
            // Read both before stopping, so one run reports the problems of both files.
            let (doc_a, doc_b) = (read_valid(ui, a), read_valid(ui, b));
            let (Some(doc_a), Some(doc_b)) = (doc_a, doc_b) else {
                return Err(CliError::Reported);
            };
            if policy::equivalent(&doc_a, &doc_b) {
                ui.println("equivalent");
                return Ok(Outcome::Success);
            }
            let (text_a, text_b) = (
                policy::canonical_text(&doc_a),
                policy::canonical_text(&doc_b),
            );
            let diff = similar::TextDiff::from_lines(&text_a, &text_b);
            ui.print(
                diff.unified_diff()
                    .context_radius(3)
                    .header(&a.display().to_string(), &b.display().to_string()),
            );
            Ok(Outcome::Attention)
        }
        PolicyCommand::Lint(args) => super::lint_cmd::run(cli, ui, args),
        PolicyCommand::Simulate(args) => super::simulate_cmd::run(ui, args),
    }
}

/// Reads and validates a document, printing what is wrong to stderr; `None` if anything is.
fn read_valid(ui: &Ui, file: &Path) -> Option<Value> {
    let (doc, positions) = match read_located_document(file) {
        Ok(read) => read,
        Err(message) => {
            ui.eprintln(format_args!("error: {}: {message}", file.display()));
            return None;
        }
    };
    match policy::parse(&doc) {
        Ok(_) => Some(doc),
        Err(err) => {
            ui.eprint(render_problems(file, &err, &positions));
            None
        }
    }
}

/// `error: FILE: invalid policy document (N problems)`, then one line per problem with its
/// JSON path, where that is in the file, and an indented hint.
fn render_problems(file: &Path, err: &PolicyError, positions: &BTreeMap<JsonPath, Span>) -> String {
    let count = err.problems.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut out = format!(
        "error: {}: invalid policy document ({count} {noun})\n",
        file.display()
    );
    for problem in &err.problems {
        let place = placed(&problem.path, positions, &JsonPath::root());
        out.push_str(&format!("  {place}: {}\n", problem.message));
        if let Some(hint) = &problem.hint {
            out.push_str(&format!("    = help: {hint}\n"));
        }
    }
    out
}

/// `invalid policy document: PATH (line L, column C): message (hint: …)`, every problem
/// on one line; `within` is where the document sits in its file (an SCP list's item).
pub(super) fn describe_problems(
    err: &PolicyError,
    positions: &BTreeMap<JsonPath, Span>,
    within: &JsonPath,
) -> String {
    let problems: Vec<String> = err
        .problems
        .iter()
        .map(|p| {
            let mut line = format!("{}: {}", placed(&p.path, positions, within), p.message);
            if let Some(hint) = &p.hint {
                line.push_str(&format!(" (hint: {hint})"));
            }
            line
        })
        .collect();
    match problems.as_slice() {
        [one] => format!("invalid policy document: {one}"),
        many => format!(
            "invalid policy document ({} problems): {}",
            many.len(),
            many.join("; ")
        ),
    }
}

/// `path`, with its line and column when the file says where it is (`path` is relative
/// to `within`).
fn placed(path: &JsonPath, positions: &BTreeMap<JsonPath, Span>, within: &JsonPath) -> String {
    let mut full = within.clone();
    full.0.extend(path.0.iter().cloned());
    match positions.get(&full) {
        Some(span) if span.line > 0 => {
            format!("{path} (line {}, column {})", span.line, span.column)
        }
        _ => path.to_string(),
    }
}

/// Reads JSON, YAML (by extension, or when the text does not start with `{`), or the
/// URL-encoded JSON IAM returns from its Get* calls, with where each node of the document
/// is in the file (none for the URL-encoded form, which has no lines to point at).
pub(super) fn read_located_document(
    file: &Path,
) -> Result<(Value, BTreeMap<JsonPath, Span>), String> {
    let text =
        read_text(file, POLICY_LIMIT).map_err(|e| format!("cannot read file: {}", e.reason()))?;
    let trimmed = text.trim();
    if trimmed.starts_with('%') {
        return PolicyDocument::from_iam_string(trimmed)
            .map(|d| (d.0, BTreeMap::new()))
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
        parse_yaml(&path, &text)
    } else {
        parse_json(&path, &text).map(Some)
    };
    let node = match parsed {
        Ok(Some(node)) => node,
        Ok(None) => return Err("the file holds no policy document".to_string()),
        Err(d) => return Err(located(&d)),
    };
    let mut problems = Vec::new();
    match Value::decode(&node, &mut problems) {
        Some(value) if problems.is_empty() => Ok((value, json_positions(&node))),
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
