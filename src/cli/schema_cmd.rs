//! `iamform schema`.

use std::path::PathBuf;

use anyhow::Context as _;
use iamform::manifest;

use super::{CliResult, Outcome, Ui};

/// Arguments of `iamform schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write the schema to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `iamform schema`: the JSON Schema of manifest files, for editors.
pub fn run(ui: &Ui, args: &SchemaArgs) -> CliResult {
    let schema = manifest::manifest_schema_json();
    match &args.out {
        Some(path) => super::workflow::write_output(path, schema.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => ui.print(schema),
    }
    Ok(Outcome::Success)
}
