//! One trust statement read into a `trust:` entry: its principals, its action, the
//! conditions the loader writes from `require_mfa` and `external_id`, and a shorthand
//! when the federated statement is exactly one.

use serde_json::{Map, Value};

use super::policy_reference::split_path;
use super::trust_entries::{Entry, TrustNaming};
use super::trust_shorthand::recognise;
use crate::arn::{Arn, is_account_id};

fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// The entry `statement` is written as, or `None` when no entry can say it.
pub(super) fn entry(statement: &Value, naming: &TrustNaming<'_>) -> Option<Entry> {
    let s = statement.as_object()?;
    let known = ["Effect", "Principal", "Action", "Condition"];
    if s.keys().any(|k| !known.contains(&k.as_str())) || s.get("Effect")? != "Allow" {
        return None;
    }
    let principal = s.get("Principal")?.as_object()?;
    let [(kind, values)] = principal.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let values = string_list(values)?;
    let mut e = Entry::default();
    let expected_action = match kind.as_str() {
        "Service" => {
            if !values
                .iter()
                .all(|v| v.ends_with(".amazonaws.com") || v.ends_with(".amazonaws.com.cn"))
            {
                return None;
            }
            e.services = values;
            "sts:AssumeRole"
        }
        "AWS" => {
            aws_principals(&values, naming, &mut e)?;
            "sts:AssumeRole"
        }
        "Federated" => {
            let [provider] = &values[..] else { return None };
            let resource = Arn::parse(provider).ok()?.resource;
            e.federated = Some(provider.clone());
            if resource.starts_with("saml-provider/") {
                "sts:AssumeRoleWithSAML"
            } else if resource.starts_with("oidc-provider/") {
                "sts:AssumeRoleWithWebIdentity"
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let [action] = &string_list(s.get("Action")?)?[..] else {
        return None;
    };
    if !action.eq_ignore_ascii_case(expected_action) {
        return None;
    }
    if let Some(condition) = s.get("Condition") {
        conditions(condition.as_object()?, &mut e)?;
    }
    if let Some(provider) = &e.federated
        && let Some(found) = recognise(provider, &e.conditions, naming.partition, naming.account_id)
    {
        e.shorthand = Some((found.key, found.value, found.rest));
    }
    Some(e)
}

/// Account roots, or roles and users of one account (the role's own, by name and path).
fn aws_principals(values: &[String], naming: &TrustNaming<'_>, e: &mut Entry) -> Option<()> {
    for v in values {
        if is_account_id(v) {
            e.roots.push(v.clone());
            continue;
        }
        let parsed = Arn::parse(v).ok()?;
        if parsed.service != "iam" || parsed.partition != naming.partition {
            return None;
        }
        if parsed.resource == "root" {
            e.roots.push(parsed.account);
            continue;
        }
        let (kind, rest) = parsed.resource.split_at(parsed.resource.find('/')?);
        let (path, name) = split_path(rest)?;
        let own = parsed.account == naming.account_id;
        let known_path = match kind {
            "role" if own => naming.role_paths.get(name).copied(),
            "user" if own => naming.user_paths.get(name).copied(),
            // Another account's paths are unknown to the loader, which assumes `/`.
            "role" | "user" => Some("/"),
            _ => None,
        };
        if known_path != Some(path) {
            return None;
        }
        let account = (!own).then(|| parsed.account.clone());
        if (!e.roles.is_empty() || !e.users.is_empty()) && e.principal_account != account {
            return None;
        }
        e.principal_account = account;
        if kind == "role" {
            e.roles.push(name.to_string());
        } else {
            e.users.push(name.to_string());
        }
    }
    let roots = !e.roots.is_empty();
    let principals = !e.roles.is_empty() || !e.users.is_empty();
    (roots != principals).then_some(())
}

/// Takes `require_mfa` and `external_id` out of the block when they are written exactly
/// as the loader writes them; the rest stays as raw `conditions`.
fn conditions(block: &Map<String, Value>, e: &mut Entry) -> Option<()> {
    let mut rest = block.clone();
    for (op, key, wanted) in [
        ("Bool", "aws:MultiFactorAuthPresent", None),
        ("StringEquals", "sts:ExternalId", Some(())),
    ] {
        let Some(Value::Object(keys)) = rest.get_mut(op) else {
            continue;
        };
        let Some(value) = keys.get(key) else { continue };
        match (wanted, value) {
            (None, v) if v == "true" || v == &Value::Bool(true) => e.require_mfa = true,
            (Some(()), Value::String(id)) => e.external_id = Some(id.clone()),
            _ => continue,
        }
        keys.remove(key);
        if keys.is_empty() {
            rest.remove(op);
        }
    }
    if rest.values().any(|keys| !keys.is_object()) {
        return None;
    }
    e.conditions = rest;
    Some(())
}
