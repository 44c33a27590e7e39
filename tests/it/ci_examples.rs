//! The CI examples users copy: the GitHub Actions workflow (`examples/ci/iamform.yml`)
//! and the pre-commit hook (`.pre-commit-hooks.yaml`). What can run offline runs here.

use crate::support::offline_cli::{crate_root, iamform, temp_copy};

fn yaml(relative: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(crate_root().join(relative)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not YAML: {e}"))
}

/// Every `iamform …` command in the workflow's `run:` steps, as tokens after `iamform`.
fn workflow_commands(workflow: &serde_json::Value) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    // In the order they run (the parsed map sorts its keys).
    for job in ["plan", "apply"].map(|name| &workflow["jobs"][name]) {
        for step in job["steps"].as_array().unwrap() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            for line in run.lines().map(str::trim) {
                let Some(rest) = line.strip_prefix("iamform ") else {
                    continue;
                };
                let tokens = rest
                    .split_whitespace()
                    .take_while(|t| *t != ">")
                    .map(|t| t.trim_matches('"').to_string())
                    .collect();
                commands.push(tokens);
            }
        }
    }
    commands
}

/// The subcommand of `iamform TOKENS` (after the global `-C DIR` and `--color WHEN`).
fn subcommand(tokens: &[String]) -> &str {
    let mut i = 0;
    while let Some(t) = tokens.get(i) {
        match t.as_str() {
            "-C" | "--color" => i += 2,
            t if t.starts_with('-') => i += 1,
            t => return t,
        }
    }
    panic!("no subcommand in iamform {tokens:?}")
}

#[test]
fn the_workflow_parses_and_uses_only_flags_that_exist() {
    let workflow = yaml("examples/ci/iamform.yml");
    assert!(workflow["jobs"]["plan"].is_object() && workflow["jobs"]["apply"].is_object());
    let commands = workflow_commands(&workflow);
    let subcommands: Vec<&str> = commands.iter().map(|c| subcommand(c)).collect();
    assert_eq!(subcommands, ["validate", "plan", "apply"]);
    for tokens in &commands {
        let sub = subcommand(tokens);
        let help = iamform(crate_root(), &[sub, "--help"]).stdout;
        for flag in tokens.iter().filter(|t| t.starts_with("--")) {
            assert!(
                help.contains(flag.as_str()),
                "`iamform {sub}` has no {flag}"
            );
        }
    }
}

#[test]
fn the_workflow_plan_then_apply_runs_offline() {
    // The workflow's own commands, with a recorded state instead of AWS.
    let (_guard, dir) = temp_copy("examples/quickstart");
    let commands = workflow_commands(&yaml("examples/ci/iamform.yml"));
    let local = |tokens: &[String]| -> Vec<String> {
        let mut args: Vec<String> = tokens
            .iter()
            .map(|t| {
                if t == "$MANIFESTS" {
                    ".".to_string()
                } else {
                    t.clone()
                }
            })
            .collect();
        args.extend(["--state".to_string(), "state.json".to_string()]);
        args
    };
    let run = |tokens: &[String]| {
        let args = local(tokens);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        iamform(&dir, &args)
    };
    let plan = run(&commands[1]);
    assert_eq!(plan.code, 2, "changes: {}", plan.stderr);
    assert!(
        plan.stdout.starts_with("## iamform plan"),
        "{}",
        plan.stdout
    );
    assert!(dir.join("plan.json").is_file());
    let apply = run(&commands[2]);
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    // Applied: the same plan again has nothing to do.
    let again = run(&commands[1]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn the_pre_commit_hook_runs_validate() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "iamform-validate");
    assert_eq!(hook["pass_filenames"], false);
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "iamform");
    let mut args = entry[1..].to_vec();
    args.push("examples/quickstart");
    let run = iamform(crate_root(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}
