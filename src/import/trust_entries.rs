//! Trust policies back into `trust:` entries, when the entries say exactly the same.
//!
//! Each statement is read into one entry, the entries are resolved the way the manifest
//! loader resolves them, and the result must be [`policy::equivalent`] to the original;
//! anything else (Sids, `sts:TagSession`, principals by unique id, mixed accounts, …)
//! keeps the raw `assume_role_policy`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::policy_reference::split_path;
use super::trust_shorthand::recognise;
use super::yaml_text::Yaml;
use crate::arn::{self, Arn, Partition, is_account_id};
use crate::policy;

/// What reading trust principals needs to know about the project and the account.
pub struct TrustNaming<'a> {
    /// The imported account's id.
    pub account_id: &'a str,
    /// The imported account's partition: every principal its trust names is in it.
    pub partition: Partition,
    /// Manifest account names by id (other accounts are written by id).
    pub account_names: BTreeMap<&'a str, &'a str>,
    /// Paths of the roles the import writes, by name.
    pub role_paths: BTreeMap<&'a str, &'a str>,
    /// Paths of the users the import writes, by name.
    pub user_paths: BTreeMap<&'a str, &'a str>,
}

/// One `trust:` entry.
#[derive(Debug, Clone, Default, PartialEq)]
struct Entry {
    services: Vec<String>,
    /// Trusted account roots: 12-digit ids.
    roots: Vec<String>,
    /// Account of `roles`/`users` when it is not the role's own.
    principal_account: Option<String>,
    roles: Vec<String>,
    users: Vec<String>,
    federated: Option<String>,
    require_mfa: bool,
    external_id: Option<String>,
    conditions: Map<String, Value>,
    /// A `github:`/`gitlab:`/`eks:`/`saml:` entry for the federated provider, and the
    /// conditions it leaves to write raw.
    shorthand: Option<(&'static str, Yaml, Map<String, Value>)>,
}

/// The `trust:` entries equivalent to `document`, or `None` to keep it raw.
pub fn trust_entries(document: &Value, naming: &TrustNaming<'_>) -> Option<Yaml> {
    let doc = document.as_object()?;
    if doc.keys().any(|k| k != "Version" && k != "Statement") || doc.get("Version")? != "2012-10-17"
    {
        return None;
    }
    let statements = match doc.get("Statement")? {
        Value::Array(list) => list.iter().collect::<Vec<_>>(),
        single @ Value::Object(_) => vec![single],
        _ => return None,
    };
    if statements.is_empty() {
        return None;
    }
    let entries: Vec<Entry> = statements
        .into_iter()
        .map(|s| entry(s, naming))
        .collect::<Option<_>>()?;
    let rebuilt: Vec<Value> = entries.iter().map(|e| resolve(e, naming)).collect();
    let rebuilt = json!({"Version": "2012-10-17", "Statement": rebuilt});
    policy::equivalent(document, &rebuilt)
        .then(|| Yaml::List(entries.iter().map(|e| to_yaml(e, naming)).collect()))
}

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

fn entry(statement: &Value, naming: &TrustNaming<'_>) -> Option<Entry> {
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

fn one_or_many(values: Vec<String>) -> Value {
    match &values[..] {
        [one] => Value::String(one.clone()),
        _ => Value::Array(values.into_iter().map(Value::String).collect()),
    }
}

/// The statement the manifest loader generates for `e`.
fn resolve(e: &Entry, naming: &TrustNaming<'_>) -> Value {
    let (principal, action) = if !e.services.is_empty() {
        (
            json!({"Service": one_or_many(e.services.clone())}),
            "sts:AssumeRole",
        )
    } else if !e.roots.is_empty() {
        let roots = e
            .roots
            .iter()
            .map(|id| arn::account_root(naming.partition, id))
            .collect();
        (json!({"AWS": one_or_many(roots)}), "sts:AssumeRole")
    } else if let Some(provider) = &e.federated {
        let action = if provider.contains(":saml-provider/") {
            "sts:AssumeRoleWithSAML"
        } else {
            "sts:AssumeRoleWithWebIdentity"
        };
        (json!({"Federated": provider}), action)
    } else {
        let account = e.principal_account.as_deref().unwrap_or(naming.account_id);
        let own = e.principal_account.is_none();
        let arn_of = |kind: &str, name: &String| {
            let paths = if kind == "role" {
                &naming.role_paths
            } else {
                &naming.user_paths
            };
            let path = if own {
                paths.get(name.as_str()).copied().unwrap_or("/")
            } else {
                "/"
            };
            arn::iam_entity(naming.partition, account, kind, path, name)
        };
        let arns = e.roles.iter().map(|n| arn_of("role", n));
        let arns = arns
            .chain(e.users.iter().map(|n| arn_of("user", n)))
            .collect();
        (json!({"AWS": one_or_many(arns)}), "sts:AssumeRole")
    };
    let mut condition = Map::new();
    if e.require_mfa {
        condition.insert("Bool".into(), json!({"aws:MultiFactorAuthPresent": "true"}));
    }
    if let Some(id) = &e.external_id {
        condition.insert("StringEquals".into(), json!({"sts:ExternalId": id}));
    }
    for (op, keys) in &e.conditions {
        let block = condition.entry(op.clone()).or_insert_with(|| json!({}));
        for (k, v) in keys.as_object().into_iter().flatten() {
            block[k] = v.clone();
        }
    }
    let mut s = Map::new();
    s.insert("Effect".into(), "Allow".into());
    s.insert("Principal".into(), principal);
    s.insert("Action".into(), action.into());
    if !condition.is_empty() {
        s.insert("Condition".into(), Value::Object(condition));
    }
    Value::Object(s)
}

fn account_word(id: &str, naming: &TrustNaming<'_>) -> String {
    naming.account_names.get(id).map_or(id, |n| n).to_string()
}

fn to_yaml(e: &Entry, naming: &TrustNaming<'_>) -> Yaml {
    let mut out: Vec<(String, Yaml)> = Vec::new();
    let mut put = |k: &str, v: Yaml| out.push((k.to_string(), v));
    match &e.services[..] {
        [] => {}
        [one] => put("service", Yaml::str(one)),
        many => put("services", Yaml::strings(many)),
    }
    let roots: Vec<String> = e.roots.iter().map(|id| account_word(id, naming)).collect();
    match &roots[..] {
        [] => {}
        [one] => put("account", Yaml::str(one)),
        many => put("accounts", Yaml::strings(many)),
    }
    // Roles and users of another account are named by id: the loader then assumes `/`.
    if let Some(account) = &e.principal_account {
        put("account", Yaml::str(account));
    }
    if !e.roles.is_empty() {
        put("roles", Yaml::strings(&e.roles));
    }
    if !e.users.is_empty() {
        put("users", Yaml::strings(&e.users));
    }
    let mut conditions = &e.conditions;
    match (&e.shorthand, &e.federated) {
        (Some((key, value, rest)), _) => {
            put(key, value.clone());
            conditions = rest;
        }
        (None, Some(provider)) => put("federated", Yaml::str(provider)),
        (None, None) => {}
    }
    if e.require_mfa {
        put("require_mfa", Yaml::Literal("true".into()));
    }
    if let Some(id) = &e.external_id {
        put("external_id", Yaml::str(id));
    }
    if !conditions.is_empty() {
        let conditions = Value::Object(conditions.clone());
        put("conditions", Yaml::from_json(&conditions, &|_| 0));
    }
    Yaml::Map(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::yaml_text::write_document;

    fn naming() -> TrustNaming<'static> {
        TrustNaming {
            account_id: "111111111111",
            partition: Partition::Aws,
            account_names: BTreeMap::from([("111111111111", "main"), ("222222222222", "identity")]),
            role_paths: BTreeMap::from([("ci", "/ci/")]),
            user_paths: BTreeMap::from([("bot", "/automation/")]),
        }
    }

    fn yaml(doc: Value) -> Option<String> {
        trust_entries(&doc, &naming()).map(|y| write_document(&[("trust".into(), y)]))
    }

    #[test]
    fn expressible_statements_become_entries() {
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111111111111:role/ci/ci", "arn:aws:iam::111111111111:user/automation/bot"]},
             "Action": ["sts:AssumeRole"], "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "333333333333"]},
             "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "xyz", "aws:PrincipalTag/team": "ops"}}},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:role/auditor"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"}
        ]});
        assert_eq!(
            yaml(doc).unwrap(),
            "trust:
  - service: ec2.amazonaws.com
  - roles: [ci]
    users: [bot]
    require_mfa: true
  - accounts: [identity, \"333333333333\"]
    external_id: xyz
    conditions:
      StringEquals:
        aws:PrincipalTag/team: ops
  - account: \"444444444444\"
    roles: [auditor]
  - federated: arn:aws:iam::111111111111:saml-provider/okta
"
        );
    }

