//! `iamform policy equivalent` on the kinds of pairs HashiCorp's `awspolicyequivalence`
//! (the Terraform AWS provider's comparison) tests, written anew for iamform. Each row
//! says what that library expects and what iamform answers; they differ only where
//! iamform follows AWS's documented policy grammar and reports invalid input (exit 2)
//! that the library compares structurally anyway. Grammar:
//! https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

mod support;

use serde_json::{Value, json};
use support::offline_cli;

/// What `policy equivalent` answers: 0 equivalent, 1 different, 2 invalid input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Same,
    Different,
    Invalid,
}

use Answer::{Different, Invalid, Same};

struct Case {
    name: &'static str,
    a: String,
    b: String,
    /// What `awspolicyequivalence` expects (`Invalid` where it returns an error).
    theirs: Answer,
    /// What iamform answers.
    ours: Answer,
    /// Why iamform differs, per the AWS documentation (only when it does).
    why: &'static str,
}

fn doc(statements: Value) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn trust(extra: Value) -> Value {
    let mut s = json!({"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"});
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            s.as_object_mut().unwrap().remove(k);
        } else {
            s[k] = v.clone();
        }
    }
    s
}

fn put(condition: Value) -> String {
    doc(
        json!([{"Sid": "Put", "Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::uploads/*"], "Condition": condition}]),
    )
}

