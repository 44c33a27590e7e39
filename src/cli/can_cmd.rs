//! `iamform can PRINCIPAL ACTION RESOURCE`: what the manifests' policies decide, before
//! anything is applied.
//!
//! Exit codes (see `exit`): 0 allowed, 2 denied, 1 the manifests have errors or the
//! principal is unknown.

use iamform::access;

use super::simulate_cmd::{
    DecisionFormat, context_of, outcome_of, parse_context_entry, render_evaluation,
};
use super::{Cli, CliError, CliResult, Ui, diagnostics_output, workflow};

/// Arguments of `iamform can`.
#[derive(Debug, clap::Args)]
pub struct CanArgs {
    /// User or role: NAME, user/NAME, role/NAME, optionally prefixed by ACCOUNT/.
    pub principal: String,
    /// The action, e.g. s3:GetObject.
    pub action: String,
    /// The resource ARN (or `*`).
    pub resource: String,
    /// Request context, KEY=VALUE (repeat a key for a multivalued key).
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context_entry)]
    pub context: Vec<(String, String)>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DecisionFormat,
}

/// Runs `iamform can`.
pub fn run(cli: &Cli, ui: &Ui, args: &CanArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let now = super::clock::now().map_err(CliError::Failed)?;
    let desired = iamform::manifest::load(&dir, now).map_err(|diags| {
        diagnostics_output::print(ui, &diags);
        CliError::Reported
    })?;
    let answer = match access::can(
        &desired,
        &args.principal,
        &args.action,
        &args.resource,
        context_of(&args.context),
    ) {
        Ok(a) => a,
        Err(e) => return Err(anyhow::anyhow!("{e}").into()),
    };
    let mut notes = vec![format!(
        "{}: {} ({}) calling {} on {}",
        answer.account, answer.principal, answer.principal_arn, args.action, args.resource
    )];
    notes.extend(
        answer.not_evaluated.iter().map(|arn| {
            format!("not evaluated (not in the bundled AWS-managed policy data): {arn}")
        }),
    );
    ui.print(render_evaluation(&answer.evaluation, args.format, &notes));
    Ok(outcome_of(answer.evaluation.decision))
}
