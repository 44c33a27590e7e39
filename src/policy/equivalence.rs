//! Semantic equality of policy documents.

use serde_json::Value;

use super::account_partition::candidate_partitions;
use super::lenient::lenient_normal_form;

/// True when IAM evaluates `a` and `b` the same way, by the rules in the module docs.
/// Bare account ids stand for their root ARN in whichever partition holds the documents:
/// they are equivalent when they evaluate alike in some partition (trying `aws` and the
/// ones they name). When either document does not parse, both are compared in their
/// best-effort normal form instead, so a broken live document still equals the same
/// broken document written with other list shapes, statement order or Sids.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    let partitions = candidate_partitions(a, b);
    match (super::parse(a), super::parse(b)) {
        (Ok(pa), Ok(pb)) => partitions
            .iter()
            .any(|p| pa.normalized_in(p) == pb.normalized_in(p)),
        _ => partitions
            .iter()
            .any(|p| lenient_normal_form(a, p) == lenient_normal_form(b, p)),
    }
}

#[cfg(test)]
#[path = "equivalence_tests.rs"]
mod tests;
