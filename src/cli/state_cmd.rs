//! `iamform state pull`: record the live state of the manifests' accounts in a state
//! file, so `plan --state FILE` can later run offline against exactly what was read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use iamform::backend::state_file::{STATE_FORMAT_VERSION, StateFile};

use super::backend_args::BackendArgs;
use super::{Cli, workflow};

/// State file subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum StateCommand {
    /// Read each account (live, or from another state file) and write a state file.
    Pull(PullArgs),
}

/// Arguments of `iamform state pull`.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    #[command(flatten)]
    pub backend: BackendArgs,
    /// Only these accounts (repeatable).
    #[arg(long = "account", value_name = "NAME")]
    pub accounts: Vec<String>,
    /// Where to write the state file (replaced as a whole).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Runs a state subcommand.
pub fn run(cli: &Cli, cmd: &StateCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        StateCommand::Pull(args) => pull(cli, args),
    }
}

fn pull(cli: &Cli, args: &PullArgs) -> anyhow::Result<ExitCode> {
    let dir = workflow::manifest_dir(cli, None);
    let desired = match workflow::load_desired(&dir, &args.accounts) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let backend = args.backend.open()?;
    let configs: Vec<_> = desired.accounts.values().map(|a| &a.config).collect();
    let read = workflow::read_accounts(backend.as_ref(), &configs)?;
    let state = StateFile {
        format_version: STATE_FORMAT_VERSION,
        // The file is keyed by account id: that is what a state-file backend looks up.
        accounts: read
            .iam
            .into_values()
            .map(|iam| (iam.account_id.clone(), iam))
            .collect(),
    };
    write_atomically(&args.out, &state.to_pretty_json())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    for (name, account) in &desired.accounts {
        let iam = &state.accounts[&account.config.id];
        println!(
            "pulled account {name} ({}): {} entities",
            account.config.id,
            iam.entity_count()
        );
    }
    println!("wrote {}", args.out.display());
    if cli.verbose {
        super::verbose::print_api_calls(backend.as_ref());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes beside the target and renames over it, so an interrupted pull never leaves a
/// half-written state file where a good one was.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.pull", std::process::id()));
    let result = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomically_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, "new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_atomically_fails_cleanly_into_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("state.json");
        assert!(write_atomically(&path, "x").is_err());
        assert!(!path.exists());
    }
}
