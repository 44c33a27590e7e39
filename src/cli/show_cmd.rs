//! `iamform show PLAN.json`: a saved plan shown again, in any format, without reading
//! manifests or accounts (the pull-request comment and the apply log of one reviewed plan).

use std::path::PathBuf;

use super::plan_cmd::PlanOutputArgs;
use super::{CliResult, Outcome, Ui, workflow};

/// Arguments of `iamform show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A plan saved by `iamform plan --out`.
    #[arg(value_name = "PLAN.json")]
    pub plan: PathBuf,
    #[command(flatten)]
    pub output: PlanOutputArgs,
    /// Exit 0 when the plan has no changes, 2 when it has, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// Runs `iamform show`.
pub fn run(ui: &Ui, args: &ShowArgs) -> CliResult {
    let plan = workflow::read_saved_plan(&args.plan)?;
    args.output.show(ui, &plan);
    Ok(Outcome::attention_if(
        args.detailed_exitcode && !plan.is_empty(),
    ))
}
