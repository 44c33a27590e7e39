//! The one-line verdict at the end of every rendering.

use crate::plan::Plan;

/// What an empty plan says.
pub(crate) const NO_CHANGES: &str = "No changes. Your accounts match the manifests.";

/// `Plan: N to add, N to change, N to destroy (N operations).`, or [`NO_CHANGES`].
/// The three counts are entities, as in Terraform; operations are the apply steps.
pub(crate) fn summary_line(plan: &Plan) -> String {
    if plan.is_empty() {
        return NO_CHANGES.to_string();
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
