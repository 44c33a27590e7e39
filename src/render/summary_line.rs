//! The one-line verdict at the end of every rendering.

use crate::plan::Plan;

use super::incomplete_note;
use super::targeting_note::summary_suffix;

/// What an empty plan says.
pub(crate) const NO_CHANGES: &str = "No changes. Your accounts match the manifests.";

/// What an empty targeted plan says: the rest of the manifests may still differ.
pub(crate) const NO_TARGET_CHANGES: &str = "No changes to the targets.";

/// What an empty incomplete plan says: the unread accounts may still differ.
pub(crate) const NO_READ_CHANGES: &str = "No changes to the accounts read.";

/// `Plan: N to add, N to change, N to destroy (N operations).`, or [`NO_CHANGES`].
/// The three counts are entities, as in Terraform; operations are the apply steps.
/// A targeted plan adds how many changes it leaves out, an incomplete one how many
/// accounts it did not read and changes it held back.
pub(crate) fn summary_line(plan: &Plan) -> String {
    let line = match &plan.targeting {
        None => counts(plan),
        Some(targeting) => counts(plan) + &summary_suffix(targeting),
    };
    line + &incomplete_note::summary_suffix(plan)
}

fn counts(plan: &Plan) -> String {
    if plan.is_empty() {
        let words = match plan.targeting {
            Some(_) => NO_TARGET_CHANGES,
            None if plan.is_incomplete() => NO_READ_CHANGES,
            None => NO_CHANGES,
        };
        return words.to_string();
    }
    let s = plan.summary;
    let noun = if s.operations == 1 {
        "operation"
    } else {
        "operations"
    };
    format!(
        "Plan: {} to add, {} to change, {} to destroy ({} {noun}).",
        s.add, s.change, s.destroy, s.operations
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture_plans::{empty_plan, full_plan};

    #[test]
    fn counts_come_from_the_plan_summary() {
        let mut plan = full_plan();
        plan.summary.add = 3;
        plan.summary.change = 0;
        plan.summary.destroy = 1;
        plan.summary.operations = 9;
        assert_eq!(
            summary_line(&plan),
            "Plan: 3 to add, 0 to change, 1 to destroy (9 operations)."
        );
        plan.summary.operations = 1;
        assert!(summary_line(&plan).ends_with("(1 operation)."));
    }

    #[test]
    fn empty_plan_says_so() {
        assert_eq!(summary_line(&empty_plan()), NO_CHANGES);
    }
}
