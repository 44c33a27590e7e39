//! Who may assume a role: the principals its trust policy allows to call
//! `sts:AssumeRole*`, each with the conditions it must meet.
//!
//! An account root or `*` narrowed by a positive `aws:PrincipalArn` test is read as the
//! principals that test names (what `links:` writes for a group: the root narrowed to
//! the group's members), so adding a member shows as a new assumer rather than as no
//! change. Every other condition stays with the principal, so removing MFA, an external
//! id or a service's `aws:SourceAccount` shows as a weaker condition set.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::policy::simulate::{Request, StatementMatch, statement_applies};
use crate::policy::{ConditionBlock, Principal, PrincipalElement, PrincipalType};
use crate::policy::{Effect, Statement};

/// One condition test: operator, key (lower-cased, as IAM compares keys) and values.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionTest {
    /// `Bool`, `StringEquals`, `ArnLikeIfExists`, …
    pub operator: String,
    /// Lower-cased key.
    pub key: String,
    /// Sorted alternatives.
    pub values: Vec<String>,
}

/// The tests one statement asks of an assumer (all must hold); empty: none.
pub type ConditionSet = BTreeSet<ConditionTest>;

/// Principal (`AWS arn:…`, `AWS *`, `Service ec2.amazonaws.com`, …) → the condition sets
/// under which it may assume the role (any one suffices), weakest only.
pub type Assumers = BTreeMap<String, Vec<ConditionSet>>;

/// Condition keys in AWS's spelling, for reading; others show lower-cased.
const KEY_SPELLING: [&str; 12] = [
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgID",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceIp",
    "aws:SourceVpc",
    "sts:ExternalId",
    "sts:RoleSessionName",
    "sts:SourceIdentity",
];

impl fmt::Display for ConditionTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = KEY_SPELLING
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&self.key))
            .copied()
            .unwrap_or(&self.key);
        if self.is_mfa_required() {
            return f.write_str("with MFA");
        }
        let relation = match self.operator.as_str() {
            "StringEquals" | "ArnEquals" | "Bool" | "NumericEquals" => "=",
            "StringLike" | "ArnLike" => "like",
            other => other,
        };
        write!(f, "when {key} {relation} {}", self.values.join(" or "))
    }
}

impl ConditionTest {
    /// `Bool aws:MultiFactorAuthPresent true`: the request must carry MFA.
    pub fn is_mfa_required(&self) -> bool {
        self.operator == "Bool"
            && self.key == "aws:multifactorauthpresent"
            && self.values.len() == 1
            && self.values[0].eq_ignore_ascii_case("true")
    }
}

/// The principals allowed to assume the role by `trust`, with their conditions.
/// Statements that do not parse or name no principal count for nobody.
pub fn assumers(trust: &Value) -> Assumers {
    let Ok(policy) = crate::policy::parse(trust) else {
        return Assumers::new();
    };
    let mut out = Assumers::new();
    for statement in policy
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow && allows_assuming(s))
    {
        let Some(PrincipalElement::Principal(principal)) = &statement.principal else {
            continue;
        };
        let tests = tests_of(&statement.condition.normalized());
        let Principal::Typed(map) = principal.normalized() else {
            continue;
        };
        for (kind, values) in map {
            for value in values {
                for (who, conditions) in narrowed(kind, &value, &tests) {
                    add(&mut out, who, conditions);
                }
            }
        }
    }
    out
}

/// Whether the statement's actions include one of the assume-role calls.
fn allows_assuming(statement: &Statement) -> bool {
    [
        "sts:AssumeRole",
        "sts:AssumeRoleWithWebIdentity",
        "sts:AssumeRoleWithSAML",
    ]
    .iter()
    .any(|action| {
        let probe = Request {
            action: action.to_string(),
            ..Default::default()
        };
        let mut bare = statement.clone();
        bare.condition = Default::default();
        bare.principal = None;
        statement_applies(&bare, &probe, false, false) == StatementMatch::Applies
    })
}

fn tests_of(block: &ConditionBlock) -> ConditionSet {
    block
        .0
        .iter()
        .flat_map(|(operator, keys)| {
            keys.iter().map(move |(key, values)| ConditionTest {
                operator: operator.to_string(),
                key: key.clone(),
                values: values.clone(),
            })
        })
        .collect()
}

