//! The comparison form of a policy (see the rules in the module docs of [`crate::policy`]).

use serde_json::{Map, Value};

use super::account_partition::own_partition;
use super::atoms::canonical_statements;
use super::document::{ActionList, Policy, PrincipalElement, ResourceList, Statement};
use super::error::PolicyError;
use super::merge::{merge_action_statements, without_covered};
use super::pattern_cover::{action_covers, resource_covers};
use super::principal::string_list_value;
use super::value_list::sorted_unique;

/// Parses `value` and returns its canonical comparison JSON: two documents IAM evaluates
/// the same way normalize to equal values. Bare account ids become root ARNs in the
/// partition the document's principal ARNs name (`aws` when they name none or several).
pub fn normalize(value: &Value) -> Result<Value, PolicyError> {
    let partition = own_partition(value);
    Ok(super::parse(value)?.normalized_in(&partition).to_value())
}

impl Policy {
    /// [`Policy::normalized_in`] the partition the document's principal ARNs name.
    pub fn normalized(&self) -> Policy {
        self.normalized_in(&own_partition(&self.to_value()))
    }

    /// The comparison form, bare account ids read as accounts of `partition`: `Id` and
    /// Sids dropped, statements normalized, rewritten in the canonical grouping of
    /// [`super::atoms`] (merged, covered parts dropped), sorted and de-duplicated.
    pub fn normalized_in(&self, partition: &str) -> Policy {
        let statements: Vec<Statement> = self
            .statements
            .iter()
            .map(|s| s.normalized_in(partition))
            .collect();
        let mut statements = match canonical_statements(statements.clone()) {
            Some(canonical) => canonical,
            None => merge_action_statements(statements),
        };
        statements.sort();
        statements.dedup();
        Policy {
            version: self.version,
            id: None,
            statements,
        }
    }

    /// The document as IAM JSON: `Version` explicit, `Statement` and every value list
    /// always lists.
    pub fn to_value(&self) -> Value {
        let mut doc = Map::new();
        doc.insert(
            "Version".into(),
            Value::String(self.version.as_str().into()),
        );
        if let Some(id) = &self.id {
            doc.insert("Id".into(), Value::String(id.clone()));
        }
        doc.insert(
            "Statement".into(),
            Value::Array(self.statements.iter().map(Statement::to_value).collect()),
        );
        Value::Object(doc)
    }
}

impl Statement {
    /// [`Statement::normalized_in`] the `aws` partition.
    pub fn normalized(&self) -> Statement {
        self.normalized_in(crate::arn::Partition::Aws.as_str())
    }

    /// The comparison form of one statement: Sid dropped, actions lower-cased, every
    /// list sorted and de-duplicated without the values another value in it covers,
    /// principals (bare account ids as accounts of `partition`) and conditions normalized.
    pub fn normalized_in(&self, partition: &str) -> Statement {
        let actions = |v: &[String]| {
            let lower = sorted_unique(v.iter().map(|a| a.to_ascii_lowercase()).collect());
            without_covered(lower, action_covers)
        };
        let resources = |v: &[String]| without_covered(sorted_unique(v.to_vec()), resource_covers);
        Statement {
            sid: None,
            effect: self.effect,
            principal: self.principal.as_ref().map(|p| match p {
                PrincipalElement::Principal(p) => {
                    PrincipalElement::Principal(p.normalized_in(partition))
                }
                PrincipalElement::NotPrincipal(p) => {
                    PrincipalElement::NotPrincipal(p.normalized_in(partition))
                }
            }),
            action: match &self.action {
                ActionList::Action(v) => ActionList::Action(actions(v)),
                ActionList::NotAction(v) => ActionList::NotAction(actions(v)),
            },
            resource: self.resource.as_ref().map(|r| match r {
                ResourceList::Resource(v) => ResourceList::Resource(resources(v)),
                ResourceList::NotResource(v) => ResourceList::NotResource(resources(v)),
            }),
            condition: self.condition.normalized(),
        }
    }

    /// The statement as IAM JSON, value lists always as lists.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(sid) = &self.sid {
            map.insert("Sid".into(), Value::String(sid.clone()));
        }
        map.insert("Effect".into(), Value::String(self.effect.as_str().into()));
        if let Some(p) = &self.principal {
            map.insert(p.key().into(), p.principal().to_value());
        }
        map.insert(
            self.action.key().into(),
            string_list_value(self.action.patterns()),
        );
        if let Some(r) = &self.resource {
            map.insert(r.key().into(), string_list_value(r.patterns()));
        }
        if !self.condition.is_empty() {
            map.insert("Condition".into(), self.condition.to_value());
        }
        Value::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn merges_action_statements_and_makes_every_list_explicit() {
        let doc = json!({
            "Id": "dropped",
            "Statement": [
                {"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"},
                {"Sid": "B", "Effect": "Allow", "Action": ["S3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::b/*"]},
                {"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*",
                 "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}},
                {"Effect": "Deny", "NotAction": ["iam:*", "iam:PassRole"], "Resource": "*"}
            ]
        });
        assert_eq!(
            normalize(&doc).unwrap(),
            json!({
                "Version": "2008-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": ["s3:deleteobject"], "Resource": ["arn:aws:s3:::b/*"],
                     "Condition": {"Bool": {"aws:multifactorauthpresent": ["true"]}}},
                    {"Effect": "Allow", "Action": ["s3:getobject", "s3:putobject"], "Resource": ["arn:aws:s3:::b/*"]},
                    {"Effect": "Deny", "NotAction": ["iam:*"], "Resource": ["*"]}
                ]
            })
        );
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        let docs = [
            json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}),
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": ["123456789012", "*"]}, "Action": "sts:AssumeRole",
                 "Condition": {"StringEquals": {"sts:ExternalId": ["b", "a", "b"]}}},
                {"Effect": "Deny", "NotPrincipal": {"Service": "ec2.amazonaws.com"}, "Action": "*", "NotResource": "arn:aws:s3:::x"}
            ]}),
        ];
        for doc in docs {
            let once = normalize(&doc).unwrap();
            assert_eq!(normalize(&once).unwrap(), once, "{doc}");
        }
    }

    // IAM writes a bare account id as the root ARN of the partition holding the policy:
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
    #[test]
    fn account_ids_take_the_partition_the_document_names() {
        let doc = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"AWS": ["111111111111", "arn:aws-us-gov:iam::222222222222:role/ci"]}}});
        assert_eq!(
            normalize(&doc).unwrap()["Statement"][0]["Principal"]["AWS"],
            json!([
                "arn:aws-us-gov:iam::111111111111:root",
                "arn:aws-us-gov:iam::222222222222:role/ci"
            ])
        );
        let bare = json!({"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "111111111111"}}});
        assert_eq!(
            normalize(&bare).unwrap()["Statement"][0]["Principal"]["AWS"],
            json!(["arn:aws:iam::111111111111:root"])
        );
    }

    #[test]
    fn invalid_documents_are_errors() {
        let err = normalize(&json!({"Statement": [{"Effect": "Allow"}]})).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].path.to_string(), "Statement[0]");
    }
}
