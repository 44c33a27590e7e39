//! How a trust policy change moves who may assume a role: gained and lost assumers, and
//! assumers whose conditions change, each marked as broadening or narrowing.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::trust_principals::{Assumers, ConditionSet, assumers, weaker};

/// How one principal's way into a role changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AssumerChange {
    /// Who: `identity: user alice`, `any principal of account 111111111111`,
    /// `everyone (Principal "*")`, `service ec2.amazonaws.com`, or an ARN.
    pub principal: String,
    /// The conditions it had to meet before, one list per statement that let it in
    /// (any one suffices): no list means it could not assume the role, one empty list
    /// that it could without conditions.
    pub before: Vec<Vec<String>>,
    /// The conditions after the plan, read the same way.
    pub after: Vec<Vec<String>>,
    /// It may assume the role where it could not, or under weaker conditions.
    pub broadens: bool,
    /// It may no longer assume the role, or only under stronger conditions.
    pub narrows: bool,
}

/// Manifest account names by account id, to name principals the way plans do.
pub(super) type AccountNames = BTreeMap<String, String>;

/// The assumer changes from trust policy `before` to `after` (absent: no role).
pub(super) fn assumer_changes(
    before: Option<&Value>,
    after: Option<&Value>,
    names: &AccountNames,
) -> Vec<AssumerChange> {
    let was: Assumers = before.map(assumers).unwrap_or_default();
    let is: Assumers = after.map(assumers).unwrap_or_default();
    let mut out = Vec::new();
    let none: Vec<ConditionSet> = Vec::new();
    let keys: std::collections::BTreeSet<&String> = was.keys().chain(is.keys()).collect();
    for key in keys {
        let (from, to) = (was.get(key).unwrap_or(&none), is.get(key).unwrap_or(&none));
        if from == to {
            continue;
        }
        out.push(AssumerChange {
            principal: label(key, names),
            before: readable(from),
            after: readable(to),
            broadens: weaker(from, to),
            narrows: weaker(to, from),
        });
    }
    out.sort_by(|a, b| a.principal.cmp(&b.principal));
    out
}

fn readable(ways: &[ConditionSet]) -> Vec<Vec<String>> {
    ways.iter()
        .map(|w| w.iter().map(ToString::to_string).collect())
        .collect()
}

/// A principal as a reviewer reads it: manifest names for users and roles of declared
/// accounts, and words for the broad ones (`*`, an account root).
fn label(key: &str, names: &AccountNames) -> String {
    let (kind, value) = key.split_once(' ').unwrap_or(("AWS", key));
    match kind {
        "Service" => return format!("service {value}"),
        "Federated" => return format!("federated {value}"),
        "CanonicalUser" => return format!("canonical user {value}"),
        _ => {}
    }
    if value == "*" {
        return "everyone (Principal \"*\")".to_string();
    }
    let Some((id, resource)) =
        crate::arn::split_iam(value).and_then(|(_, rest)| rest.split_once(':'))
    else {
        return value.to_string();
    };
    let account = names.get(id);
    if resource == "root" {
        return match account {
            Some(name) => format!("any principal of account {name} ({id})"),
            None => format!("any principal of account {id}"),
        };
    }
    let entity = resource
        .split_once('/')
        .filter(|(kind, _)| matches!(*kind, "user" | "role"))
        .map(|(kind, path)| (kind, path.rsplit('/').next().unwrap_or(path)));
    match (account, entity) {
        (Some(account), Some((kind, name))) if !name.contains(['*', '?']) => {
            format!("{account}: {kind} {name}")
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn trust(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn names() -> AccountNames {
        [("111111111111".to_string(), "identity".to_string())].into()
    }

    #[test]
    fn removing_mfa_broadens_and_names_the_narrowed_principals() {
        let link = |mfa: bool, members: &[&str]| {
            let mut condition = json!({"ArnEquals": {"aws:PrincipalArn": members}});
            if mfa {
                condition["Bool"] = json!({"aws:MultiFactorAuthPresent": "true"});
            }
            trust(
                json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": "sts:AssumeRole", "Condition": condition}]),
            )
        };
        let alice = "arn:aws:iam::111111111111:user/people/alice";
        let bob = "arn:aws:iam::111111111111:user/people/bob";
        let changes = assumer_changes(
            Some(&link(true, &[alice])),
            Some(&link(false, &[alice, bob])),
            &names(),
        );
        let shown: Vec<String> = changes
            .iter()
            .map(|c| {
                format!(
                    "{} {:?} -> {:?} {}{}",
                    c.principal,
                    c.before,
                    c.after,
                    if c.broadens { "+" } else { "" },
                    if c.narrows { "-" } else { "" }
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                r#"identity: user alice [["with MFA"]] -> [[]] +"#,
                r#"identity: user bob [] -> [[]] +"#,
            ]
        );
    }

    #[test]
    fn lost_conditions_of_services_and_external_ids_broaden() {
        let mut with = json!({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole"});
        let without = trust(json!([with.clone()]));
        with["Condition"] = json!({"StringEquals": {"aws:SourceAccount": "111111111111"}});
        let with = trust(json!([with]));
        let lost = assumer_changes(Some(&with), Some(&without), &names());
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].principal, "service lambda.amazonaws.com");
        assert_eq!(lost[0].before, [["when aws:SourceAccount = 111111111111"]]);
        assert!(lost[0].broadens && !lost[0].narrows);
        let back = assumer_changes(Some(&without), Some(&with), &names());
        assert!(back[0].narrows && !back[0].broadens);
    }

    #[test]
    fn everyone_and_roots_read_as_such() {
        let everyone =
            trust(json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]));
        let root = trust(
            json!([{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]),
        );
        let changes = assumer_changes(Some(&root), Some(&everyone), &names());
        let who: Vec<(&str, bool, bool)> = changes
            .iter()
            .map(|c| (c.principal.as_str(), c.broadens, c.narrows))
            .collect();
        assert_eq!(
            who,
            [
                (
                    "any principal of account identity (111111111111)",
                    false,
                    true
                ),
                ("everyone (Principal \"*\")", true, false),
            ]
        );
    }
}
