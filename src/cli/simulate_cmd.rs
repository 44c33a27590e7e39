//! `iamform policy simulate`: evaluate one request against policy files locally.
//!
//! Exit codes: 0 allowed, 1 denied (explicitly or implicitly), 2 unreadable or invalid input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;

use iamform::policy::simulate::{
    Context, Evaluation, NamedPolicy, PolicyRole, Request, empty_policy, evaluate,
};
use iamform::policy::{self, simulate::Decision};

use super::policy_cmd::read_document;

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
#[command(after_long_help = SIMULATE_HELP)]
pub struct SimulateArgs {
    /// Identity policy of the principal (repeatable; optional: a resource policy alone can decide).
    #[arg(long = "policy", value_name = "P.json")]
    pub policies: Vec<PathBuf>,
    /// The principal's permissions boundary.
    #[arg(long, value_name = "B.json")]
    pub boundary: Option<PathBuf>,
    /// Session policy passed when the session was created (AssumeRole, GetFederationToken).
    #[arg(long = "session-policy", value_name = "S.json")]
    pub session_policy: Option<PathBuf>,
    /// Resource-based policy (e.g. a bucket policy); its statements need Principal or NotPrincipal.
    #[arg(long = "resource-policy", value_name = "R.json")]
    pub resource_policy: Option<PathBuf>,
    /// Service control policies of one organization level, root first (repeat per level).
    /// The file holds one policy or a JSON array of the level's policies; `[]` is a level
    /// with none attached.
    #[arg(long = "scp", value_name = "SCP.json")]
    pub scps: Vec<PathBuf>,
    /// Resource control policies (repeatable; one policy or a JSON array per file).
    #[arg(long = "rcp", value_name = "RCP.json")]
    pub rcps: Vec<PathBuf>,
    /// The action, e.g. s3:GetObject.
    #[arg(long)]
    pub action: String,
    /// The resource ARN.
    #[arg(long, default_value = "*")]
    pub resource: String,
    /// The calling principal's ARN: a user, role, assumed-role session
    /// (arn:aws:sts::ID:assumed-role/ROLE/SESSION) or federated user; fills
    /// aws:PrincipalArn, aws:PrincipalAccount, aws:username.
    #[arg(long)]
    pub principal: Option<String>,
    /// The account that owns the resource [default: the account in the resource ARN,
    /// else the principal's].
    #[arg(long = "resource-account", value_name = "ID", value_parser = parse_account_id)]
    pub resource_account: Option<String>,
    /// Request context, KEY=VALUE (repeat a key for a multivalued key).
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context_entry)]
    pub context: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DecisionFormat,
}

