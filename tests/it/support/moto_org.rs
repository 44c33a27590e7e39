//! An AWS Organization of its own on moto for one test: a fresh management account
//! (reached by AssumeRole, so tests running at once each have their own organization),
//! seeded through the Organizations SDK client, and the real `iamform` binary run with
//! that management account's credentials.

use std::collections::BTreeMap;
use std::path::Path;

use aws_sdk_organizations::types::Tag;

use super::moto::{self, FAKE_KEY};
use super::moto_project::{Run, run};

/// A management account with an organization, and a client to shape it.
pub struct MotoOrganization {
    runtime: tokio::runtime::Runtime,
    /// The moto endpoint.
    pub endpoint: String,
    /// The management account's id.
    pub management_id: String,
    /// Organizations client acting as the management account.
    pub client: aws_sdk_organizations::Client,
    /// The root's id.
    pub root: String,
    credentials: (String, String, String),
}

impl MotoOrganization {
    /// Creates an organization in a fresh management account.
    pub fn new(endpoint: &str) -> MotoOrganization {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let management_id = moto::unique_account_id();
        let (client, credentials, root) = runtime.block_on(async {
            let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_sdk_organizations::config::Region::new("us-east-1"))
                .endpoint_url(endpoint)
                .credentials_provider(aws_sdk_organizations::config::Credentials::new(
                    FAKE_KEY, FAKE_KEY, None, None, "moto",
                ))
                .load()
                .await;
            let sts = aws_sdk_sts::Client::new(&base);
            let assumed = sts
                .assume_role()
                .role_arn(format!(
                    "arn:aws:iam::{management_id}:role/{}",
                    moto::TEST_ROLE
                ))
                .role_session_name("iamform-test-org")
                .send()
                .await
                .expect("assume a role in the management account");
            let c = assumed.credentials().expect("credentials");
            let credentials = (
                c.access_key_id().to_string(),
                c.secret_access_key().to_string(),
                c.session_token().to_string(),
            );
            let config = aws_sdk_organizations::config::Builder::from(&base)
                .credentials_provider(aws_sdk_organizations::config::Credentials::new(
                    &credentials.0,
                    &credentials.1,
                    Some(credentials.2.clone()),
                    None,
                    "moto-management",
                ))
                .build();
            let client = aws_sdk_organizations::Client::from_conf(config);
            client
                .create_organization()
                .send()
                .await
                .expect("create the organization");
            let roots = client.list_roots().send().await.expect("list roots");
            let root = roots.roots()[0].id().expect("root id").to_string();
            (client, credentials, root)
        });
        MotoOrganization {
            runtime,
            endpoint: endpoint.to_string(),
            management_id,
            client,
            root,
            credentials,
        }
    }

    /// Creates OU `name` under `parent`; returns its id.
    pub fn create_ou(&self, parent: &str, name: &str) -> String {
        self.runtime.block_on(async {
            let out = self
                .client
                .create_organizational_unit()
                .parent_id(parent)
                .name(name)
                .send()
                .await
                .expect("create OU");
            out.organizational_unit()
                .and_then(|u| u.id())
                .expect("OU id")
                .to_string()
        })
    }

    /// Creates account `name` with `tags` and moves it into OU `parent`; returns its id.
    pub fn create_account(&self, name: &str, tags: &[(&str, &str)], parent: &str) -> String {
        self.runtime.block_on(async {
            let tags: Vec<Tag> = tags
                .iter()
                .map(|(k, v)| Tag::builder().key(*k).value(*v).build().expect("tag"))
                .collect();
            let out = self
                .client
                .create_account()
                .account_name(name)
                .email(format!("{name}@example.com"))
                .set_tags(Some(tags))
                .send()
                .await
                .expect("create account");
            let id = out
                .create_account_status()
                .and_then(|s| s.account_id())
                .expect("account id")
                .to_string();
            self.client
                .move_account()
                .account_id(&id)
                .source_parent_id(&self.root)
                .destination_parent_id(parent)
                .send()
                .await
                .expect("move account");
            id
        })
    }

    /// Moves account `id` from OU `from` to OU `to`.
    pub fn move_account(&self, id: &str, from: &str, to: &str) {
        self.runtime.block_on(async {
            self.client
                .move_account()
                .account_id(id)
                .source_parent_id(from)
                .destination_parent_id(to)
                .send()
                .await
                .expect("move account");
        });
    }

    /// Closes account `id` (it is then no longer active).
    pub fn close_account(&self, id: &str) {
        self.runtime.block_on(async {
            self.client
                .close_account()
                .account_id(id)
                .send()
                .await
                .expect("close account");
        });
    }

    /// Creates groups in the Identity Store of the management account's Identity Center
    /// instance (moto gives every account one).
    pub fn create_identity_store_groups(&self, names: &[&str]) {
        self.runtime.block_on(async {
            let base = aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_sdk_ssoadmin::config::Region::new("us-east-1"))
                .endpoint_url(&self.endpoint)
                .credentials_provider(aws_sdk_ssoadmin::config::Credentials::new(
                    &self.credentials.0,
                    &self.credentials.1,
                    Some(self.credentials.2.clone()),
                    None,
                    "moto-management",
                ))
                .load()
                .await;
            let sso = aws_sdk_ssoadmin::Client::new(&base);
            let instances = sso.list_instances().send().await.expect("list instances");
            let store_id = instances.instances()[0]
                .identity_store_id()
                .expect("identity store id")
                .to_string();
            let store = aws_sdk_identitystore::Client::new(&base);
            for name in names {
                store
                    .create_group()
                    .identity_store_id(&store_id)
                    .display_name(*name)
                    .send()
                    .await
                    .expect("create group");
            }
        });
    }

    /// Runs `iamform -C DIR ARGS` as the management account.
    pub fn iamform(&self, dir: &Path, args: &[&str]) -> Run {
        self.iamform_with(dir, args, &[])
    }

    /// [`MotoOrganization::iamform`] without the variables named in `unset`.
    pub fn iamform_with(&self, dir: &Path, args: &[&str], unset: &[&str]) -> Run {
        self.iamform_env(dir, args, unset, &[])
    }

    /// [`MotoOrganization::iamform`] with the clock of `expires:` at `now` (`IAMFORM_NOW`).
    pub fn iamform_at(&self, dir: &Path, args: &[&str], now: &str) -> Run {
        self.iamform_env(dir, args, &[], &[("IAMFORM_NOW", now)])
    }

    fn iamform_env(&self, dir: &Path, args: &[&str], unset: &[&str], set: &[(&str, &str)]) -> Run {
        let (_env_dir, env) = moto::binary_env(&self.endpoint);
        let env: BTreeMap<String, String> = env.into_iter().collect();
        let mut cmd = assert_cmd::Command::cargo_bin("iamform").expect("iamform binary");
        for var in moto::INHERITED_AWS_VARS {
            cmd.env_remove(var);
        }
        cmd.envs(&env)
            .env("AWS_ACCESS_KEY_ID", &self.credentials.0)
            .env("AWS_SECRET_ACCESS_KEY", &self.credentials.1)
            .env("AWS_SESSION_TOKEN", &self.credentials.2)
            .env("NO_COLOR", "1")
            .envs(set.iter().copied())
            .current_dir(dir)
            .arg("-C")
            .arg(dir)
            .args(args);
        for var in unset {
            cmd.env_remove(var);
        }
        run(&mut cmd, "")
    }
}
