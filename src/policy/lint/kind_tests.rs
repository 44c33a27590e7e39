//! Lint by policy kind: what `--kind auto` guesses, which elements each kind takes, and
//! which size quota applies. Valid resource-based policies (bucket, queue, topic and key
//! policies, written as the AWS documentation shows them) lint clean.

use serde_json::{Value, json};

use super::*;
use crate::diagnostic::Severity;

fn findings(doc: &Value, kind: PolicyKind) -> Vec<String> {
    lint_document(doc, &LintOptions::for_kind(kind))
        .iter()
        .map(|f| format!("{} {}", f.rule.code(), f.path))
        .collect()
}

/// S3 bucket policy granting another account read access
/// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html).
fn bucket_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "AllowCrossAccountRead", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": ["s3:GetObject", "s3:GetObjectVersion"],
         "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"},
        {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket", "arn:aws:s3:::amzn-s3-demo-bucket/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    ]})
}

/// The SNS topic policy AWS writes for a new topic: a Sid with underscores, the
/// 2008-10-17 language and `AWS:SourceOwner`
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html).
fn topic_policy() -> Value {
    json!({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [
        {"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
         "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                    "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                    "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
         "Resource": "arn:aws:sns:us-east-2:111122223333:MyTopic",
         "Condition": {"StringEquals": {"AWS:SourceOwner": "111122223333"}}}
    ]})
}

/// A queue policy letting a topic send messages
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html).
fn queue_policy() -> Value {
    json!({"Version": "2012-10-17", "Id": "Queue1_Policy_UUID", "Statement": [
        {"Sid": "Queue1_SendMessage", "Effect": "Allow",
         "Principal": {"Service": "sns.amazonaws.com"},
         "Action": "sqs:SendMessage",
         "Resource": "arn:aws:sqs:us-east-2:111122223333:queue1",
         "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-2:111122223333:MyTopic"}}}
    ]})
}

/// The default KMS key policy: Sids with spaces, `kms:*` on `*` (the key itself)
/// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
fn key_policy() -> Value {
    json!({"Version": "2012-10-17", "Id": "key-default-1", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "Allow attachment of persistent resources", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::111122223333:role/ExampleRole"},
         "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"], "Resource": "*",
         "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}}
    ]})
}

#[test]
fn auto_recognises_resource_policies_and_they_lint_clean() {
    for doc in [
        bucket_policy(),
        topic_policy(),
        queue_policy(),
        key_policy(),
    ] {
        assert_eq!(guess_kind(&doc), PolicyKind::Resource, "{doc}");
        assert_eq!(
            findings(&doc, PolicyKind::Resource),
            Vec::<String>::new(),
            "{doc}"
        );
        // Read as identity policies they would be wrong: that is what IAM002 says.
        assert!(
            findings(&doc, PolicyKind::Identity)
                .iter()
                .all(|f| f.starts_with("IAM00"))
        );
    }
}

#[test]
fn auto_tells_trust_from_identity_and_resource() {
    let trust = json!({"Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/idp"},
         "Action": ["STS:AssumeRoleWithSAML", "sts:TagSession"]}
    ]});
    assert_eq!(guess_kind(&trust), PolicyKind::RoleTrust);
    // A statement that forgot its Principal still reads as part of a trust policy.
    let forgot = json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Action": "sts:AssumeRole"}
    ]});
    assert_eq!(guess_kind(&forgot), PolicyKind::RoleTrust);
    // Principal without Resource but with service actions: an ECR-style resource policy.
    let repository = json!({"Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage"]}});
    assert_eq!(guess_kind(&repository), PolicyKind::Resource);
    assert_eq!(
        findings(&repository, PolicyKind::Resource),
        Vec::<String>::new()
    );
    let identity = json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]});
    assert_eq!(guess_kind(&identity), PolicyKind::Identity);
    assert_eq!(guess_kind(&json!({})), PolicyKind::Identity);
}

