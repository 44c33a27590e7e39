//! The audit as terminal text: one block per check, findings indented under it.

use std::fmt::Write as _;

use crate::audit::{AuditReport, CheckOutcome, Urgency};

/// Plain text (no color), ending in a newline.
pub fn text(report: &AuditReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Security audit of account {} ({}), as of {}\n",
        report.account, report.account_id, report.as_of
    );
    for result in &report.checks {
        let mark = match result.outcome {
            CheckOutcome::Passed => "ok  ",
            CheckOutcome::Failed => "FAIL",
            CheckOutcome::NotChecked => "--  ",
        };
        let suffix = if result.outcome == CheckOutcome::NotChecked {
            " (not checked)"
        } else {
            ""
        };
        let _ = writeln!(out, "{mark} {}{suffix}", result.title);
        for f in report.findings.iter().filter(|f| f.check == result.check) {
            let _ = writeln!(
                out,
                "       [{}] {}: {}",
                f.urgency.word(),
                f.subject,
                f.detail
            );
            if let Some(fix) = &f.fixed_by_manifests {
                let _ = writeln!(out, "         fixed by the manifests: {fix}");
            }
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &report.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    let _ = writeln!(out, "\n{}", summary(report));
    out
}

/// `5 findings (2 high, 2 medium, 1 low); the manifests would fix 2.`
pub fn summary(report: &AuditReport) -> String {
    if report.findings.is_empty() {
        return "No findings.".to_string();
    }
    let counts: Vec<String> = [Urgency::High, Urgency::Medium, Urgency::Low]
        .into_iter()
        .filter(|s| report.count(*s) > 0)
        .map(|s| format!("{} {}", report.count(s), s.word()))
        .collect();
    let n = report.findings.len();
    let plural = if n == 1 { "finding" } else { "findings" };
    let mut line = format!("{n} {plural} ({})", counts.join(", "));
    if report.manifests_compared {
        let _ = write!(line, "; the manifests would fix {}", report.fixable());
    }
    line.push('.');
    line
}
