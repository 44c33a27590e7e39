//! An evaluation as text: the decision, one line per deciding statement, the reason.

use std::fmt::Write as _;

use crate::policy::simulate::{Evaluation, PolicyRole};

/// The decision, the statements behind it, the reason, and `notes`, ending in a newline.
pub fn evaluation_text(e: &Evaluation, notes: &[String]) -> String {
    let mut out = format!("{}\n", e.decision);
    for s in &e.statements {
        let role = match s.role {
            PolicyRole::Identity => "",
            PolicyRole::Boundary => " (boundary)",
            PolicyRole::Resource => " (resource policy)",
        };
        let sid = s
            .sid
            .as_ref()
            .map(|sid| format!(" Sid {sid}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}{role}: Statement[{}]{sid}: {}",
            s.policy,
            s.index,
            s.effect.as_str()
        );
    }
    let _ = writeln!(out, "  because {}", e.reason);
    for note in notes {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}
