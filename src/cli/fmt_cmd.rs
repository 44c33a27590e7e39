//! `iamform fmt [--check] [FILE…]`: the project's YAML files rewritten in the layout
//! `iamform import` writes, comments kept ([`iamform::layout`]). Every YAML file the project
//! reads is formatted, `iamform.yaml` included (it is a manifest too). `--check` writes
//! nothing and lists what would change, for CI and pre-commit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail};
use iamform::backend::state_file::rewrite_atomically;
use iamform::diagnostic::{Diagnostic, Diagnostics, Span};
use iamform::input_file::io_reason;
use iamform::layout::format_manifest;
use iamform::manifest::{self, ProjectFiles};
use iamform::render::{file_diff, terminal_safe};

use super::{Cli, CliError, CliResult, Outcome, Ui, diagnostics_output, workflow};

/// Arguments of `iamform fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Only these files, or the files under these directories (inside the project;
    /// default: every YAML file of the project, iamform.yaml included).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write nothing: list the files that would change; exit 2 if any would, 0 if every
    /// file is formatted.
    #[arg(long)]
    pub check: bool,
    /// Also print what would change as a unified diff (implies --check).
    #[arg(long)]
    pub diff: bool,
}

/// Runs `iamform fmt`: each file that changes (or would, with `--check`) on stdout,
/// problems and a summary on stderr. Files that cannot be formatted are left as they are.
pub fn run(cli: &Cli, ui: &Ui, args: &FmtArgs) -> CliResult {
    let dir = workflow::manifest_dir(cli, None);
    let check = args.check || args.diff;
    let mut problems = Vec::new();
    let Some(project) = manifest::project_files(&dir, &mut problems) else {
        diagnostics_output::print(ui, &Diagnostics(problems));
        return Err(CliError::Reported);
    };
    let files = selected(&dir, &project, &args.files)?;
    let mut tally = Tally::default();
    for (path, target) in files {
        let formatted = manifest::read_manifest_text(&path).and_then(|text| {
            let formatted = format_manifest(&path, &text).map_err(|e| e.diagnostic().clone())?;
            Ok((text, formatted))
        });
        let (text, formatted) = match formatted {
            Ok(read) => read,
            Err(problem) => {
                problems.push(problem);
                tally.not_formatted += 1;
                continue;
            }
        };
        if !formatted.changed {
            tally.unchanged += 1;
            continue;
        }
        // Written where a symbolic link points (inside the project): the link stays.
        if !check && let Err(e) = rewrite_atomically(&target, formatted.text.as_bytes()) {
            problems.push(
                Diagnostic::error(
                    Some(Span::file_only(path.clone())),
                    format!("cannot write the formatted file: {}", io_reason(&e)),
                )
                .with_help("check the permissions of the file and of its directory"),
            );
            tally.not_formatted += 1;
            continue;
        }
        tally.changed += 1;
        let shown = path.display().to_string();
        ui.println(terminal_safe(&shown));
        if args.diff {
            ui.print(file_diff(&shown, &text, &formatted.text, ui.stdout_color()));
        }
    }
    let mut problems = Diagnostics(problems);
    problems.sort();
    if !problems.0.is_empty() {
        diagnostics_output::print(ui, &problems);
    }
    ui.eprintln(tally.summary(check));
    if problems.has_errors() {
        return Err(CliError::Reported);
    }
    Ok(Outcome::attention_if(check && tally.changed > 0))
}

