//! The CLI reference: every command's `--help`, as snapshots and as `docs/cli.md`.

use clap::CommandFactory as _;

use super::Cli;

/// Width the reference is wrapped at, whatever the terminal running the tests.
const WIDTH: usize = 100;

/// `(path, long help)` for the root command and every subcommand, depth first.
fn help_pages() -> Vec<(String, String)> {
    fn walk(cmd: &mut clap::Command, path: &str, pages: &mut Vec<(String, String)>) {
        let help = cmd.render_long_help().to_string();
        pages.push((path.to_string(), help));
        for sub in cmd.get_subcommands_mut() {
            if sub.get_name() == "help" {
                continue;
            }
            let sub_path = format!("{path} {}", sub.get_name());
            walk(sub, &sub_path, pages);
        }
    }
    let mut cmd = Cli::command().term_width(WIDTH).max_term_width(WIDTH);
    cmd.build();
    let mut pages = Vec::new();
    walk(&mut cmd, "iamform", &mut pages);
    pages
}

/// `docs/cli.md`: one section per command, its help verbatim.
fn markdown(pages: &[(String, String)]) -> String {
    let mut out = String::from(
        "# Command-line reference\n\n\
         Generated from the commands' `--help` (`IAMFORM_WRITE_DOCS=1 cargo test --bin iamform \
         reference` rewrites it; a test fails when it is stale). Exit codes are in the README.\n",
    );
    for (path, help) in pages {
        out.push_str(&format!(
            "\n## `{path}`\n\n```text\n{}\n```\n",
            help.trim_end()
        ));
    }
    out
}

#[test]
fn every_help_page_is_a_snapshot() {
    for (path, help) in help_pages() {
        insta::assert_snapshot!(path.replace(' ', "_"), help);
    }
}

#[test]
fn docs_cli_md_is_the_help_of_every_command() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md");
    let fresh = markdown(&help_pages());
    if std::env::var_os("IAMFORM_WRITE_DOCS").is_some() {
        std::fs::write(path, &fresh).expect("write docs/cli.md");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/cli.md is stale; regenerate it with IAMFORM_WRITE_DOCS=1 cargo test --bin iamform reference"
    );
}
