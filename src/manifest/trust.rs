//! Role trust policies generated from `trust:` entries, one statement per entry.

use serde_json::{Map, Value, json};

use crate::arn::{self, Arn, Partition, is_account_id};
use crate::diagnostic::Diagnostic;
use crate::model::Project;

use super::decode::closest;
use super::document::TrustEntry;
use super::entity_index::ManifestIndex;
use super::located::Located;
use super::project_config::unknown_account;
use super::trust_shorthand;

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
    fn partition(&self) -> Partition {
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

fn one_or_many(mut values: Vec<String>) -> Value {
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

fn services(e: &TrustEntry, sink: &mut Vec<Diagnostic>) -> Vec<String> {
    let all = e.service.iter().chain(e.services.iter().flatten());
    let mut out = Vec::new();
    for s in all {
        let v = &s.value;
        if v.ends_with(".amazonaws.com") || v.ends_with(".amazonaws.com.cn") {
            out.push(v.clone());
        } else {
            sink.push(
                Diagnostic::error(
                    Some(s.span.clone()),
                    format!("`{v}` is not an AWS service principal"),
                )
                .with_help("service principals look like `ec2.amazonaws.com`"),
            );
        }
    }
    out
}

/// The account id a trust entry names: a manifest account or a literal 12-digit id.
fn account_id(
    name: &Located<String>,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(a) = cx.project.accounts.get(&name.value) {
        if a.partition != cx.partition() {
            sink.push(
                Diagnostic::error(
                    Some(name.span.clone()),
                    format!(
                        "account `{}` is in partition `{}`, but this role is in `{}`",
                        name.value,
                        a.partition,
                        cx.partition()
                    ),
                )
                .with_help("a role can only trust principals of its own partition"),
            );
            return None;
        }
        return Some(a.id.clone());
    }
    if is_account_id(&name.value) {
        return Some(name.value.clone());
    }
    sink.push(unknown_account(name, cx.project));
    None
}

fn principal_arns(
    e: &TrustEntry,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Vec<String> {
    // Principals live in the named account, or the trusting role's own account.
    let (manifest_account, id) = match &e.account {
        None => (
            Some(cx.role_account.to_string()),
            cx.project
                .accounts
                .get(cx.role_account)
                .map(|a| a.id.clone()),
        ),
        Some(a) if cx.project.accounts.contains_key(&a.value) => {
            (Some(a.value.clone()), account_id(a, cx, sink))
        }
        Some(a) => (None, account_id(a, cx, sink)),
    };
    let Some(id) = id else { return Vec::new() };
    let mut out = Vec::new();
    let kinds = [("role", &e.roles), ("user", &e.users)];
    for (kind, names) in kinds {
        for name in names.iter().flatten() {
            let Some(account) = &manifest_account else {
                // An external account: iamform cannot see its paths, so `/` is assumed.
                out.push(arn::iam_entity(cx.partition(), &id, kind, "/", &name.value));
                continue;
            };
            let defined = &cx.index.accounts[account];
            let path = if kind == "role" {
                defined.roles.get(&name.value).map(|d| d.spec.path.as_ref())
            } else {
                defined.users.get(&name.value).map(|d| d.spec.path.as_ref())
            };
            match path {
                Some(p) => out.push(arn::iam_entity(
                    cx.partition(),
                    &id,
                    kind,
                    p.map_or("/", |p| p.value.as_str()),
                    &name.value,
                )),
                None => {
                    let known: Vec<&str> = if kind == "role" {
                        defined.roles.keys().map(String::as_str).collect()
                    } else {
                        defined.users.keys().map(String::as_str).collect()
                    };
                    let d = Diagnostic::error(
                        Some(name.span.clone()),
                        format!(
                            "trusted {kind} `{}` is not defined in account `{account}`",
                            name.value
                        ),
                    );
                    sink.push(match closest(&name.value, known.into_iter()) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help(format!(
                            "define the {kind} in account `{account}`, or trust an external account by its 12-digit id"
                        )),
                    });
                }
            }
        }
    }
    out
}

fn federated_principal(
    federated: &Located<String>,
    cx: &TrustContext<'_, '_>,
    sink: &mut Vec<Diagnostic>,
) -> Option<(String, &'static str)> {
    let v = &federated.value;
    let help = "write a provider ARN (…:saml-provider/NAME or …:oidc-provider/HOST) or an OIDC host such as token.actions.githubusercontent.com";
    if v.starts_with("arn:") {
        let action = match Arn::parse(v) {
            Ok(a) if a.partition != cx.partition() => {
                sink.push(
                    Diagnostic::error(
                        Some(federated.span.clone()),
                        format!(
                            "`{v}` is in partition `{}`, but this role is in `{}`",
                            a.partition,
                            cx.partition()
                        ),
                    )
                    .with_help("a role can only trust identity providers of its own partition"),
                );
                return None;
            }
            Ok(a) if a.service == "iam" && a.resource.starts_with("saml-provider/") => {
                "sts:AssumeRoleWithSAML"
            }
            Ok(a) if a.service == "iam" && a.resource.starts_with("oidc-provider/") => {
                "sts:AssumeRoleWithWebIdentity"
            }
            Ok(_) => {
                sink.push(
                    Diagnostic::error(
                        Some(federated.span.clone()),
                        format!("`{v}` is not an identity provider ARN"),
                    )
                    .with_help(help),
                );
                return None;
            }
            Err(e) => {
                sink.push(
                    Diagnostic::error(Some(federated.span.clone()), e.to_string()).with_help(help),
                );
                return None;
            }
        };
        return Some((v.clone(), action));
    }
    if v.is_empty() || v.contains("://") || v.contains(char::is_whitespace) {
        sink.push(
            Diagnostic::error(
                Some(federated.span.clone()),
                format!("`{v}` is not a provider ARN or host"),
            )
            .with_help(help),
        );
        return None;
    }
    let id = &cx.project.accounts.get(cx.role_account)?.id;
    Some((
        arn::iam_entity(cx.partition(), id, "oidc-provider", "/", v),
        "sts:AssumeRoleWithWebIdentity",
    ))
}

/// `generated` (a shorthand's), then `require_mfa`, `external_id` and the written
/// `conditions`, each later one winning on the same operator and key.
fn conditions(
    e: &TrustEntry,
    generated: Map<String, Value>,
    sink: &mut Vec<Diagnostic>,
) -> Option<Map<String, Value>> {
    let mut out = generated;
    let mut add = |op: &str, key: &str, value: Value| {
        let block = out
            .entry(op.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(block) = block {
            block.insert(key.to_string(), value);
        }
    };
    if e.require_mfa == Some(true) {
        add("Bool", "aws:MultiFactorAuthPresent", "true".into());
    }
    if let Some(id) = &e.external_id {
        add("StringEquals", "sts:ExternalId", id.value.clone().into());
    }
    if let Some(raw) = &e.conditions {
        let Value::Object(ops) = &raw.value else {
            sink.push(
                Diagnostic::error(
                    Some(raw.span.clone()),
                    "conditions must be a map of operator to keys",
                )
                .with_help("e.g. `conditions: {StringLike: {\"aws:PrincipalTag/team\": ops}}`"),
            );
            return None;
        };
        for (op, keys) in ops {
            let Value::Object(keys) = keys else {
                sink.push(
                    Diagnostic::error(
                        Some(raw.span.clone()),
                        format!("condition operator `{op}` must map condition keys to values"),
                    )
                    .with_help("e.g. `StringEquals: {\"aws:SourceAccount\": \"123456789012\"}`"),
                );
                return None;
            };
            // Raw conditions are written on purpose, so they win over generated ones.
            for (key, value) in keys {
                add(op, key, value.clone());
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::manifest::test_project::{TWO_ACCOUNTS, check_files, positions};

    const ROLES: &str = "\
roles:
  ci:
    path: /ci/
    trust: [{service: ec2.amazonaws.com}]
  deployer:
    trust:
      - services: [ec2.amazonaws.com, lambda.amazonaws.com]
      - roles: [ci]
        require_mfa: true
      - account: identity
        users: [alice]
      - accounts: [identity, \"333333333333\"]
        external_id: xyz
      - account: \"444444444444\"
        roles: [auditor]
      - federated: token.actions.githubusercontent.com
        conditions:
          StringEquals: {\"token.actions.githubusercontent.com:aud\": sts.amazonaws.com}
      - federated: arn:aws:iam::111111111111:saml-provider/okta
";

    #[test]
    fn generates_one_statement_per_entry() {
        let report = check_files(&[
            ("iamform.yaml", TWO_ACCOUNTS),
            ("roles.yaml", ROLES),
            (
                "identity.yaml",
                "account: identity\nusers: {alice: {path: /people/}}\n",
            ),
        ]);
        assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
        let state = report.state.unwrap();
        let role = &state.accounts["prod"].iam.roles["deployer"];
        assert_eq!(
            role.trust_policy.0,
            json!({
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/ci/ci"}, "Action": "sts:AssumeRole",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:user/people/alice"}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]},
                     "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "xyz"}}},
                    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:role/auditor"}, "Action": "sts:AssumeRole"},
                    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},
                     "Action": "sts:AssumeRoleWithWebIdentity",
                     "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}},
                    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:saml-provider/okta"}, "Action": "sts:AssumeRoleWithSAML"}
                ]
            })
        );
    }

    // Every ARN a trust shorthand builds is in the role's partition, as IAM writes the
    // principals of GovCloud accounts:
    // https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
    #[test]
    fn shorthands_build_arns_in_the_account_partition() {
        let gov = TWO_ACCOUNTS
            .replace(
                "\"111111111111\"}",
                "\"111111111111\", partition: aws-us-gov}",
            )
            .replace(
                "\"222222222222\"}",
                "\"222222222222\", partition: aws-us-gov}",
            );
        let report = check_files(&[
            ("iamform.yaml", gov.as_str()),
            ("roles.yaml", ROLES),
            (
                "identity.yaml",
                "account: identity\nusers: {alice: {path: /people/}}\n",
            ),
        ]);
        // The SAML provider of ROLES is written in `aws`: the only error.
        assert_eq!(
            positions(&report),
            [(
                19,
                20,
                "`arn:aws:iam::111111111111:saml-provider/okta` is in partition `aws`, but this role is in `aws-us-gov`".to_string()
            )]
        );
        let fixed = ROLES.replace("arn:aws:iam", "arn:aws-us-gov:iam");
        let report = check_files(&[
            ("iamform.yaml", gov.as_str()),
            ("roles.yaml", fixed.as_str()),
            (
                "identity.yaml",
                "account: identity\nusers: {alice: {path: /people/}}\n",
            ),
        ]);
        assert!(report.diagnostics.0.is_empty(), "{:?}", report.diagnostics);
        let state = report.state.unwrap();
        let trust = state.accounts["prod"].iam.roles["deployer"]
            .trust_policy
            .0
            .to_string();
        assert!(!trust.contains("arn:aws:"), "{trust}");
        for arn in [
            "arn:aws-us-gov:iam::111111111111:role/ci/ci",
            "arn:aws-us-gov:iam::222222222222:user/people/alice",
            "arn:aws-us-gov:iam::333333333333:root",
            "arn:aws-us-gov:iam::444444444444:role/auditor",
            "arn:aws-us-gov:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
        ] {
            assert!(trust.contains(arn), "{arn} in {trust}");
        }
    }

    #[test]
    fn nested_trust_problems_are_located_exactly() {
        let roles = "\
roles:
  web:
    trust:
      - service: ec2.amazonaws.com
        requre_mfa: true
      - roles: [missing]
      -   account: nowhere
";
        let report = check_files(&[("iamform.yaml", TWO_ACCOUNTS), ("roles.yaml", roles)]);
        assert!(report.state.is_none());
        assert_eq!(
            positions(&report),
            [
                (
                    5,
                    9,
                    "unknown key `requre_mfa` in a trust entry".to_string()
                ),
                (
                    6,
                    17,
                    "trusted role `missing` is not defined in account `prod`".to_string()
                ),
                (7, 20, "unknown account `nowhere`".to_string()),
            ]
        );
    }
}
