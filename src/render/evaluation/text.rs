//! An evaluation as text: the decision, one line per deciding statement, the reason, the
//! policy types that took part.

use std::fmt::Write as _;

use crate::policy::simulate::{Evaluation, PolicyRole};

/// The decision, the statements behind it, the reason, the policy types evaluated and
/// `notes`, ending in a newline. The first line is the decision alone.
pub fn evaluation_text(e: &Evaluation, notes: &[String]) -> String {
    let mut out = format!("{}\n", e.decision);
    for s in &e.statements {
        let sid = s
            .sid
            .as_ref()
            .map(|sid| format!(" Sid {sid}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{}: Statement[{}]{sid}: {}",
            s.policy,
            label(s.role),
            s.index,
            s.effect.as_str()
        );
    }
    let _ = writeln!(out, "  because {}", e.reason);
    if !e.policy_types.is_empty() {
        let types: Vec<&str> = e.policy_types.iter().map(|t| name(*t)).collect();
        let _ = writeln!(out, "  evaluated: {}", types.join(", "));
    }
    for note in notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

/// How a statement line marks its policy's type (identity policies go unmarked).
fn label(role: PolicyRole) -> String {
    match role {
        PolicyRole::Identity => String::new(),
        other => format!(" ({})", name(other)),
    }
}

fn name(role: PolicyRole) -> &'static str {
    match role {
        PolicyRole::Scp(_) => "SCP",
        PolicyRole::Rcp(_) => "RCP",
        PolicyRole::Resource => "resource policy",
        PolicyRole::Identity => "identity policy",
        PolicyRole::Boundary => "boundary",
        PolicyRole::Session => "session policy",
    }
}
