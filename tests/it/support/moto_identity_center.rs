//! IAM Identity Center on moto for one test: a fresh account holding moto's instance
//! (moto gives every account one), its Identity Store seeded with groups and users
//! through the identitystore API, SDK clients to change things behind iamform's back,
//! and a project of three accounts (the instance's and two assigned ones) run through
//! the real binary.

use std::path::{Path, PathBuf};

use aws_sdk_ssoadmin::types::{PrincipalType, Tag, TargetType};

use super::moto::{self, FAKE_KEY};
use super::moto_project::{Run, run};

/// An account with an Identity Center instance and a project that manages it.
pub struct MotoIdentityCenter {
    runtime: tokio::runtime::Runtime,
    /// The moto endpoint.
    pub endpoint: String,
    /// The account holding the instance (`management` in the project).
    pub management_id: String,
    /// Assigned accounts, `prod` and `staging` in the project.
    pub prod_id: String,
    /// See `prod_id`.
    pub staging_id: String,
    /// ssoadmin client in the management account.
    pub sso: aws_sdk_ssoadmin::Client,
    /// identitystore client in the management account.
    pub store: aws_sdk_identitystore::Client,
    /// The instance ARN.
    pub instance_arn: String,
    /// The Identity Store id.
    pub store_id: String,
    dir: tempfile::TempDir,
}