    // A GovCloud account's trust names arn:aws-us-gov: principals; an aws ARN there is
    // not one the loader would write, so it stays raw:
    // https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
    #[test]
    fn entries_are_read_and_written_in_the_account_partition() {
        let gov = TrustNaming {
            partition: Partition::AwsUsGov,
            ..naming()
        };
        let doc = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::111111111111:role/ci/ci"}, "Action": "sts:AssumeRole"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::222222222222:root"}, "Action": "sts:AssumeRole"}
        ]});
        let entries = trust_entries(&doc, &gov).map(|y| write_document(&[("trust".into(), y)]));
        assert_eq!(
            entries.as_deref(),
            Some("trust:\n  - roles: [ci]\n  - account: identity\n")
        );
        let commercial = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}
        ]});
        assert_eq!(trust_entries(&commercial, &gov), None);
    }

    /// GitLab's AWS setup: provider of the instance host, `aud` the instance URL,
    /// `sub` = `project_path:…` (https://docs.gitlab.com/ee/ci/cloud_services/aws/,
    /// https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html#token-payload).
    /// A self-managed instance's host is written; gitlab.com, the default, is not; a
    /// statement on a host that is not GitLab's shape stays another entry.
    #[test]
    fn gitlab_statements_of_any_instance_become_the_shorthand() {
        let gitlab = |host: &str, aud: &str, sub: &str| {
            json!({"Effect": "Allow",
                   "Principal": {"Federated": format!("arn:aws:iam::111111111111:oidc-provider/{host}")},
                   "Action": "sts:AssumeRoleWithWebIdentity",
                   "Condition": {"StringEquals": {format!("{host}:aud"): aud, format!("{host}:sub"): sub}}})
        };
        let doc = json!({"Version": "2012-10-17", "Statement": [
            gitlab("gitlab.example.com", "https://gitlab.example.com", "project_path:acme/web:ref_type:branch:ref:main"),
            gitlab("gitlab.com", "https://gitlab.com", "project_path:acme/web:ref_type:tag:ref:v1"),
        ]});
        assert_eq!(
            yaml(doc).unwrap(),
            "trust:
  - gitlab:
      host: gitlab.example.com
      project: acme/web
      ref: main
  - gitlab:
      project: acme/web
      tag: v1
"
        );
        // Another audience, or a host the shorthand refuses, is no GitLab shorthand.
        for (host, aud) in [
            ("gitlab.example.com", "https://gitlab.example.com/"),
            ("gitlab.example.com", "sts.amazonaws.com"),
            ("gitlab.example.com:8443", "https://gitlab.example.com:8443"),
        ] {
            let doc = json!({"Version": "2012-10-17", "Statement": [
                gitlab(host, aud, "project_path:acme/web:ref_type:branch:ref:main")
            ]});
            let written = yaml(doc).unwrap();
            assert!(!written.contains("gitlab:"), "{written}");
        }
    }

    #[test]
    fn inexpressible_documents_stay_raw() {
        let statement = |extra: Value| {
            let mut s = json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
            for (k, v) in extra.as_object().unwrap() {
                s[k] = v.clone();
            }
            json!({"Version": "2012-10-17", "Statement": [s]})
        };
        for doc in [
            statement(json!({"Sid": "Ec2"})),
            statement(json!({"Action": ["sts:AssumeRole", "sts:TagSession"]})),
            statement(json!({"Effect": "Deny"})),
            statement(json!({"Principal": {"AWS": "AROAEXAMPLEUNIQUEID"}})),
            statement(json!({"Principal": {"AWS": "arn:aws:iam::111111111111:role/ci"}})),
            statement(json!({"Principal": {"AWS": "arn:aws:iam::222222222222:role/x/ops"}})),
            statement(json!({"Principal": {"AWS": "*"}})),
            json!({"Version": "2008-10-17", "Statement": []}),
            json!({"Version": "2012-10-17", "Statement": []}),
        ] {
            assert_eq!(yaml(doc.clone()), None, "{doc}");
        }
    }
}
