//! `iamform graph`: the manifests' entities and what each needs first, or a saved plan's
//! changes in the order apply runs them, as Graphviz dot or Mermaid.

use std::collections::BTreeMap;
use std::path::PathBuf;

use iamform::model::AccountIam;
use iamform::render::{self, GraphFormat, GraphNodes};

use super::backend_args::AccountArgs;
use super::{Cli, CliResult, Outcome, Ui, workflow};

/// Graph languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormatArg {
    /// Graphviz: `iamform graph | dot -Tsvg > graph.svg`.
    Dot,
    /// Mermaid, for a ```mermaid block in Markdown.
    Mermaid,
}

/// Arguments of `iamform graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// Draw this saved plan's changes (`plan --out`) instead of the manifests' entities.
    #[arg(value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    /// Graph language.
    #[arg(long, value_enum, default_value = "dot")]
    pub format: GraphFormatArg,
    #[command(flatten)]
    pub only: AccountArgs,
}

/// Runs `iamform graph`.
pub fn run(cli: &Cli, ui: &Ui, args: &GraphArgs) -> CliResult {
    let format = match args.format {
        GraphFormatArg::Dot => GraphFormat::Dot,
        GraphFormatArg::Mermaid => GraphFormat::Mermaid,
    };
    let (plan, nodes) = match &args.plan {
        Some(path) => (workflow::read_saved_plan(path)?, GraphNodes::Changes),
        None => {
            // The entities and their dependencies are what creating everything from
            // nothing would take: a plan against empty accounts, drawn per entity.
            let dir = workflow::manifest_dir(cli, None);
            let loaded = workflow::load_manifests(ui, &dir, &args.only.accounts, None)?;
            let empty: BTreeMap<String, AccountIam> = loaded
                .desired
                .accounts
                .iter()
                .map(|(name, account)| {
                    let iam = AccountIam {
                        account_id: account.config.id.clone(),
                        ..AccountIam::default()
                    };
                    (name.clone(), iam)
                })
                .collect();
            (
                workflow::build_plan(ui, &loaded, &workflow::AccountsRead::of(empty), &[])?,
                GraphNodes::Entities,
            )
        }
    };
    ui.print(render::graph(&plan, format, nodes));
    Ok(Outcome::Success)
}
