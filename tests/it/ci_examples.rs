//! The CI examples users copy: the GitHub Actions workflow (`examples/ci/iamform.yml`)
//! and the pre-commit hooks (`.pre-commit-hooks.yaml`). What can run offline runs here.

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
    assert_eq!(subcommands, ["validate", "fmt", "plan", "apply"]);
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

/// The workflow's `iamform SUBCOMMAND …` command, the manifest directory made `.`.
fn workflow_command(name: &str) -> Vec<String> {
    let commands = workflow_commands(&yaml("examples/ci/iamform.yml"));
    let command = commands
        .iter()
        .find(|c| subcommand(c) == name)
        .unwrap_or_else(|| panic!("the workflow runs no `iamform {name}`"));
    command
        .iter()
        .map(|t| {
            if t == "$MANIFESTS" {
                ".".to_string()
            } else {
                t.clone()
            }
        })
        .collect()
}

#[test]
fn the_workflow_plan_then_apply_runs_offline() {
    // The workflow's own commands, with a recorded state instead of AWS.
    let (_guard, dir) = temp_copy("examples/quickstart");
    let run = |name: &str| {
        let mut args = workflow_command(name);
        args.extend(["--state".to_string(), "state.json".to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        iamform(&dir, &args)
    };
    let plan = run("plan");
    assert_eq!(plan.code, 2, "changes: {}", plan.stderr);
    assert!(
        plan.stdout.starts_with("## iamform plan"),
        "{}",
        plan.stdout
    );
    assert!(dir.join("plan.json").is_file());
    let apply = run("apply");
    assert_eq!(apply.code, 0, "{}{}", apply.stdout, apply.stderr);
    // Applied: the same plan again has nothing to do.
    let again = run("plan");
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn the_workflow_format_check_fails_the_job_on_unformatted_manifests() {
    let args = workflow_command("fmt");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(args.contains(&"--check"), "{args:?}");
    // What import wrote passes; a hand-written project fails the step (exit 2), with a
    // diff in the log.
    let (_formatted, dir) = temp_copy("examples/imported");
    let run = iamform(&dir, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (_unformatted, dir) = temp_copy("examples/quickstart");
    let run = iamform(&dir, &args);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("\n+++ "), "{}", run.stdout);
}

/// The hook's command (`entry`) as arguments after `iamform`.
fn hook_entry(hook: &serde_json::Value) -> Vec<&str> {
    assert_eq!(hook["pass_filenames"], false);
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "iamform");
    entry[1..].to_vec()
}

#[test]
fn the_pre_commit_hooks_run_validate_and_fmt_check() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    assert_eq!(hooks[0]["id"], "iamform-validate");
    let mut args = hook_entry(&hooks[0]);
    args.push("examples/quickstart");
    let run = iamform(crate_root(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);

    assert_eq!(hooks[1]["id"], "iamform-fmt");
    let mut args = hook_entry(&hooks[1]);
    assert_eq!(args, ["fmt", "--check"]);
    // pre-commit appends the `args:` of .pre-commit-config.yaml: here the directory.
    args.extend(["-C", "examples/imported"]);
    let run = iamform(crate_root(), &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    args.pop();
    args.push("examples/quickstart");
    assert_eq!(iamform(crate_root(), &args).code, 2);
}
