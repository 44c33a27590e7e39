//! `iamform completions SHELL` and `iamform man`: shell completion scripts and man pages,
//! generated from the same definition as `--help`.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::CommandFactory as _;

use super::{Cli, CliResult, Outcome, Ui};

/// Arguments of `iamform completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell, e.g. `bash`: `source <(iamform completions bash)`.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `iamform man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `iamform.1` and one page per subcommand (`iamform-plan.1`, …) into DIR
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Runs `iamform completions`.
pub fn completions(ui: &Ui, args: &CompletionsArgs) -> CliResult {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "iamform", &mut script);
    ui.print(String::from_utf8_lossy(&script));
    Ok(Outcome::Success)
}

/// Runs `iamform man`.
pub fn man(ui: &Ui, args: &ManArgs) -> CliResult {
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(Cli::command(), dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
            ui.eprintln(format_args!("wrote man pages to {}", dir.display()));
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut page)?;
            ui.print(String::from_utf8_lossy(&page));
        }
    }
    Ok(Outcome::Success)
}