fn any_principal(principal: Value) -> String {
    doc(json!([{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": principal}]))
}

const GRAMMAR: &str = "IAM's grammar";
const ACTION_OR_NOT: &str = "a statement has `Action` or `NotAction`, not both (grammar: <action_block> = (\"Action\" | \"NotAction\"))";
const EFFECT_CASE: &str = "`Effect` is `Allow` or `Deny`, case-sensitive (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html)";
const EMPTY_PRINCIPAL: &str = "a principal map names at least one principal (grammar: <principal_map> = { <principal_map_entry>, … })";
const BARE_PRINCIPAL: &str = "`Principal` is \"*\" or a map of principal types; an account id or ARN goes under \"AWS\" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)";

fn cases() -> Vec<Case> {
    let base = doc(json!([trust(json!({}))]));
    let case = |name, a: String, b: String, theirs, ours, why| Case {
        name,
        a,
        b,
        theirs,
        ours,
        why,
    };
    let _ = GRAMMAR;
    vec![
        case("invalid JSON", "{\"Statement\": [ {".into(), "{\"Statement\": [ {".into(), Invalid, Invalid, ""),
        case("identical text", base.clone(), base.clone(), Same, Same, ""),
        case("action string vs one-element list", base.clone(), doc(json!([trust(json!({"Action": ["sts:AssumeRole"]}))])), Same, Same, ""),
        case("different action", base.clone(), doc(json!([trust(json!({"Action": ["sts:TagSession"]}))])), Different, Different, ""),
        case("Action and NotAction together, string vs list",
            doc(json!([trust(json!({"NotAction": ["sts:TagSession"]}))])),
            doc(json!([trust(json!({"NotAction": "sts:TagSession"}))])), Same, Invalid, ACTION_OR_NOT),
        case("NotAction added on one side", base.clone(), doc(json!([trust(json!({"NotAction": "sts:TagSession"}))])), Different, Invalid, ACTION_OR_NOT),
        case("principal string vs one-element list", base.clone(), doc(json!([trust(json!({"Principal": {"Service": ["ecs-tasks.amazonaws.com"]}}))])), Same, Same, ""),
        case("different principal", base.clone(), doc(json!([trust(json!({"Principal": {"Service": ["ec2.amazonaws.com"]}}))])), Different, Different, ""),
        case("principal *", doc(json!([trust(json!({"Principal": "*"}))])), doc(json!([trust(json!({"Principal": "*"}))])), Same, Same, ""),
        case("NotPrincipal *", doc(json!([trust(json!({"Principal": null, "NotPrincipal": "*"}))])), doc(json!([trust(json!({"Principal": null, "NotPrincipal": "*"}))])), Same, Same, ""),
        case("different NotPrincipal",
            doc(json!([trust(json!({"Principal": null, "NotPrincipal": {"Service": "ec2.amazonaws.com"}}))])),
            doc(json!([trust(json!({"Principal": null, "NotPrincipal": {"Service": ["ecs-tasks.amazonaws.com"]}}))])), Different, Different, ""),
        case("unknown Version",
            base.clone(),
            json!({"Version": "2012-06-17", "Statement": [trust(json!({}))]}).to_string(), Different, Invalid,
            "`Version` is 2012-10-17 or 2008-10-17 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html)"),
        case("Deny vs Allow", doc(json!([trust(json!({"Effect": "Deny"}))])), base.clone(), Different, Different, ""),
        case("same condition", put(json!({"StringEquals": {"s3:x-amz-acl": ["private"]}})), put(json!({"StringEquals": {"s3:x-amz-acl": ["private"]}})), Same, Same, ""),
        case("different condition operator", put(json!({"StringNotEquals": {"s3:x-amz-acl": ["private"]}})), put(json!({"StringEquals": {"s3:x-amz-acl": ["private"]}})), Different, Different, ""),
        case("condition value string vs list", put(json!({"StringEquals": {"s3:x-amz-acl": "private"}})), put(json!({"StringEquals": {"s3:x-amz-acl": ["private"]}})), Same, Same, ""),
        case("one condition vs three",
            put(json!({"StringEquals": {"s3:x-amz-acl": "private"}})),
            put(json!({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}, "IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}})),
            Different, Different, ""),
        case("three conditions on both sides",
            put(json!({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}, "IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}, "DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}})),
            put(json!({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}, "DateLessThan": {"aws:CurrentTime": "2026-02-01T00:00:00Z"}, "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}})),
            Same, Same, ""),
        case("several statements, equal", home_dirs(true, true), home_dirs(true, true), Same, Same, ""),
        case("several statements, one missing", home_dirs(true, true), home_dirs(true, false), Different, Different, ""),
        case("Effect casing", base.clone(), doc(json!([trust(json!({"Effect": "allow"}))])), Same, Invalid, EFFECT_CASE),
        case("single statement object vs list (lower-case allow)",
            json!({"Version": "2012-10-17", "Statement": trust(json!({}))}).to_string(),
            doc(json!([trust(json!({"Effect": "allow", "Action": ["sts:AssumeRole"]}))])), Same, Invalid, EFFECT_CASE),
        case("single statement object vs list", json!({"Version": "2012-10-17", "Statement": trust(json!({}))}).to_string(), base.clone(), Same, Same, ""),
        case("empty principal map vs empty Service list",
            doc(json!([trust(json!({"Principal": {}}))])), doc(json!([trust(json!({"Principal": {"Service": []}}))])), Same, Invalid, EMPTY_PRINCIPAL),
        case("empty Service list vs empty AWS list",
            doc(json!([trust(json!({"Principal": {"Service": []}}))])), doc(json!([trust(json!({"Principal": {"AWS": []}}))])), Same, Invalid, EMPTY_PRINCIPAL),
        case("empty principal map vs no principal",
            doc(json!([trust(json!({"Principal": {}}))])), doc(json!([trust(json!({"Principal": null}))])), Same, Invalid, EMPTY_PRINCIPAL),
        case("empty principal lists vs no principal",
            doc(json!([trust(json!({"Principal": {"Service": [], "AWS": []}}))])), doc(json!([trust(json!({"Principal": null}))])), Same, Invalid, EMPTY_PRINCIPAL),
        case("bare account id vs bare root ARN as the principal",
            any_principal(json!("444455556666")), any_principal(json!("arn:PARTITION:iam::444455556666:root")), Same, Invalid, BARE_PRINCIPAL),
        case("account id vs root ARN",
            any_principal(json!({"AWS": "444455556666"})), any_principal(json!({"AWS": "arn:PARTITION:iam::444455556666:root"})), Same, Same, ""),
        case("account id vs root ARN, one-element lists",
            any_principal(json!({"AWS": ["444455556666"]})), any_principal(json!({"AWS": ["arn:PARTITION:iam::444455556666:root"]})), Same, Same, ""),
        case("account id vs root ARN among other roots",
            any_principal(json!({"AWS": ["444455556666", "arn:PARTITION:iam::777788889999:root"]})),
            any_principal(json!({"AWS": ["arn:PARTITION:iam::444455556666:root", "arn:PARTITION:iam::777788889999:root"]})), Same, Same, ""),
        case("no Statement", json!({"Version": "2012-10-17"}).to_string(), json!({"Version": "2012-10-17"}).to_string(), Same, Invalid,
            "`Statement` is required (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html)"),
        case("Statement is a number", json!({"Version": "2012-10-17", "Statement": 7}).to_string(), json!({"Version": "2012-10-17", "Statement": 7}).to_string(), Same, Invalid,
            "`Statement` is a statement or a list of them (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html)"),
        case("Resource is an object", doc(json!([{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": {}}])), doc(json!([{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": {}}])), Same, Invalid,
            "`Resource` is a string or a list of strings (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)"),
        case("Resource is a nested list", doc(json!([{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [[7]]}])), doc(json!([{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [[7]]}])), Same, Invalid,
            "`Resource` is a string or a list of strings (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)"),
        case("principal order", any_principal(json!({"AWS": roles(&["a", "b", "c", "d"])})), any_principal(json!({"AWS": roles(&["d", "b", "a", "c"])})), Same, Same, ""),
        case("principal lists differ", any_principal(json!({"AWS": roles(&["d", "b", "a", "c"])})), any_principal(json!({"AWS": roles(&["d", "b", "a", "e"])})), Different, Different, ""),
        case("Bool true vs \"true\"", put(json!({"Bool": {"aws:SecureTransport": true}})), put(json!({"Bool": {"aws:SecureTransport": "true"}})), Same, Same, ""),
        case("number vs numeric string", put(json!({"NumericLessThanEquals": {"aws:MultiFactorAuthAge": 3600}})), put(json!({"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}})), Same, Same, ""),
        case("numbers vs numeric strings in a list", put(json!({"NumericEquals": {"s3:max-keys": [10.5, 20]}})), put(json!({"NumericEquals": {"s3:max-keys": ["10.5", "20"]}})), Same, Same, ""),
        case("empty condition value list, keys in another order",
            json!({"Id": "queue", "Version": "2012-10-17", "Statement": [{"Sid": "Topic", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:444455556666:jobs", "Condition": {"ArnEquals": {"aws:SourceArn": []}}}]}).to_string(),
            json!({"Statement": [{"Condition": {"ArnEquals": {"aws:SourceArn": []}}, "Resource": "arn:aws:sqs:us-east-1:444455556666:jobs", "Action": "sqs:SendMessage", "Principal": "*", "Effect": "Allow", "Sid": "Topic"}], "Version": "2012-10-17", "Id": "queue"}).to_string(),
            Same, Same, ""),
        case("documents that are lists", "[]".into(), "[{}]".into(), Same, Invalid,
            "a policy document is a JSON object (grammar: <policy> = { <version_block>? <id_block>? <statement_block> })"),
        case("numbers as resources, in another order", doc(json!([{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": [7, 9]}])), doc(json!([{"Effect": "Allow", "Action": "s3:PutObject", "Resource": [9, 7]}])), Same, Invalid,
            "`Resource` is a string or a list of strings (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)"),
    ]
}

fn roles(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| format!("arn:aws:iam::444455556666:role/{n}"))
        .collect()
}

fn home_dirs(list: bool, read: bool) -> String {
    let mut statements = vec![
        json!({"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], "Resource": "arn:aws:s3:::*"}),
    ];
    if list {
        statements.push(
            json!({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::home",
            "Condition": {"StringLike": {"s3:prefix": ["", "users/", "users/${aws:username}/"]}}}),
        );
    }
    if read {
        statements.push(json!({"Effect": "Allow", "Action": "s3:*", "Resource": ["arn:aws:s3:::home/users/${aws:username}", "arn:aws:s3:::home/users/${aws:username}/*"]}));
    }
    doc(Value::Array(statements))
}

fn answer(case: &Case, dir: &std::path::Path) -> Answer {
    std::fs::write(dir.join("a.json"), &case.a).unwrap();
    std::fs::write(dir.join("b.json"), &case.b).unwrap();
    let run = offline_cli::iamform(dir, &["policy", "equivalent", "a.json", "b.json"]);
    match run.code {
        0 => Same,
        1 => Different,
        2 => Invalid,
        other => panic!("{}: exit {other}: {}", case.name, run.stderr),
    }
}

#[test]
fn awspolicyequivalence_style_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    let mut agree = 0;
    for case in &cases {
        let ours = answer(case, dir.path());
        assert_eq!(ours, case.ours, "{}", case.name);
        if ours == case.theirs {
            agree += 1;
            assert!(
                case.why.is_empty(),
                "{}: agrees, needs no reason",
                case.name
            );
        } else {
            // Every disagreement is input AWS's grammar rejects.
            assert_eq!(ours, Invalid, "{}", case.name);
            assert!(
                !case.why.is_empty(),
                "{}: say why AWS's docs back us",
                case.name
            );
        }
    }
    assert_eq!((agree, cases.len()), (26, 41), "agreement changed");
}
