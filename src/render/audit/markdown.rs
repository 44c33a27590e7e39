//! The audit as Markdown, for an issue or a pull-request comment.

use std::fmt::Write as _;

use super::text::summary;
use crate::audit::{AuditReport, CheckOutcome};

/// Markdown, ending in a newline.
pub fn markdown(report: &AuditReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Security audit of `{}` ({})\n\nAs of {}. {}\n",
        report.account,
        report.account_id,
        report.as_of,
        summary(report)
    );
    out.push_str("| Check | Result |\n|---|---|\n");
    for result in &report.checks {
        let outcome = match result.outcome {
            CheckOutcome::Passed => "✅ passed".to_string(),
            CheckOutcome::Failed => {
                let n = report
                    .findings
                    .iter()
                    .filter(|f| f.check == result.check)
                    .count();
                format!("❌ {n} finding{}", if n == 1 { "" } else { "s" })
            }
            CheckOutcome::NotChecked => "➖ not checked".to_string(),
        };
        let _ = writeln!(out, "| {} | {outcome} |", result.title);
    }
    if !report.findings.is_empty() {
        out.push_str("\n### Findings\n\n");
        let fix_column = report.manifests_compared;
        out.push_str(if fix_column {
            "| Severity | Check | Subject | Finding | Fixed by the manifests |\n|---|---|---|---|---|\n"
        } else {
            "| Severity | Check | Subject | Finding |\n|---|---|---|---|\n"
        });
        for f in &report.findings {
            let _ = write!(
                out,
                "| {} | {} | {} | {} |",
                f.urgency.word(),
                f.check.title(),
                cell(&f.subject),
                cell(&f.detail)
            );
            if fix_column {
                let fix = f
                    .fixed_by_manifests
                    .as_deref()
                    .map_or("no".to_string(), cell);
                let _ = write!(out, " {fix} |");
            }
            out.push('\n');
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\n### Notes\n\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {}", cell(note));
        }
    }
    out
}

/// Text safe inside a table cell: pipes escaped, no line breaks, no HTML.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}
