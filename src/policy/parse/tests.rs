//! Tests of the policy grammar: what parses, and every problem reported with its path.

use serde_json::{Value, json};

use super::*;
use crate::policy::condition::ConditionOperator;
use crate::policy::principal::{Principal, PrincipalType};

fn problems(v: Value) -> Vec<String> {
    match parse(&v) {
        Ok(p) => panic!("expected problems, parsed {p:?}"),
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn parses_a_full_statement_into_the_typed_model() {
    let policy = parse(&json!({
        "Version": "2012-10-17",
        "Id": "doc",
        "Statement": [{
            "Sid": "Assume1",
            "Effect": "Allow",
            "Principal": {"AWS": "123456789012", "Service": ["ec2.amazonaws.com"]},
            "Action": ["sts:AssumeRole", "sts:TagSession"],
            "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}
        }]
    }))
    .unwrap();
    assert_eq!(policy.version, PolicyVersion::V2012_10_17);
    assert_eq!(policy.id.as_deref(), Some("doc"));
    let s = &policy.statements[0];
    assert_eq!(s.sid.as_deref(), Some("Assume1"));
    assert_eq!(s.effect, Effect::Allow);
    let Some(PrincipalElement::Principal(Principal::Typed(map))) = &s.principal else {
        panic!("expected a typed principal: {:?}", s.principal);
    };
    assert_eq!(map[&PrincipalType::Aws], vec!["123456789012"]);
    assert_eq!(
        s.action,
        ActionList::Action(vec!["sts:AssumeRole".into(), "sts:TagSession".into()])
    );
    assert_eq!(s.resource, None);
    let op = ConditionOperator::parse("StringEquals").unwrap();
    assert_eq!(s.condition.0[&op]["sts:ExternalId"], vec!["abc"]);
}

#[test]
fn missing_version_is_2008_and_single_statement_is_a_list() {
    let policy = parse(&json!({
        "Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:iam::*:role/x"}
    }))
    .unwrap();
    assert_eq!(policy.version, PolicyVersion::V2008_10_17);
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(
        policy.statements[0].action,
        ActionList::NotAction(vec!["iam:*".into()])
    );
    assert!(matches!(
        policy.statements[0].resource,
        Some(ResourceList::NotResource(_))
    ));
}

#[test]
fn reports_document_level_problems() {
    assert_eq!(
        problems(json!({"version": "2012-10-17", "Statement": []})),
        vec!["version: unknown key `version` (hint: keys are case-sensitive: write `Version`)"]
    );
    assert_eq!(
        problems(json!({"Version": "2012-10-18", "Id": 3})),
        vec![
            "Version: `2012-10-18` is not a policy language version (hint: use \"2012-10-17\" (the current version))",
            "Id: must be a string, found a number",
            "(document root): missing `Statement` (hint: add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}])",
        ]
    );
    assert_eq!(
        problems(json!(["x"])),
        vec![
            "(document root): a policy document must be a map, found a list (hint: start from {\"Version\": \"2012-10-17\", \"Statement\": [...]})"
        ]
    );
    assert_eq!(
        problems(json!({"Statement": "Allow"})),
        vec!["Statement: must be a list of statements, found a string"]
    );
}

#[test]
fn reports_every_statement_problem_with_its_path() {
    let got = problems(json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Effect": "allow", "Action": [], "Resource": "*"},
            {"Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "bucket"},
            {"Effect": "Deny", "Resource": "*", "Actions": "s3:*"},
            "not a statement"
        ]
    }));
    assert_eq!(
        got,
        vec![
            "Statement[1].Effect: `allow` is not an Effect (hint: Effect is case-sensitive: write \"Allow\")",
            "Statement[1].Action: is an empty list (hint: list at least one value, or remove the element)",
            "Statement[2]: missing `Effect` (hint: add \"Effect\": \"Allow\" or \"Effect\": \"Deny\")",
            "Statement[2]: has both `Action` and `NotAction` (hint: a statement takes one of them; split it into two statements)",
            "Statement[2].Resource: `bucket` is not an ARN or `*` (hint: write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, e.g. arn:aws:s3:::bucket/*)",
            "Statement[3].Actions: unknown key `Actions` (hint: did you mean `Action`?)",
            "Statement[3]: missing `Action` (or `NotAction`) (hint: add e.g. \"Action\": \"s3:GetObject\")",
            "Statement[4]: a statement must be a map, found a string",
        ]
    );
}

#[test]
fn reports_malformed_actions_sids_and_principal_conflicts() {
    let got = problems(json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Read only", "Effect": "Allow", "Action": ["s3:GetObject", "s3GetObject", "s3:"], "Resource": "*"},
            {"Sid": "A", "Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "*"},
            {"Sid": "A", "Effect": "Allow", "Action": "*", "Resource": "*", "Condition": "x"}
        ]
    }));
    assert_eq!(
        got,
        vec![
            "Statement[0].Sid: Sid `Read only` may only contain ASCII letters and digits (hint: IAM rejects other characters; e.g. `Readonly`)",
            "Statement[0].Action[1]: `s3GetObject` is not an action (hint: write SERVICE:ACTION such as `s3:GetObject`, or `*`)",
            "Statement[0].Action[2]: `s3:` is not an action (hint: write SERVICE:ACTION such as `s3:GetObject`, or `*`)",
            "Statement[1]: has both `Principal` and `NotPrincipal` (hint: a statement takes one of them; split it into two statements)",
            "Statement[2].Condition: must be a map of operator to {key: values}, found a string (hint: e.g. {\"StringEquals\": {\"aws:RequestedRegion\": \"eu-west-1\"}})",
        ]
    );
}

#[test]
fn reports_duplicate_sids() {
    let got = problems(json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Same", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "Same", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}
        ]
    }));
    assert_eq!(
        got,
        vec![
            "Statement[1].Sid: Sid `Same` is already used by Statement[0] (hint: IAM requires Sids to be unique within a policy)"
        ]
    );
}

#[test]
fn never_panics_on_odd_values() {
    for v in [
        json!(null),
        json!(1),
        json!("x"),
        json!({"Statement": [null, [], {}]}),
        json!({"Statement": [{"Effect": "Allow", "Action": [[]], "Principal": {"AWS": [{}]}, "Condition": {"Null": {"k": null}}}]}),
    ] {
        assert!(parse(&v).is_err(), "{v}");
    }
}

#[test]
fn a_single_statement_object_is_located_without_an_index() {
    let err = parse(&json!({"Statement": {"Effect": "Maybe", "Action": "*", "Resource": "*"}}))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid policy document: Statement.Effect: `Maybe` is not an Effect (hint: use \"Allow\" or \"Deny\")"
    );
}
