//! Building plans by hand for the renderer tests, the way a planner would number and
//! count them, plus small constructors for accounts, entities and documents.

use serde_json::json;

use crate::diff::{AccountKey, Action, Change};
use crate::model::{
    EntityKind, EntityRef, Group, Ownership, PasswordPolicy, PolicyDocument, Role, Tags, User,
};
use crate::plan::{
    AccountFingerprint, IgnoredEntity, PLAN_FORMAT_VERSION, Plan, PlannedChange, Summary, summarize,
};

/// The production account of the fixtures.
pub(crate) fn prod() -> AccountKey {
    AccountKey {
        partition: Default::default(),
        name: "prod".into(),
        id: "111111111111".into(),
    }
}

/// The development account of the fixtures.
pub(crate) fn dev() -> AccountKey {
    AccountKey {
        partition: Default::default(),
        name: "dev".into(),
        id: "222222222222".into(),
    }
}

/// Collects changes in order and derives ids and the summary the way a planner would.
pub(crate) struct PlanBuilder {
    plan: Plan,
}

impl PlanBuilder {
    /// A plan over `accounts` with no changes yet.
    pub(crate) fn new(accounts: &[AccountKey]) -> PlanBuilder {
        PlanBuilder {
            plan: Plan {
                format_version: PLAN_FORMAT_VERSION,
                targeting: None,
                accounts: accounts
                    .iter()
                    .map(|account| AccountFingerprint {
                        account: account.clone(),
                        fingerprint: format!("sha256:{}", account.id.repeat(5)),
                    })
                    .collect(),
                changes: Vec::new(),
                ignored: Vec::new(),
                warnings: Vec::new(),
                access: Vec::new(),
                shared_access: Vec::new(),
                broadens_access: false,
                narrows_access: false,
                findings: Vec::new(),
                findings_on_unchanged: 0,
                incomplete: Vec::new(),
                held_back: Vec::new(),
                expiry: None,
                aws_data: None,
                summary: Summary::default(),
                shared: Vec::new(),
                links: Vec::new(),
            },
        }
    }

    /// Appends a change; returns its id for `depends_on`.
    pub(crate) fn change(
        &mut self,
        account: &AccountKey,
        kind: EntityKind,
        name: &str,
        action: Action,
        depends_on: &[usize],
    ) -> usize {
        let id = self.plan.changes.len();
        self.plan.changes.push(PlannedChange {
            id,
            change: Change {
                account: account.clone(),
                target: EntityRef::new(kind, name),
                action,
            },
            depends_on: depends_on.to_vec(),
            expired: None,
        });
        id
    }

    /// Records an entity the plan leaves alone.
    pub(crate) fn ignore(
        &mut self,
        account: &AccountKey,
        kind: EntityKind,
        name: &str,
        path: &str,
        ownership: Ownership,
    ) {
        self.plan.ignored.push(IgnoredEntity {
            account: account.clone(),
            target: EntityRef::new(kind, name),
            path: path.into(),
            ownership,
        });
    }

    /// Adds an effective-access change (accounts by name, as the planner writes them).
    pub(crate) fn access(&mut self, change: crate::access::AccessChange) {
        self.plan.broadens_access |= change.broadens;
        self.plan.narrows_access |= change.narrows;
        self.plan.access.push(change);
    }

    /// Adds a warning.
    pub(crate) fn warn(&mut self, warning: &str) {
        self.plan.warnings.push(warning.into());
    }

    /// The finished plan.
    pub(crate) fn build(mut self) -> Plan {
        self.plan.summary = summarize(&self.plan.changes);
        self.plan.shared = crate::plan::shared_changes(&self.plan.changes);
        self.plan.shared_access =
            crate::plan::shared_access(&self.plan.access, &self.plan.accounts);
        self.plan
    }
}

/// A policy document allowing `actions` on `resource`.
pub(crate) fn allow(actions: &[&str], resource: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]
    }))
}

/// A trust policy letting `service` assume the role.
pub(crate) fn trust(service: &str) -> PolicyDocument {
    PolicyDocument(json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]
    }))
}

/// Tags from pairs.
pub(crate) fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A user at `path` with nothing attached.
pub(crate) fn user(name: &str, path: &str) -> User {
    User {
        name: name.into(),
        path: path.into(),
        tags: Tags::new(),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        groups: Default::default(),
        credential_rules: Default::default(),
        credential_state: None,
        meta: Default::default(),
    }
}

/// A role at `path` trusted by `service`.
pub(crate) fn role(name: &str, path: &str, service: &str) -> Role {
    Role {
        name: name.into(),
        path: path.into(),
        description: None,
        max_session_duration: 3600,
        trust_policy: trust(service),
        permissions_boundary: None,
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        tags: Tags::new(),
        meta: Default::default(),
    }
}

/// A group at the root.
pub(crate) fn group(name: &str) -> Group {
    Group {
        name: name.into(),
        path: "/".into(),
        managed_policies: Default::default(),
        inline_policies: Default::default(),
        meta: Default::default(),
    }
}

/// A password policy requiring symbols and numbers.
pub(crate) fn password_policy(length: u32, reuse: Option<u32>) -> PasswordPolicy {
    PasswordPolicy {
        minimum_password_length: length,
        require_symbols: true,
        require_numbers: true,
        require_uppercase_characters: false,
        require_lowercase_characters: false,
        allow_users_to_change_password: true,
        max_password_age: None,
        password_reuse_prevention: reuse,
        hard_expiry: false,
    }
}