impl MotoIdentityCenter {
    /// A fresh management account and two others, an `iamform.yaml` naming them.
    pub fn new(endpoint: &str) -> MotoIdentityCenter {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let management_id = moto::unique_account_id();
        let (sso, store) = runtime.block_on(async {
            let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_sdk_ssoadmin::config::Region::new("us-east-1"))
                .endpoint_url(endpoint)
                .credentials_provider(aws_sdk_ssoadmin::config::Credentials::new(
                    FAKE_KEY, FAKE_KEY, None, None, "moto",
                ))
                .load()
                .await;
            let provider = aws_config::sts::AssumeRoleProvider::builder(format!(
                "arn:aws:iam::{management_id}:role/{}",
                moto::TEST_ROLE
            ))
            .session_name("iamform-test-sso")
            .configure(&base)
            .build()
            .await;
            let provider = aws_sdk_ssoadmin::config::SharedCredentialsProvider::new(provider);
            let sso = aws_sdk_ssoadmin::Client::from_conf(
                aws_sdk_ssoadmin::config::Builder::from(&base)
                    .credentials_provider(provider.clone())
                    .build(),
            );
            let store = aws_sdk_identitystore::Client::from_conf(
                aws_sdk_identitystore::config::Builder::from(&base)
                    .credentials_provider(provider)
                    .build(),
            );
            (sso, store)
        });
        let instance = runtime
            .block_on(sso.list_instances().send())
            .expect("list instances");
        let instance = &instance.instances()[0];
        let dir = tempfile::tempdir().expect("temp dir");
        let center = MotoIdentityCenter {
            endpoint: endpoint.to_string(),
            management_id,
            prod_id: moto::unique_account_id(),
            staging_id: moto::unique_account_id(),
            instance_arn: instance.instance_arn().expect("instance ARN").to_string(),
            store_id: instance.identity_store_id().expect("store id").to_string(),
            sso,
            store,
            runtime,
            dir,
        };
        let account = |id: &str| format!("{{id: \"{id}\", assume_role: {}}}", moto::TEST_ROLE);
        center.write(
            "iamform.yaml",
            &format!(
                "accounts:\n  management: {}\n  prod: {}\n  staging: {}\n\
                 default_account: management\n",
                account(&center.management_id),
                account(&center.prod_id),
                account(&center.staging_id),
            ),
        );
        center
    }

    /// The project directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A path in the project directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a project file.
    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).expect("write project file");
    }

    /// Replaces `from` (which must occur) by `to` in a project file.
    pub fn edit(&self, name: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.path(name)).expect("project file");
        assert!(text.contains(from), "{name} has no {from:?}");
        self.write(name, &text.replacen(from, to, 1));
    }

    /// Creates an Identity Store group; returns its id.
    pub fn create_group(&self, display_name: &str) -> String {
        let call = self
            .store
            .create_group()
            .identity_store_id(&self.store_id)
            .display_name(display_name)
            .send();
        self.runtime
            .block_on(call)
            .expect("create group")
            .group_id()
            .to_string()
    }

    /// Creates an Identity Store user; returns its id.
    pub fn create_user(&self, user_name: &str) -> String {
        let name = aws_sdk_identitystore::types::Name::builder()
            .given_name(user_name)
            .family_name("Tester")
            .build();
        let call = self
            .store
            .create_user()
            .identity_store_id(&self.store_id)
            .user_name(user_name)
            .display_name(user_name)
            .name(name)
            .send();
        self.runtime
            .block_on(call)
            .expect("create user")
            .user_id()
            .to_string()
    }

    /// The ARN of permission set `name`.
    pub fn permission_set_arn(&self, name: &str) -> String {
        self.runtime.block_on(async {
            let listed = self
                .sso
                .list_permission_sets()
                .instance_arn(&self.instance_arn)
                .send()
                .await
                .expect("list permission sets");
            for arn in listed.permission_sets() {
                let described = self
                    .sso
                    .describe_permission_set()
                    .instance_arn(&self.instance_arn)
                    .permission_set_arn(arn)
                    .send()
                    .await
                    .expect("describe permission set");
                if described.permission_set().and_then(|p| p.name()) == Some(name) {
                    return arn.clone();
                }
            }
            panic!("no permission set {name}")
        })
    }

    /// How many permission sets the instance holds.
    pub fn permission_set_count(&self) -> usize {
        let call = self
            .sso
            .list_permission_sets()
            .instance_arn(&self.instance_arn)
            .send();
        self.runtime
            .block_on(call)
            .expect("list permission sets")
            .permission_sets()
            .len()
    }

    /// Detaches an AWS-managed policy from a permission set, behind iamform's back.
    pub fn detach_managed_policy(&self, set: &str, policy_arn: &str) {
        let call = self
            .sso
            .detach_managed_policy_from_permission_set()
            .instance_arn(&self.instance_arn)
            .permission_set_arn(self.permission_set_arn(set))
            .managed_policy_arn(policy_arn)
            .send();
        self.runtime.block_on(call).expect("detach managed policy");
    }

    /// Sets a tag on a permission set, behind iamform's back.
    pub fn tag(&self, set: &str, key: &str, value: &str) {
        let call = self
            .sso
            .tag_resource()
            .instance_arn(&self.instance_arn)
            .resource_arn(self.permission_set_arn(set))
            .tags(Tag::builder().key(key).value(value).build().expect("tag"))
            .send();
        self.runtime.block_on(call).expect("tag permission set");
    }

    /// Deletes a group's assignment, behind iamform's back.
    pub fn delete_group_assignment(&self, set: &str, group_id: &str, account_id: &str) {
        let call = self
            .sso
            .delete_account_assignment()
            .instance_arn(&self.instance_arn)
            .permission_set_arn(self.permission_set_arn(set))
            .target_type(TargetType::AwsAccount)
            .target_id(account_id)
            .principal_type(PrincipalType::Group)
            .principal_id(group_id)
            .send();
        self.runtime.block_on(call).expect("delete assignment");
    }

    /// Runs `iamform -C DIR ARGS` against moto.
    pub fn iamform(&self, args: &[&str]) -> Run {
        let (_env_dir, env) = moto::binary_env(&self.endpoint);
        let mut cmd = assert_cmd::Command::cargo_bin("iamform").expect("iamform binary");
        for var in moto::INHERITED_AWS_VARS {
            cmd.env_remove(var);
        }
        cmd.envs(env)
            .env("NO_COLOR", "1")
            .current_dir(self.dir())
            .arg("-C")
            .arg(self.dir())
            .args(args);
        run(&mut cmd, "")
    }

    /// Snapshot filters for the accounts and the project directory.
    pub fn snapshot_settings(&self) -> insta::Settings {
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(&self.management_id, "[MANAGEMENT]");
        settings.add_filter(&self.prod_id, "[PROD]");
        settings.add_filter(&self.staging_id, "[STAGING]");
        settings.add_filter(&self.dir().display().to_string(), "[DIR]");
        settings.add_filter(r"ssoins-[0-9a-z]+", "ssoins-[ID]");
        settings.add_filter(r"ps-[0-9a-z]{16}", "ps-[ID]");
        settings.add_filter(r"d-[0-9a-z]{10}", "d-[STORE]");
        settings
    }
}
