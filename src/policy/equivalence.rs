//! Semantic equality of policy documents.

use serde_json::Value;

use super::lenient::lenient_normal_form;
use super::root_partition::{root_partitions, with_root_partitions};

/// True when IAM evaluates `a` and `b` the same way, by the rules in the module docs. A
/// bare account id in a principal equals its root ARN in any partition (the partition
/// the two documents live in).
/// When either document does not parse, both are compared in their best-effort normal
/// form instead, so a broken live document still equals the same broken document written
/// with other list shapes, statement order or Sids.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    let partitions = root_partitions([a, b]);
    let (a, b) = (
        with_root_partitions(a, &partitions),
        with_root_partitions(b, &partitions),
    );
    let (a, b) = (a.as_ref(), b.as_ref());
    match (super::normalize(a), super::normalize(b)) {
        (Ok(na), Ok(nb)) => na == nb,
        _ => lenient_normal_form(a) == lenient_normal_form(b),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn doc(statements: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    fn allow(action: Value, resource: Value) -> Value {
        json!({"Effect": "Allow", "Action": action, "Resource": resource})
    }

    #[test]
    fn equivalent_pairs() {
        let read = allow(json!("s3:GetObject"), json!("arn:aws:s3:::b/*"));
        let deny = json!({"Effect": "Deny", "Action": "iam:*", "Resource": "*"});
        let trust = |principal: Value| {
            doc(json!([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]))
        };
        let cond = |values: Value| {
            doc(
                json!([{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                        "Condition": {"Bool": {"aws:SecureTransport": values}}}]),
            )
        };
        let cases: Vec<(&str, Value, Value)> = vec![
            (
                "statement order",
                doc(json!([read, deny])),
                doc(json!([deny, read])),
            ),
            (
                "string vs one-element list",
                doc(json!([read])),
                doc(json!([allow(
                    json!(["s3:GetObject"]),
                    json!(["arn:aws:s3:::b/*"])
                )])),
            ),
            (
                "single statement object",
                doc(json!([read])),
                doc(read.clone()),
            ),
            (
                "action case",
                doc(json!([read])),
                doc(json!([allow(
                    json!("S3:getobject"),
                    json!("arn:aws:s3:::b/*")
                )])),
            ),
            (
                "account id vs root ARN",
                trust(json!({"AWS": "123456789012"})),
                trust(json!({"AWS": ["arn:aws:iam::123456789012:root"]})),
            ),
            (
                "account id vs root ARN in aws-cn",
                trust(json!({"AWS": "123456789012"})),
                trust(json!({"AWS": ["arn:aws-cn:iam::123456789012:root"]})),
            ),
            (
                "account id vs root ARN in aws-us-gov, among other principals",
                trust(json!({"AWS": ["123456789012", "arn:aws-us-gov:iam::222222222222:role/x"]})),
                trust(
                    json!({"AWS": ["arn:aws-us-gov:iam::222222222222:role/x", "arn:aws-us-gov:iam::123456789012:root"]}),
                ),
            ),
            (
                "Version default",
                json!({"Statement": [read]}),
                json!({"Version": "2008-10-17", "Statement": [read]}),
            ),
            (
                "condition scalar vs list",
                cond(json!("true")),
                cond(json!(["true"])),
            ),
            (
                "condition bool vs string",
                cond(json!(true)),
                cond(json!("true")),
            ),
            (
                "condition key case",
                cond(json!("true")),
                doc(
                    json!([{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                         "Condition": {"Bool": {"AWS:SECURETRANSPORT": "true"}}}]),
                ),
            ),
            (
                "Sid absent vs present",
                doc(json!([read])),
                doc(
                    json!([{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
                ),
            ),
            (
                "Id absent vs present",
                doc(json!([read])),
                json!({"Version": "2012-10-17", "Id": "x", "Statement": [read]}),
            ),
            (
                "duplicated statements",
                doc(json!([read, read, deny])),
                doc(json!([deny, read])),
            ),
            (
                "duplicated values",
                doc(json!([read])),
                doc(json!([allow(
                    json!(["s3:GetObject", "s3:getObject"]),
                    json!(["arn:aws:s3:::b/*", "arn:aws:s3:::b/*"])
                )])),
            ),
            (
                "Principal * vs AWS *",
                trust(json!("*")),
                trust(json!({"AWS": "*"})),
            ),
            (
                "Principal * vs AWS [*]",
                trust(json!("*")),
                trust(json!({"AWS": ["*"]})),
            ),
            (
                "merged actions",
                doc(json!([
                    allow(json!("s3:GetObject"), json!("*")),
                    allow(json!("s3:PutObject"), json!("*"))
                ])),
                doc(json!([allow(
                    json!(["s3:PutObject", "s3:GetObject"]),
                    json!("*")
                )])),
            ),
            (
                "action covered by wildcard",
                doc(json!([
                    allow(json!("s3:*"), json!("*")),
                    allow(json!("s3:GetObject"), json!("*"))
                ])),
                doc(json!([allow(json!("s3:*"), json!("*"))])),
            ),
            (
                "empty condition",
                doc(json!([read])),
                doc(
                    json!([{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {}}]),
                ),
            ),
            (
                "both broken the same way, different shapes",
                json!({"Statement": {"Sid": "A", "Effect": "Permit", "Action": "s3:GetObject"}}),
                json!({"Statement": [{"Effect": "Permit", "Action": ["S3:GetObject"]}]}),
            ),
        ];
        for (name, a, b) in cases {
            assert!(equivalent(&a, &b), "{name}: expected equivalent\n{a}\n{b}");
            assert!(equivalent(&b, &a), "{name}: not symmetric");
        }
    }

    #[test]
    fn non_equivalent_pairs() {
        let read = allow(json!("s3:GetObject"), json!("arn:aws:s3:::b/*"));
        let cond = |op: &str, values: Value| {
            doc(
                json!([{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                        "Condition": {op: {"aws:SourceVpc": values}}}]),
            )
        };
        let cases: Vec<(&str, Value, Value)> = vec![
            (
                "Allow vs Deny",
                doc(json!([read])),
                doc(
                    json!([{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
                ),
            ),
            (
                "different resource",
                doc(json!([read])),
                doc(json!([allow(
                    json!("s3:GetObject"),
                    json!("arn:aws:s3:::c/*")
                )])),
            ),
            (
                "resource case",
                doc(json!([read])),
                doc(json!([allow(
                    json!("s3:GetObject"),
                    json!("arn:aws:s3:::B/*")
                )])),
            ),
            (
                "Action vs NotAction",
                doc(json!([read])),
                doc(
                    json!([{"Effect": "Allow", "NotAction": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]),
                ),
            ),
            (
                "missing Version vs 2012-10-17",
                json!({"Statement": [read]}),
                doc(json!([read])),
            ),
            (
                "different condition operator",
                cond("StringEquals", json!("vpc-1")),
                cond("StringLike", json!("vpc-1")),
            ),
            (
                "extra condition value",
                cond("StringEquals", json!("vpc-1")),
                cond("StringEquals", json!(["vpc-1", "vpc-2"])),
            ),
            (
                "condition value case",
                cond("StringEquals", json!("vpc-a")),
                cond("StringEquals", json!("VPC-A")),
            ),
            (
                "NotAction statements are not merged",
                doc(
                    json!([{"Effect": "Deny", "NotAction": "s3:GetObject", "Resource": "*"},
                        {"Effect": "Deny", "NotAction": "s3:PutObject", "Resource": "*"}]),
                ),
                doc(
                    json!([{"Effect": "Deny", "NotAction": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}]),
                ),
            ),
            (
                "different resources are not merged by action",
                doc(json!([
                    allow(json!("s3:GetObject"), json!("arn:aws:s3:::a")),
                    allow(json!("s3:PutObject"), json!("arn:aws:s3:::b"))
                ])),
                doc(json!([allow(
                    json!(["s3:GetObject", "s3:PutObject"]),
                    json!(["arn:aws:s3:::a", "arn:aws:s3:::b"])
                )])),
            ),
            (
                "different principal",
                doc(
                    json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
                ),
                doc(
                    json!([{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]),
                ),
            ),
            (
                "the same account in two partitions",
                doc(
                    json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]),
                ),
                doc(
                    json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws-cn:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]),
                ),
            ),
            (
                "broken vs valid",
                json!({"Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}),
                json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
            ),
        ];
        for (name, a, b) in cases {
            assert!(!equivalent(&a, &b), "{name}: expected different\n{a}\n{b}");
            assert!(!equivalent(&b, &a), "{name}: not symmetric");
        }
    }
}