/// How `simulate` decides, for `--help`.
const SIMULATE_HELP: &str = "\
Evaluation (AWS's policy evaluation logic, reference_policies_evaluation-logic.html):
  1. A Deny that applies in any policy: explicitDeny.
  2. RCPs only deny (RCPFullAWSAccess is always attached); each --scp level must allow.
  3. Same account (principal and resource): a resource-policy Allow naming the caller's
     user or session ARN (or \"*\") allows on its own; otherwise an identity-policy Allow,
     or a resource-policy Allow naming the role behind the session, must also lie inside
     the --boundary and the --session-policy. Naming the account (ID or :root) only
     delegates to the account's identity policies.
  4. Cross-account: an identity-policy Allow (inside boundary and session policy) and a
     resource-policy Allow naming the caller, its role or its account are both needed.
Conditions: a missing key makes a condition false, but a negated operator
(StringNotEquals, ArnNotLike, NotIpAddress, ...) true; a value unreadable for the
operator's type, or a policy variable that does not resolve, matches nothing, and makes
a negated operator false. Variable values are literal text, never wildcards.
Output: the decision, the deciding statements, the reason, the policy types that took
part; --format json gives decision, statements, reason, policyTypes, crossAccount, notes.
Exit codes: 0 allowed, 1 denied, 2 invalid input.";

/// Accepts a 12-digit account id.
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
pub fn run(args: &SimulateArgs) -> anyhow::Result<ExitCode> {
    let mut files: Vec<(&PathBuf, PolicyRole)> = args
        .policies
        .iter()
        .map(|p| (p, PolicyRole::Identity))
        .collect();
    files.extend(args.boundary.iter().map(|p| (p, PolicyRole::Boundary)));
    files.extend(args.session_policy.iter().map(|p| (p, PolicyRole::Session)));
    files.extend(
        args.resource_policy
            .iter()
            .map(|p| (p, PolicyRole::Resource)),
    );
    files.extend(args.scps.iter().enumerate().map(|(i, p)| {
        let level = u16::try_from(i + 1).unwrap_or(u16::MAX);
        (p, PolicyRole::ServiceControl { level })
    }));
    files.extend(args.rcps.iter().map(|p| (p, PolicyRole::ResourceControl)));
    let mut policies = Vec::new();
    let mut invalid = false;
    for (file, role) in files {
        match read_policies(file, role) {
            Ok(found) => policies.extend(found),
            Err(message) => {
                eprintln!("error: {}: {message}", file.display());
                invalid = true;
            }
        }
    }
    if invalid {
        return Ok(ExitCode::from(2));
    }
    let mut request = Request::new(
        &args.action,
        &args.resource,
        args.principal.as_deref(),
        context_of(&args.context),
    );
    if let Some(account) = &args.resource_account {
        request = request.with_resource_account(account);
    }
    let evaluation = evaluate(&policies, &request);
    let notes = principal_notes(&policies);
    print!("{}", render_evaluation(&evaluation, args.format, &notes));
    Ok(exit_for(evaluation.decision))
}

/// The policies in `file`: one document, or (for SCPs and RCPs, which attach several
/// per level) a JSON array of documents, each named `FILE[i]`.
fn read_policies(file: &Path, role: PolicyRole) -> Result<Vec<NamedPolicy>, String> {
    let name = file.display().to_string();
    let doc = read_document(file)?;
    let org = matches!(
        role,
        PolicyRole::ServiceControl { .. } | PolicyRole::ResourceControl
    );
    let documents: Vec<(String, Value)> = match doc {
        Value::Array(items) if org => {
            if items.is_empty() {
                // A level with nothing attached: it allows nothing.
                return Ok(vec![NamedPolicy {
                    name: format!("{name} (no policies)"),
                    role,
                    policy: empty_policy().into(),
                }]);
            }
            items
                .into_iter()
                .enumerate()
                .map(|(i, d)| (format!("{name}[{i}]"), d))
                .collect()
        }
        doc => vec![(name, doc)],
    };
    documents
        .into_iter()
        .map(|(name, doc)| {
            let policy = policy::parse(&doc).map_err(|e| e.to_string())?;
            Ok(NamedPolicy {
                name,
                role,
                policy: policy.into(),
            })
        })
        .collect()
}

/// Resource-policy (and RCP) statements without `Principal`: IAM rejects them, so they
/// never apply; say so instead of silently ignoring them.
fn principal_notes(policies: &[NamedPolicy]) -> Vec<String> {
    let mut notes = Vec::new();
    for named in policies {
        if !matches!(
            named.role,
            PolicyRole::Resource | PolicyRole::ResourceControl
        ) {
            continue;
        }
        for (i, statement) in named.policy.statements.iter().enumerate() {
            if statement.principal.is_none() {
                notes.push(format!(
                    "{}: Statement[{i}] has no Principal; IAM rejects such a resource policy statement, so it never applies",
                    named.name
                ));
            }
        }
    }
    notes
}

/// 0 for allowed, 1 for denied.
pub fn exit_for(decision: Decision) -> ExitCode {
    match decision {
        Decision::Allowed => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// The decision, the statements behind it, the reason, and notes.
pub fn render_evaluation(e: &Evaluation, format: DecisionFormat, notes: &[String]) -> String {
    if format == DecisionFormat::Json {
        let mut v = serde_json::to_value(e).unwrap_or_default();
        if !notes.is_empty() {
            v["notes"] = notes.into();
        }
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let mut out = format!("{}\n", e.decision);
    for s in &e.statements {
        let role = match s.role {
            PolicyRole::Identity => String::new(),
            PolicyRole::Boundary => " (boundary)".into(),
            PolicyRole::Session => " (session policy)".into(),
            PolicyRole::Resource => " (resource policy)".into(),
            PolicyRole::ServiceControl { level } => format!(" (SCP level {level})"),
            PolicyRole::ResourceControl => " (RCP)".into(),
        };
        let sid = s
            .sid
            .as_ref()
            .map(|sid| format!(" Sid {sid}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}{role}: Statement[{}]{sid}: {}\n",
            s.policy,
            s.index,
            s.effect.as_str()
        ));
    }
    out.push_str(&format!("  because {}\n", e.reason));
    if !e.policy_types.is_empty() {
        let types: Vec<&str> = e.policy_types.iter().map(|t| t.as_str()).collect();
        out.push_str(&format!("  policy types: {}\n", types.join(", ")));
    }
    for note in notes {
        out.push_str(&format!("  note: {note}\n"));
    }
    out
}