/// The files to format, each once: (as shown, the real file to write). With `only`, the
/// project's files that are, or are under, one of them; each must select something.
fn selected(
    dir: &Path,
    project: &ProjectFiles,
    only: &[PathBuf],
) -> anyhow::Result<Vec<(Arc<PathBuf>, PathBuf)>> {
    let wanted = only
        .iter()
        .map(|given| {
            let real = std::fs::canonicalize(given)
                .map_err(|e| anyhow!("cannot read `{}`: {}", given.display(), io_reason(&e)))?;
            if !real.starts_with(&project.root) {
                bail!(
                    "`{}` is outside the project `{}`",
                    given.display(),
                    dir.display()
                );
            }
            Ok((given, real))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut used = vec![false; wanted.len()];
    let mut seen = BTreeSet::new();
    let mut files = Vec::new();
    for relative in &project.relative {
        let shown = manifest::display_path(dir, relative);
        let Ok(real) = std::fs::canonicalize(&shown) else {
            continue; // gone since the walk
        };
        let mut hit = wanted.is_empty();
        for (i, (_, prefix)) in wanted.iter().enumerate() {
            if real.starts_with(prefix) {
                used[i] = true;
                hit = true;
            }
        }
        if hit && seen.insert(real.clone()) {
            files.push((Arc::new(shown), real));
        }
    }
    if let Some(i) = used.iter().position(|u| !u) {
        bail!(
            "`{}` holds no YAML file of the project `{}` (hidden files are skipped)",
            wanted[i].0.display(),
            dir.display()
        );
    }
    Ok(files)
}

/// How the files came out.
#[derive(Debug, Default)]
struct Tally {
    /// Rewritten (or would be, with `--check`).
    changed: usize,
    /// Already in the layout.
    unchanged: usize,
    /// Left as they are: unreadable, invalid, or holding what the layout cannot keep.
    not_formatted: usize,
}

impl Tally {
    /// `formatted 2 file(s), 5 already formatted`, `7 file(s) already formatted`, …
    fn summary(&self, check: bool) -> String {
        let mut parts = Vec::new();
        match (self.changed, check) {
            (0, _) => parts.push(format!("{} file(s) already formatted", self.unchanged)),
            (n, true) => parts.push(format!("{n} file(s) would be reformatted")),
            (n, false) => parts.push(format!("formatted {n} file(s)")),
        }
        if self.changed > 0 && self.unchanged > 0 {
            parts.push(format!("{} already formatted", self.unchanged));
        }
        if self.not_formatted > 0 {
            parts.push(format!("{} not formatted (see above)", self.not_formatted));
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_what_happened_to_every_file() {
        let tally = |changed, unchanged, not_formatted| Tally {
            changed,
            unchanged,
            not_formatted,
        };
        assert_eq!(tally(0, 7, 0).summary(false), "7 file(s) already formatted");
        assert_eq!(
            tally(2, 5, 0).summary(false),
            "formatted 2 file(s), 5 already formatted"
        );
        assert_eq!(
            tally(2, 0, 1).summary(true),
            "2 file(s) would be reformatted, 1 not formatted (see above)"
        );
    }

    #[test]
    fn files_must_be_in_the_project_and_select_something() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        std::fs::create_dir_all(root.join("team")).unwrap();
        for file in [
            "iamform.yaml",
            "team/users.yaml",
            "team/notes.txt",
            "other.yaml",
        ] {
            std::fs::write(root.join(file), "a: 1\n").unwrap();
        }
        std::fs::write(tmp.path().join("outside.yaml"), "a: 1\n").unwrap();
        let mut sink = Vec::new();
        let project = manifest::project_files(&root, &mut sink).unwrap();
        let names = |only: &[PathBuf]| -> Vec<String> {
            selected(&root, &project, only)
                .unwrap()
                .iter()
                .map(|(shown, _)| shown.strip_prefix(&root).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            names(&[]),
            ["iamform.yaml", "other.yaml", "team/users.yaml"]
        );
        assert_eq!(names(&[root.join("team")]), ["team/users.yaml"]);
        let error = |given: PathBuf| selected(&root, &project, &[given]).unwrap_err().to_string();
        assert!(error(tmp.path().join("outside.yaml")).contains("is outside the project"));
        assert!(error(root.join("team/notes.txt")).contains("holds no YAML file"));
        assert!(error(root.join("missing.yaml")).ends_with(": no such file"));
    }
}
