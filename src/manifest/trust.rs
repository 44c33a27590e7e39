//! Role trust policies generated from `trust:` entries, one statement per entry: the
//! entry's principal (`trust_principals`, `trust_federated`, or a shorthand from
//! `trust_shorthand`) and its conditions (`trust_conditions`).

use serde_json::{Map, Value, json};

use crate::arn::{self, Partition};
use crate::diagnostic::Diagnostic;
use crate::model::Project;

use super::entity_index::ManifestIndex;
use super::located::Located;
use super::trust_conditions::conditions;
use super::trust_federated::federated_principal;
use super::trust_principals::{account_id, principal_arns, services};
use super::trust_shorthand;
use super::trust_spec::TrustEntry;

/// What a trust entry needs to know about the project.
pub struct TrustContext<'a, 'm> {
    /// Accounts and their ids.
    pub project: &'a Project,
    /// Manifest definitions, to find trusted roles and users with their paths.
    pub index: &'a ManifestIndex<'m>,
    /// The account of the role being trusted into.
    pub role_account: &'a str,
}

impl TrustContext<'_, '_> {
    /// The trusting role's partition: every principal of its trust policy is in it, as
    /// no trust crosses partitions.
    pub(super) fn partition(&self) -> Partition {
        self.project
            .accounts
            .get(self.role_account)
            .map_or_else(Partition::default, |a| a.partition)
    }
}

const HELP_KINDS: &str = "use one kind per entry: `service`/`services`, `account`/`accounts`, `roles`/`users` (with an optional `account`), `federated`, `github`, `gitlab`, `eks` or `saml`";

/// Builds the trust policy document, or reports every problem and returns `None`.
pub fn trust_document(
    entries: &[Located<TrustEntry>],
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let before = sink.len();
    let statements: Vec<Value> = entries
        .iter()
        .filter_map(|e| statement(e, cx, sink))
        .collect();
    (sink.len() == before).then(|| json!({"Version": "2012-10-17", "Statement": statements}))
}

pub(super) fn one_or_many(mut values: Vec<String>) -> Value {
    if values.len() == 1 {
        Value::String(values.remove(0))
    } else {
        Value::Array(values.into_iter().map(Value::String).collect())
    }
}

fn statement(
    entry: &Located<TrustEntry>,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let e = &entry.value;
    let principals = e.roles.is_some() || e.users.is_some();
    let mut kinds = Vec::new();
    if e.service.is_some() || e.services.is_some() {
        kinds.push("service");
    }
    if e.accounts.is_some() || (e.account.is_some() && !principals) {
        kinds.push("account");
    }
    if principals {
        kinds.push("roles/users");
    }
    if e.federated.is_some() {
        kinds.push("federated");
    }
    kinds.extend(trust_shorthand::kinds(e));
    if kinds.len() != 1 {
        let message = if kinds.is_empty() {
            "trust entry names no principal".to_string()
        } else {
            format!("trust entry mixes principals: {}", kinds.join(" and "))
        };
        sink.push(Diagnostic::error(Some(entry.span.clone()), message).with_help(HELP_KINDS));
        return None;
    }
    let before = sink.len();
    let mut generated = Map::new();
    let (principal, action) = match kinds[0] {
        "service" => (
            json!({"Service": one_or_many(services(e, sink))}),
            "sts:AssumeRole",
        ),
        "account" => {
            let ids = e.account.iter().chain(e.accounts.iter().flatten());
            let roots = ids
                .filter_map(|a| account_id(a, cx, sink))
                .map(|id| arn::account_root(cx.partition(), &id));
            (
                json!({"AWS": one_or_many(roots.collect())}),
                "sts:AssumeRole",
            )
        }
        "roles/users" => (
            json!({"AWS": one_or_many(principal_arns(e, cx, sink))}),
            "sts:AssumeRole",
        ),
        "github" | "gitlab" | "eks" | "saml" => {
            let id = &cx.project.accounts.get(cx.role_account)?.id;
            let shorthand = trust_shorthand::build(e, cx.partition(), id, sink)?;
            generated = shorthand.conditions;
            (json!({"Federated": shorthand.provider}), shorthand.action)
        }
        _ => {
            let federated = e.federated.as_ref()?;
            let (arn, action) = federated_principal(federated, cx, sink)?;
            (json!({"Federated": arn}), action)
        }
    };
    let condition = conditions(e, generated, sink);
    if sink.len() != before {
        return None;
    }
    let mut s = Map::new();
    s.insert("Effect".into(), "Allow".into());
    s.insert("Principal".into(), principal);
    s.insert("Action".into(), action.into());
    if let Some(c) = condition.filter(|c| !c.is_empty()) {
        s.insert("Condition".into(), Value::Object(c));
    }
    Some(Value::Object(s))
}

#[cfg(test)]
#[path = "trust_tests.rs"]
mod tests;
