//! A copy of `examples/quickstart` pointed at its own moto account, and the real
//! `iamform` binary run against it: the pieces of every end-to-end test.

use super::offline_cli::copy_dir;
use std::path::{Path, PathBuf};

use iamform::model::AccountConfig;
use iamform::plan::Plan;

use super::moto::{self, BehindTheBack};

/// The account name the quickstart manifests use (`account: main`).
pub const ACCOUNT_NAME: &str = "main";
/// The account id written in the committed quickstart, replaced in every copy.
const QUICKSTART_ACCOUNT_ID: &str = "111111111111";
/// AWS-managed policies the quickstart attaches (see [`MotoProject::quickstart`]).
const QUICKSTART_AWS_POLICIES: &[(&str, &str, &str)] = &[
    (
        "people.yaml",
        "policies: [ReadOnlyAccess, app-deploy]",
        "policies: [app-deploy]",
    ),
    (
        "people.yaml",
        "policies: [AdministratorAccess]",
        "policies: []",
    ),
    (
        "roles.yaml",
        "policies: [AmazonSSMManagedInstanceCore]",
        "policies: []",
    ),
];

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// The stdout, parsed as a plan (`plan --format json`).
    pub fn plan(&self) -> Plan {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not a plan ({e}):\n{}", self.stdout))
    }
}

/// A quickstart project in a temp dir whose one account lives in moto.
pub struct MotoProject {
    /// The moto endpoint.
    pub endpoint: String,
    /// The account the manifests declare (reached through [`moto::TEST_ROLE`]).
    pub account: AccountConfig,
    /// An SDK client in the account, to change things behind iamform's back.
    pub sdk: BehindTheBack,
    /// True when moto knows AWS-managed policies (`MOTO_IAM_LOAD_MANAGED_POLICIES`).
    pub aws_managed_policies: bool,
    dir: tempfile::TempDir,
    /// Holds the (absent) AWS config files `env` points at; lives as long as the project.
    _env_dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl MotoProject {
    /// Copies `examples/quickstart` (without its recorded state) for a fresh account.
    ///
    /// Two changes keep it within what moto implements:
    /// - `permissions_boundary` is removed from `bob`: moto 5.2 does not implement
    ///   Put/DeleteUserPermissionsBoundary (HTTP 500), so a boundary could never converge.
    /// - AWS-managed policies are dropped unless moto was started with
    ///   `MOTO_IAM_LOAD_MANAGED_POLICIES=true` (it then knows `arn:aws:iam::aws:policy/*`;
    ///   by default it answers NoSuchEntity and every attachment would fail).
    pub fn quickstart(endpoint: &str) -> MotoProject {
        let account = AccountConfig {
            partition: Default::default(),
            name: ACCOUNT_NAME.to_string(),
            id: moto::unique_account_id(),
            assume_role: Some(moto::TEST_ROLE.to_string()),
            profile: None,
        };
        let sdk = BehindTheBack::new(endpoint, &account);
        let aws_managed_policies = moto_knows_aws_managed_policies(&sdk);
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart");
        copy_dir(&source, dir.path());
        std::fs::remove_file(dir.path().join("state.json")).expect("quickstart has state.json");
        let (env_dir, env) = moto::binary_env(endpoint);
        let project = MotoProject {
            endpoint: endpoint.to_string(),
            account,
            sdk,
            aws_managed_policies,
            dir,
            _env_dir: env_dir,
            env,
        };
        project.edit(
            "iamform.yaml",
            &format!("id: \"{QUICKSTART_ACCOUNT_ID}\""),
            &format!(
                "id: \"{}\"\n    assume_role: {}",
                project.account.id,
                moto::TEST_ROLE
            ),
        );
        project.edit(
            "people.yaml",
            "    permissions_boundary: developer-boundary\n",
            "",
        );
        if !aws_managed_policies {
            for (file, from, to) in QUICKSTART_AWS_POLICIES {
                project.edit(file, from, to);
            }
        }
        project
    }

    /// The manifest directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the manifest directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Replaces `from` (which must occur) by `to` in a manifest file.
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path(file);
        let text = std::fs::read_to_string(&path).expect("manifest file");
        assert!(
            text.contains(from),
            "{file} no longer contains {from:?}; update the test"
        );
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write manifest file");
    }

    /// The binary with the moto environment, run in (and with `-C`) the manifest
    /// directory, so relative paths such as `--out plan.json` land there.
    pub fn command(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("iamform").expect("iamform binary");
        cmd.current_dir(self.dir.path());
        for var in moto::INHERITED_AWS_VARS {
            cmd.env_remove(var);
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("NO_COLOR", "1")
            .arg("-C")
            .arg(self.dir.path());
        cmd
    }

    /// Runs the binary with `args` and empty stdin; panics if it panicked.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command().args(args), "")
    }

    /// Runs the binary offline against a state file (`--state FILE` and `args`).
    ///
    /// `AWS_REGION` is removed: `--state` conflicts with `--region`, whose value clap
    /// also takes from that variable, so a set `AWS_REGION` makes `--state` an error.
    pub fn run_offline(&self, state: &Path, args: &[&str]) -> Run {
        let mut cmd = self.command();
        cmd.env_remove("AWS_REGION")
            .args(args)
            .arg("--state")
            .arg(state);
        run(&mut cmd, "")
    }

    /// `plan --format json`, which must succeed.
    pub fn plan_json(&self) -> Plan {
        self.run(&["plan", "--format", "json"])
            .expect_code(0)
            .plan()
    }

    /// `apply --auto-approve`, which must succeed.
    pub fn apply(&self) -> Run {
        self.run(&["apply", "--auto-approve"]).expect_code(0)
    }

    /// Snapshot settings that hide what differs between runs: the account id, other
    /// account ids, the manifest directory, fingerprints and session names.
    pub fn snapshot_settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&regex_literal(&self.dir().display().to_string()), "[DIR]");
        settings.add_filter(&self.account.id, "[ACCOUNT]");
        settings.add_filter(r"\b\d{12}\b", "[OTHER_ACCOUNT]");
        settings.add_filter(r"sha256:[0-9a-f]{64}", "sha256:[FINGERPRINT]");
        settings.add_filter(r"iamform-\d{10}", "iamform-[SESSION]");
        // `-v` timings.
        settings.add_filter(r"\b\d+\.\d{2} s\b", "[SECONDS] s");
        settings
    }

    /// The ARN of the account's customer-managed policy `name` at path `/`.
    pub fn policy_arn(&self, name: &str) -> String {
        format!("arn:aws:iam::{}:policy/{name}", self.account.id)
    }
}

/// Runs a prepared command with `stdin` piped in (never a terminal); panics if the
/// binary panicked.
pub fn run(cmd: &mut assert_cmd::Command, stdin: &str) -> Run {
    let output = cmd.write_stdin(stdin).output().expect("iamform runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "iamform panicked: {run:?}"
    );
    run
}

/// `text` as a regular expression that matches only itself.
fn regex_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn moto_knows_aws_managed_policies(sdk: &BehindTheBack) -> bool {
    sdk.run(
        sdk.iam
            .get_policy()
            .policy_arn("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .send(),
    )
    .is_ok()
}
