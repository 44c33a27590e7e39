//! Condition lint rules: unknown global keys (IAM020) and unreadable typed values (IAM021).

use serde_json::{Value, json};

use super::*;

fn lint(condition: Value) -> Vec<Finding> {
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*", "Condition": condition}]});
    lint_document(&doc, &LintOptions::for_kind(PolicyKind::Identity))
}

fn codes(condition: Value) -> Vec<String> {
    lint(condition)
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.path))
        .collect()
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// lists the global keys; Access Analyzer reports others as "Invalid global condition key"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
#[test]
fn unknown_global_keys_are_flagged_with_a_spelling_hint() {
    let found = lint(json!({"IpAddress": {"aws:SourceIpp": "10.0.0.0/8"}}));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, Rule::UnknownGlobalConditionKey);
    assert_eq!(found[0].rule.code(), "IAM020");
    assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
    assert_eq!(
        found[0].path.to_string(),
        "Statement[0].Condition.IpAddress.aws:SourceIpp"
    );
    assert!(
        found[0]
            .message
            .contains("`aws:SourceIpp` is not a global condition key")
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `aws:SourceIp`?")
    );
    let far = lint(json!({"StringEquals": {"aws:Nonsense": "x"}}));
    assert!(
        far[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("reference_policies_condition-keys.html")
    );
}

#[test]
fn known_global_keys_in_any_case_and_tag_keys_pass() {
    assert!(
        codes(json!({
            "StringEquals": {"AWS:PrincipalTag/team": "web", "aws:RequestedRegion": "eu-west-1"},
            "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]},
            "StringLike": {"aws:resourcetag/cost-center": "*"},
            "Bool": {"AWS:SECURETRANSPORT": "true"},
            "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
            "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
            "IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]},
            "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:*"},
            "Null": {"aws:TokenIssueTime": "true"}
        }))
        .is_empty()
    );
    // Service keys are the catalog rule's business (IAM013), not this one's.
    assert_eq!(
        codes(json!({"StringEquals": {"s3:prefx": "a"}})),
        ["IAM013 Statement[0].Condition.StringEquals.s3:prefx"]
    );
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// (numbers, ISO 8601 or epoch dates, true/false, base64, CIDR blocks, six-part ARNs).
#[test]
fn values_a_typed_operator_cannot_read() {
    let found = codes(json!({
        "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "10.0.0.0/33"]},
        "NotIpAddress": {"aws:VpcSourceIp": "my-office"},
        "DateLessThan": {"aws:CurrentTime": "2020-02-30"},
        "NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"},
        "Bool": {"aws:SecureTransport": "yes"},
        "BinaryEquals": {"aws:UserAgent": "not base64!"},
        "ArnEquals": {"aws:SourceArn": "arn:aws:sns"},
        "Null": {"aws:TokenIssueTime": "maybe"}
    }));
    assert_eq!(
        found,
        [
            "IAM021 Statement[0].Condition.ArnEquals.aws:SourceArn",
            "IAM021 Statement[0].Condition.BinaryEquals.aws:UserAgent",
            "IAM021 Statement[0].Condition.Bool.aws:SecureTransport",
            "IAM021 Statement[0].Condition.DateLessThan.aws:CurrentTime",
            "IAM021 Statement[0].Condition.IpAddress.aws:SourceIp[1]",
            "IAM021 Statement[0].Condition.NotIpAddress.aws:VpcSourceIp",
            "IAM021 Statement[0].Condition.Null.aws:TokenIssueTime",
            "IAM021 Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge",
        ]
    );
    let ip = lint(json!({"NotIpAddress": {"aws:SourceIp": "my-office"}}));
    assert_eq!(
        ip[0].message,
        "`my-office` is not an IP address or CIDR block: `NotIpAddress` never holds for a request that has the key"
    );
    assert_eq!(ip[0].severity, crate::diagnostic::Severity::Warning);
    assert!(ip[0].hint.as_deref().unwrap().contains("203.0.113.0/24"));
}

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// (variables in string and ARN conditions only; Access Analyzer's "Invalid variable for
// operator"). The operators page also lists Bool as taking variables.
#[test]
fn variables_are_checked_only_where_they_are_not_substituted() {
    assert!(
        codes(json!({
            "StringLike": {"s3:prefix": "home/${aws:username}/*"},
            "ArnEquals": {"aws:SourceArn": "${aws:PrincipalArn}"},
            "Bool": {"aws:SecureTransport": "${aws:PrincipalTag/tls}"}
        }))
        .is_empty()
    );
    let found =
        lint(json!({"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:PrincipalTag/max-age}"}}));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, Rule::ConditionValueType);
    assert!(
        found[0]
            .message
            .starts_with("`NumericLessThan` does not substitute policy variables")
    );
}

#[test]
fn trust_policies_are_checked_too() {
    let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAcount": "111122223333"}}}});
    let found = lint_document(&doc, &LintOptions::for_kind(PolicyKind::RoleTrust));
    assert_eq!(
        found.iter().map(|f| f.rule.code()).collect::<Vec<_>>(),
        ["IAM020"]
    );
    assert_eq!(
        found[0].hint.as_deref(),
        Some("did you mean `aws:SourceAccount`?")
    );
}