/// The assumers one principal value stands for: an account root or `*` under a positive
/// `aws:PrincipalArn` test stands for the ARNs the test names (those inside the account,
/// for a root), without that test; anything else for itself.
fn narrowed(kind: PrincipalType, value: &str, tests: &ConditionSet) -> Vec<(String, ConditionSet)> {
    let whole = format!("{} {value}", kind.key());
    let account = crate::arn::root_account(value).map(|(_, id)| id);
    if kind != PrincipalType::Aws || (value != "*" && account.is_none()) {
        return vec![(whole, tests.clone())];
    }
    let narrowing = tests.iter().find(|t| {
        t.key == "aws:principalarn"
            && matches!(
                t.operator.as_str(),
                "ArnEquals" | "ArnLike" | "StringEquals" | "StringLike"
            )
    });
    let Some(narrowing) = narrowing else {
        return vec![(whole, tests.clone())];
    };
    let mut rest = tests.clone();
    rest.remove(narrowing);
    narrowing
        .values
        .iter()
        .filter(|arn| {
            account.is_none_or(|id| {
                let in_account = arn.split(':').nth(4);
                in_account.is_some_and(|a| a == id || a.contains(['*', '?']))
            })
        })
        .map(|arn| (format!("AWS {arn}"), rest.clone()))
        .collect()
}

/// Adds one way to assume, keeping only the weakest condition sets: a set that asks
/// more than another one the principal already has adds nothing.
fn add(out: &mut Assumers, who: String, conditions: ConditionSet) {
    let ways = out.entry(who).or_default();
    if ways.iter().any(|w| w.is_subset(&conditions)) {
        return;
    }
    ways.retain(|w| !conditions.is_subset(w));
    ways.push(conditions);
    ways.sort();
}

/// Whether `to` lets in someone `from` did not: some way in `to` asks less than every
/// way in `from` (a way is at least as strict as another when it asks all its tests).
pub fn weaker(from: &[ConditionSet], to: &[ConditionSet]) -> bool {
    to.iter().any(|t| !from.iter().any(|f| f.is_subset(t)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shown(trust: Value) -> Vec<String> {
        assumers(&trust)
            .into_iter()
            .map(|(who, ways)| {
                let ways: Vec<String> = ways
                    .iter()
                    .map(|w| {
                        w.iter()
                            .map(|t| t.to_string())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .collect();
                format!("{who} [{}]", ways.join(" | "))
            })
            .collect()
    }

    #[test]
    fn lists_allowed_principals_of_assume_statements_with_conditions() {
        let trust = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com", "AWS": "111111111111"}, "Action": "sts:AssumeRole",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:user/x"}, "Action": "sts:TagSession"},
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}
        ]});
        assert_eq!(
            shown(trust),
            [
                "AWS arn:aws:iam::111111111111:root [with MFA]",
                "Service ec2.amazonaws.com [with MFA]"
            ]
        );
    }

    #[test]
    fn a_root_narrowed_by_principal_arn_stands_for_the_arns_it_names() {
        let trust = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole",
             "Condition": {"ArnEquals": {"aws:PrincipalArn": ["arn:aws:iam::111111111111:user/a", "arn:aws:iam::999999999999:user/b"]},
                           "StringEquals": {"sts:ExternalId": "x"}}}
        ]});
        assert_eq!(
            shown(trust),
            ["AWS arn:aws:iam::111111111111:user/a [when sts:ExternalId = x]"]
        );
    }

    #[test]
    fn the_weakest_way_wins_and_weaker_compares_ways() {
        let trust = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/r"}, "Action": "sts:AssumeRole",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:role/r"}, "Action": "sts:AssumeRole"}
        ]});
        assert_eq!(shown(trust), ["AWS arn:aws:iam::1:role/r []"]);
        let mfa: ConditionSet = [ConditionTest {
            operator: "Bool".into(),
            key: "aws:multifactorauthpresent".into(),
            values: vec!["true".into()],
        }]
        .into();
        let none = ConditionSet::new();
        assert!(weaker(
            std::slice::from_ref(&mfa),
            std::slice::from_ref(&none)
        ));
        assert!(!weaker(&[none], std::slice::from_ref(&mfa)));
        assert!(!weaker(
            std::slice::from_ref(&mfa),
            std::slice::from_ref(&mfa)
        ));
    }
}
