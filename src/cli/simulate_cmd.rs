//! `iamform policy simulate`: evaluate one request against policy files locally.
//!
//! Exit codes (see `exit`): 0 allowed, 2 denied (explicitly or implicitly), 1 unreadable or
//! invalid input.

use std::path::{Path, PathBuf};

use iamform::policy::simulate::{
    Context, Evaluation, NamedPolicy, PolicyRole, Request, account_in_arn, evaluate,
    parse_resource_policy,
};
use iamform::policy::{self, JsonPath, Policy, PolicyVersion, simulate::Decision};
use iamform::render;
use serde_json::Value;

use super::policy_cmd::{describe_problems, read_located_document};
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
    /// Identity-based policy of the principal (repeatable; optional: a resource policy can
    /// decide alone).
    #[arg(long = "policy", value_name = "P.json")]
    pub policies: Vec<PathBuf>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "B.json")]
    pub boundary: Option<PathBuf>,
    /// Session policy passed when the principal's session was created (AssumeRole*,
    /// GetFederationToken): caps the identity policies and grants to the role ARN.
    #[arg(long = "session-policy", value_name = "S.json")]
    pub session_policy: Option<PathBuf>,
    /// Resource-based policy (e.g. a bucket policy); every statement must have
    /// `Principal` or `NotPrincipal`.
    #[arg(long = "resource-policy", value_name = "R.json")]
    pub resource_policy: Option<PathBuf>,
    /// Service control policies of one organization level (root, an OU, the account),
    /// repeatable, one per level: a policy, or a JSON array of the policies attached at
    /// that level (`[]`: none). Every level must allow; they apply to the principal.
    #[arg(long = "scp", value_name = "SCP.json")]
    pub scps: Vec<PathBuf>,
    /// Resource control policies of one organization level, repeatable, like --scp; they
    /// apply to the resource. Only their Deny statements count: AWS attaches
    /// RCPFullAWSAccess at every level, which lets everything else pass.
    #[arg(long = "rcp", value_name = "RCP.json")]
    pub rcps: Vec<PathBuf>,
    /// The action, e.g. s3:GetObject.
    #[arg(long)]
    pub action: String,
    /// The resource ARN.
    #[arg(long, default_value = "*")]
    pub resource: String,
    /// The calling principal's ARN: a user, role, role session
    /// (arn:aws:sts::ID:assumed-role/ROLE/SESSION), federated user or root (fills
    /// aws:PrincipalArn, aws:PrincipalAccount, aws:username, …).
    #[arg(long)]
    pub principal: Option<String>,
    /// The 12-digit account that owns the resource [default: the account in the resource
    /// ARN, else the principal's]. When it differs from the principal's, the request is
    /// cross-account: the identity side and the resource policy must both allow.
    #[arg(long = "resource-account", value_name = "ID", value_parser = parse_account_id)]
    pub resource_account: Option<String>,
    /// Request context, KEY=VALUE (repeat a key for a multivalued key).
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context_entry)]
    pub context: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DecisionFormat,
}

/// Parses a 12-digit account id.
fn parse_account_id(s: &str) -> Result<String, String> {
    if iamform::arn::is_account_id(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a 12-digit AWS account id"))
    }
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
    let mut files: Vec<(&PathBuf, PolicyRole)> = Vec::new();
    files.extend(
        args.scps
            .iter()
            .enumerate()
            .map(|(i, p)| (p, PolicyRole::Scp(i))),
    );
    files.extend(
        args.rcps
            .iter()
            .enumerate()
            .map(|(i, p)| (p, PolicyRole::Rcp(i))),
    );
    files.extend(
        args.resource_policy
            .iter()
            .map(|p| (p, PolicyRole::Resource)),
    );
    files.extend(args.policies.iter().map(|p| (p, PolicyRole::Identity)));
    files.extend(args.boundary.iter().map(|p| (p, PolicyRole::Boundary)));
    files.extend(args.session_policy.iter().map(|p| (p, PolicyRole::Session)));
    let mut policies = Vec::new();
    let mut invalid = false;
    for (file, role) in files {
        match load(file, role) {
            Ok(loaded) => policies.extend(loaded),
            Err(message) => {
                ui.eprintln(format_args!("error: {}: {message}", file.display()));
                invalid = true;
            }
        }
    }
    if invalid {
        return Err(CliError::Reported);
    }
    let mut request = Request::new(
        &args.action,
        &args.resource,
        args.principal.as_deref(),
        context_of(&args.context),
    );
    let resource_account = args
        .resource_account
        .clone()
        .or_else(|| account_in_arn(&args.resource).map(str::to_string))
        .or_else(|| request.principal_account.clone());
    if let Some(account) = resource_account {
        request = request.with_resource_account(&account);
    }
    let evaluation = evaluate(&policies, &request);
    ui.print(render_evaluation(&evaluation, args.format, &[]));
    Ok(outcome_of(evaluation.decision))
}

/// The policies of `file` in `role`. SCP and RCP files may hold a JSON array: the
/// policies of one organization level, named `FILE[i]`; an empty one is a level with
/// nothing attached, which allows nothing.
fn load(file: &Path, role: PolicyRole) -> Result<Vec<NamedPolicy>, String> {
    let (doc, positions) = read_located_document(file)?;
    let name = file.display().to_string();
    let named = |name: String, policy: Policy| NamedPolicy {
        name,
        role,
        policy: policy.into(),
    };
    let parse = |value: &Value| {
        if role.names_principals() {
            parse_resource_policy(value)
        } else {
            policy::parse(value)
        }
    };
    match doc {
        Value::Array(items) if matches!(role, PolicyRole::Scp(_) | PolicyRole::Rcp(_)) => {
            if items.is_empty() {
                let nothing = Policy {
                    version: PolicyVersion::V2012_10_17,
                    id: None,
                    statements: Vec::new(),
                };
                return Ok(vec![named(name, nothing)]);
            }
            let mut out = Vec::new();
            let mut problems = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match parse(item) {
                    Ok(p) => out.push(named(format!("{name}[{i}]"), p)),
                    Err(e) => problems.push(format!(
                        "[{i}]: {}",
                        describe_problems(&e, &positions, &JsonPath::root().index(i))
                    )),
                }
            }
            if problems.is_empty() {
                Ok(out)
            } else {
                Err(problems.join("; "))
            }
        }
        doc => parse(&doc)
            .map(|p| vec![named(name, p)])
            .map_err(|e| describe_problems(&e, &positions, &JsonPath::root())),
    }
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
