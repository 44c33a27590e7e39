//! `iamform policy simulate`: evaluate one request against policy files locally.
//!
//! Exit codes (see `exit`): 0 allowed, 2 denied (explicitly or implicitly), 1 unreadable or
//! invalid input.

use std::path::PathBuf;

use iamform::policy::simulate::{Context, Evaluation, NamedPolicy, PolicyRole, Request, evaluate};
use iamform::policy::{self, simulate::Decision};
use iamform::render;

use super::policy_cmd::read_document;
use super::{CliError, CliResult, Outcome, Ui};

/// Output formats of `simulate` and `can`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DecisionFormat {
    /// The decision, then the statements behind it.
    Text,
    /// The evaluation as JSON.
    Json,
}

/// Arguments of `iamform policy simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Identity policy (repeatable).
    #[arg(long = "policy", value_name = "P.json", required = true)]
    pub policies: Vec<PathBuf>,
    /// Permissions boundary.
    #[arg(long, value_name = "B.json")]
    pub boundary: Option<PathBuf>,
    /// Resource-based policy (e.g. a bucket policy).
    #[arg(long = "resource-policy", value_name = "R.json")]
    pub resource_policy: Option<PathBuf>,
    /// The action, e.g. s3:GetObject.
    #[arg(long)]
    pub action: String,
    /// The resource ARN.
    #[arg(long, default_value = "*")]
    pub resource: String,
    /// The calling principal's ARN (fills aws:PrincipalArn, aws:username, …).
    #[arg(long)]
    pub principal: Option<String>,
    /// Request context, KEY=VALUE (repeat a key for a multivalued key).
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context_entry)]
    pub context: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DecisionFormat,
}

/// Parses `KEY=VALUE`.
pub fn parse_context_entry(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!(
            "`{s}` is not KEY=VALUE (e.g. aws:SourceIp=10.0.0.1)"
        )),
    }
}

/// Builds a context from `KEY=VALUE` pairs.
pub fn context_of(entries: &[(String, String)]) -> Context {
    let mut cx = Context::new();
    for (k, v) in entries {
        cx.insert(k, v.clone());
    }
    cx
}

/// Runs `iamform policy simulate`.
pub fn run(ui: &Ui, args: &SimulateArgs) -> CliResult {
    let mut files: Vec<(&PathBuf, PolicyRole)> = args
        .policies
        .iter()
        .map(|p| (p, PolicyRole::Identity))
        .collect();
    files.extend(args.boundary.iter().map(|p| (p, PolicyRole::Boundary)));
    files.extend(
        args.resource_policy
            .iter()
            .map(|p| (p, PolicyRole::Resource)),
    );
    let mut policies = Vec::new();
    let mut invalid = false;
    for (file, role) in files {
        let parsed =
            read_document(file).and_then(|doc| policy::parse(&doc).map_err(|e| e.to_string()));
        match parsed {
            Ok(policy) => policies.push(NamedPolicy {
                name: file.display().to_string(),
                role,
                policy: policy.into(),
            }),
            Err(message) => {
                ui.eprintln(format_args!("error: {}: {message}", file.display()));
                invalid = true;
            }
        }
    }
    if invalid {
        return Err(CliError::Reported);
    }
    let request = Request::new(
        &args.action,
        &args.resource,
        args.principal.as_deref(),
        context_of(&args.context),
    );
    let evaluation = evaluate(&policies, &request);
    ui.print(render_evaluation(&evaluation, args.format, &[]));
    Ok(outcome_of(evaluation.decision))
}

/// Success when allowed; a denial needs attention.
pub fn outcome_of(decision: Decision) -> Outcome {
    Outcome::attention_if(decision != Decision::Allowed)
}

/// The evaluation in `format`, with `notes`.
pub fn render_evaluation(e: &Evaluation, format: DecisionFormat, notes: &[String]) -> String {
    match format {
        DecisionFormat::Text => render::evaluation::evaluation_text(e, notes),
        DecisionFormat::Json => render::evaluation::evaluation_json(e, notes),
    }
}