#[test]
fn each_kind_checks_its_elements() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html:
    // identity policies (and boundaries, SCPs) name no principal; resource policies must.
    let with_principal = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
    for kind in [
        PolicyKind::Identity,
        PolicyKind::Boundary,
        PolicyKind::ServiceControl,
    ] {
        assert_eq!(
            findings(&with_principal, kind),
            ["IAM002 Statement.Principal"],
            "{kind:?}"
        );
    }
    let without = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
    assert_eq!(
        findings(&without, PolicyKind::Resource),
        ["IAM002 Statement"]
    );
    // IAM's Sids are alphanumeric; other services' resource policies take any string
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html).
    let spaced = json!({"Version": "2012-10-17", "Statement": {"Sid": "Read it", "Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
    assert_eq!(
        findings(&spaced, PolicyKind::Identity),
        ["IAM001 Statement.Sid"]
    );
    let mut scp = spaced.clone();
    assert!(findings(&scp, PolicyKind::ServiceControl).is_empty());
    scp["Statement"]["Principal"] = json!("*");
    assert_eq!(findings(&scp, PolicyKind::Resource), Vec::<String>::new());
}

#[test]
fn size_depends_on_the_kind() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: 6,144
    // characters per customer managed policy, 2,048 per role trust policy (default quota);
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html:
    // 5,120 per SCP.
    let statements = |n: usize, principal: bool| -> Value {
        let one = |i: usize| {
            let mut s = json!({"Sid": format!("S{i}"), "Effect": "Allow",
                "Action": "sts:AssumeRole"});
            if principal {
                s["Principal"] = json!({"AWS": format!("arn:aws:iam::111122223333:role/r{i}")});
            } else {
                s["Action"] = json!("s3:ListAllMyBuckets");
                s["Resource"] = json!("*");
            }
            s
        };
        json!({"Version": "2012-10-17", "Statement": (0..n).map(one).collect::<Vec<_>>()})
    };
    let size_of = |doc: &Value, options: &LintOptions| {
        lint_document(doc, options)
            .into_iter()
            .find(|f| f.rule == Rule::Size)
            .map(|f| f.severity)
    };
    let trust = statements(40, true);
    assert!(crate::policy::size::iam_char_count(&trust) > 2_048);
    assert_eq!(
        size_of(&trust, &LintOptions::for_kind(PolicyKind::RoleTrust)),
        Some(Severity::Error)
    );
    let identity = statements(120, false);
    let size = crate::policy::size::iam_char_count(&identity);
    assert!((6_145..10_240).contains(&size), "{size}");
    // Standalone: customer managed, inline or AWS managed? Only advice.
    assert_eq!(
        size_of(&identity, &LintOptions::for_kind(PolicyKind::Identity)),
        Some(Severity::Warning)
    );
    // Known to be customer managed (validate, plan): an error.
    let known = LintOptions {
        size: SizeCheck::Quota(SizeLimit::ManagedPolicy),
        ..LintOptions::for_kind(PolicyKind::Identity)
    };
    assert_eq!(size_of(&identity, &known), Some(Severity::Error));
    assert_eq!(
        size_of(
            &identity,
            &LintOptions::for_kind(PolicyKind::ServiceControl)
        ),
        Some(Severity::Error)
    );
    let aws_managed = LintOptions {
        size: SizeCheck::Skip,
        ..known
    };
    assert_eq!(size_of(&identity, &aws_managed), None);
    // Resource policies: the quota is the service's (20 KB for S3, 8 KB for SQS…).
    let mut resource = statements(120, true);
    for s in resource["Statement"].as_array_mut().unwrap() {
        s["Resource"] = json!("arn:aws:s3:::b/*");
        s["Action"] = json!("s3:GetObject");
    }
    assert_eq!(
        size_of(&resource, &LintOptions::for_kind(PolicyKind::Resource)),
        None
    );
}
