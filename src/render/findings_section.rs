//! The plan's policy-findings section: lint findings (risky statements, trust without
//! conditions, users without MFA, …) on the entities the plan creates or changes, grouped
//! by entity, and one line counting the findings on entities it leaves alone.

use std::fmt::Write as _;

use crate::plan::{Plan, PlanFinding};

use super::markdown_budget::CutSection;
use super::markdown_escape::{code_span, inline_escape, shorten};
use super::terminal_text::{BOLD, WARNING, paint, terminal_safe};

/// Findings listed before the rest are only counted.
const FINDINGS_LISTED: usize = 30;
/// Characters of a message or hint kept in Markdown (a comment has a size limit).
const MARKDOWN_CHARS: usize = 400;
/// Entities named in the Markdown marker before the rest are only counted.
const MARKER_ENTITIES: usize = 5;

/// The findings on one entity, in plan order.
struct FindingBlock<'a> {
    /// `prod: role deployer`.
    heading: String,
    /// The entity's findings.
    findings: Vec<&'a PlanFinding>,
}

/// The listed findings grouped by entity (the plan sorts them by account and entity).
fn finding_blocks(plan: &Plan) -> Vec<FindingBlock<'_>> {
    let mut blocks: Vec<FindingBlock<'_>> = Vec::new();
    for finding in plan.findings.iter().take(FINDINGS_LISTED) {
        let heading = entity_heading(finding);
        match blocks.last_mut() {
            Some(last) if last.heading == heading => last.findings.push(finding),
            _ => blocks.push(FindingBlock {
                heading,
                findings: vec![finding],
            }),
        }
    }
    blocks
}

fn entity_heading(finding: &PlanFinding) -> String {
    format!("{}: {}", finding.account, finding.entity)
}

/// `… and N more findings`, when the plan has more than are listed.
fn not_listed_line(plan: &Plan) -> Option<String> {
    let more = plan.findings.len().saturating_sub(FINDINGS_LISTED);
    (more > 0).then(|| format!("… and {more} more findings (see the JSON plan)"))
}

/// The count of findings on unchanged entities, pointing at `validate`. Only numbers and
/// fixed words, so both renderers may print it as is.
fn unchanged_line(plan: &Plan) -> Option<String> {
    let n = plan.findings_on_unchanged;
    if n == 0 {
        return None;
    }
    let more = if plan.findings.is_empty() {
        ""
    } else {
        " more"
    };
    let noun = if n == 1 { "finding" } else { "findings" };
    Some(format!(
        "{n}{more} {noun} on entities this plan does not change; run `iamform validate`."
    ))
}

/// The one-line headline used at the top of the Markdown when the plan has findings.
pub(crate) fn findings_marker(plan: &Plan) -> Option<String> {
    if plan.findings.is_empty() {
        return None;
    }
    let mut entities: Vec<(String, Vec<&str>)> = Vec::new();
    for finding in &plan.findings {
        let heading = entity_heading(finding);
        match entities.last_mut() {
            Some((last, codes)) if *last == heading => {
                if !codes.contains(&finding.code.as_str()) {
                    codes.push(&finding.code);
                }
            }
            _ => entities.push((heading, vec![&finding.code])),
        }
    }
    let named: Vec<String> = entities
        .iter()
        .take(MARKER_ENTITIES)
        .map(|(heading, codes)| format!("{heading} ({})", codes.join(", ")))
        .collect();
    let more = entities.len().saturating_sub(named.len());
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    let noun = if plan.findings.len() == 1 {
        "finding"
    } else {
        "findings"
    };
    Some(format!(
        "{} policy {noun} on changed entities: {}{tail}",
        plan.findings.len(),
        named.join(", ")
    ))
}

/// The section for a terminal; nothing when the plan has no findings at all.
pub(crate) fn write_text(out: &mut String, plan: &Plan, color: bool) {
    if plan.findings.is_empty() {
        if let Some(line) = unchanged_line(plan) {
            let _ = writeln!(out, "{line}\n");
        }
        return;
    }
    let _ = writeln!(
        out,
        "{}",
        paint("Policy findings on changed entities:", BOLD, color)
    );
    for block in finding_blocks(plan) {
        let _ = writeln!(out, "  {}", terminal_safe(&block.heading));
        for f in block.findings {
            let _ = writeln!(
                out,
                "    {} {}",
                paint(
                    &format!("{}[{}]:", f.severity.word(), terminal_safe(&f.code)),
                    WARNING,
                    color
                ),
                terminal_safe(&f.message)
            );
            if let Some(location) = &f.location {
                let _ = writeln!(out, "      at {}", terminal_safe(location));
            }
            if let Some(hint) = &f.hint {
                let _ = writeln!(out, "      help: {}", terminal_safe(hint));
            }
        }
    }
    for line in not_listed_line(plan)
        .into_iter()
        .chain(unchanged_line(plan))
    {
        let _ = writeln!(out, "  {line}");
    }
    out.push('\n');
}

/// The "Policy findings" section for a pull-request comment, one piece per entity;
/// empty when the plan has no findings at all.
pub(crate) fn markdown_section(plan: &Plan) -> CutSection {
    if plan.findings.is_empty() && plan.findings_on_unchanged == 0 {
        return CutSection::default();
    }
    let pieces = finding_blocks(plan)
        .into_iter()
        .map(|block| {
            let mut piece = format!("- **{}**\n", inline_escape(&block.heading));
            for f in block.findings {
                let at = f
                    .location
                    .as_deref()
                    .map(|l| format!(" at {}", code_span(l)))
                    .unwrap_or_default();
                let _ = writeln!(
                    piece,
                    "  - **{}** {}{at}: {}",
                    inline_escape(&f.code),
                    f.severity.word(),
                    inline_escape(&shorten(&f.message, MARKDOWN_CHARS))
                );
                if let Some(hint) = &f.hint {
                    let _ = writeln!(
                        piece,
                        "    - Hint: {}",
                        inline_escape(&shorten(hint, MARKDOWN_CHARS))
                    );
                }
            }
            piece
        })
        .collect();
    let mut footer = String::new();
    if let Some(line) = not_listed_line(plan) {
        let _ = writeln!(footer, "- {line}");
    }
    if !plan.findings.is_empty() {
        footer.push('\n');
    }
    if let Some(line) = unchanged_line(plan) {
        let _ = writeln!(footer, "_{line}_\n");
    }
    CutSection {
        heading: "### Policy findings\n\n".into(),
        pieces,
        footer,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::diff::Action;
    use crate::model::{EntityKind, EntityRef};
    use crate::render::fixture_plans::{PlanBuilder, prod};
    use crate::render::{TextOptions, json, markdown, text};

    fn finding(kind: EntityKind, name: &str, code: &str, message: &str, line: u32) -> PlanFinding {
        PlanFinding {
            account: "prod".into(),
            entity: EntityRef::new(kind, name),
            code: code.into(),
            severity: Severity::Warning,
            message: message.into(),
            location: Some(format!("roles.yaml:{line}:9")),
            hint: Some("name the roles it may pass in Resource".into()),
        }
    }

    /// A plan that changes role deployer and user ci, with findings on both.
    fn plan_with_findings() -> Plan {
        let mut b = PlanBuilder::new(&[prod()]);
        let policy = |name: &str| Action::AttachPolicy {
            policy_arn: format!("arn:aws:iam::111111111111:policy/{name}"),
        };
        b.change(&prod(), EntityKind::Role, "deployer", policy("deploy"), &[]);
        b.change(&prod(), EntityKind::User, "ci", policy("ci"), &[]);
        let mut plan = b.build();
        plan.findings = vec![
            finding(
                EntityKind::Role,
                "deployer",
                "IAM101",
                "role deployer, inline policy deploy: Statement[0]: iam:PassRole on every role",
                12,
            ),
            PlanFinding {
                hint: Some(
                    "grant iam:CreatePolicyVersion only on policies it may not attach to itself"
                        .into(),
                ),
                ..finding(
                    EntityKind::Role,
                    "deployer",
                    "IAM102",
                    "role deployer, inline policy deploy: Statement[1]: iam:CreatePolicyVersion lets it raise its own privileges",
                    20,
                )
            },
            PlanFinding {
                location: None,
                hint: None,
                ..finding(
                    EntityKind::User,
                    "ci",
                    "IAM120",
                    "user ci can call s3:GetObject on * without MFA",
                    1,
                )
            },
        ];
        plan.findings_on_unchanged = 2;
        plan
    }

    #[test]
    fn text_lists_findings_by_entity() {
        insta::assert_snapshot!(text(&plan_with_findings(), &TextOptions { color: false }));
    }

    #[test]
    fn markdown_marks_findings_at_the_top() {
        let md = markdown(&plan_with_findings());
        assert!(md.starts_with(
            "## iamform plan\n\n> [!WARNING]\n> **3 policy findings on changed entities"
        ));
        insta::assert_snapshot!(md);
    }

    #[test]
    fn json_carries_findings_and_the_unchanged_count() {
        let plan = plan_with_findings();
        let out = json(&plan);
        let back: Plan = serde_json::from_str(&out).expect("plan JSON parses");
        assert_eq!(back, plan);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn only_unchanged_findings_are_one_line() {
        let mut plan = plan_with_findings();
        plan.findings.clear();
        plan.findings_on_unchanged = 1;
        let out = text(&plan, &TextOptions { color: false });
        assert!(out.contains(
            "\n1 finding on entities this plan does not change; run `iamform validate`.\n"
        ));
        assert!(!out.contains("Policy findings"));
        let md = markdown(&plan);
        assert!(!md.contains("[!WARNING]"), "{md}");
        assert!(md.contains(
            "### Policy findings\n\n_1 finding on entities this plan does not change; run `iamform validate`._\n"
        ));
    }

    #[test]
    fn no_findings_means_no_section() {
        let mut plan = plan_with_findings();
        plan.findings.clear();
        plan.findings_on_unchanged = 0;
        assert!(!text(&plan, &TextOptions { color: false }).contains("finding"));
        assert!(!markdown(&plan).contains("finding"));
        assert!(!json(&plan).contains("finding"));
    }

    #[test]
    fn hostile_findings_stay_text() {
        let mut plan = plan_with_findings();
        plan.findings[0].message = "<img src=x> | *x* `tick` \u{1b}[2J".into();
        plan.findings[0].location = Some("a`b.yaml:1:1".into());
        plan.findings[0].entity.name = "<b>evil</b>".into();
        let md = markdown(&plan);
        assert!(md.contains("&lt;img src=x&gt; \\| \\*x\\* \\`tick\\` \\\\u{1b}\\[2J"));
        assert!(md.contains("``a`b.yaml:1:1``"));
        assert!(md.contains("**prod: role &lt;b&gt;evil&lt;/b&gt;**"));
        assert!(!md.contains("<b>"));
        let out = text(&plan, &TextOptions { color: true });
        assert!(!out.contains("\u{1b}[2J"));
    }

    #[test]
    fn long_lists_are_counted_not_listed() {
        let mut plan = plan_with_findings();
        let template = plan.findings[0].clone();
        plan.findings = (0..FINDINGS_LISTED + 4)
            .map(|i| PlanFinding {
                entity: EntityRef::new(EntityKind::Role, format!("r{i:02}")),
                ..template.clone()
            })
            .collect();
        let out = text(&plan, &TextOptions { color: false });
        assert!(out.contains("  … and 4 more findings (see the JSON plan)\n"));
        assert!(out.contains("prod: role r29\n") && !out.contains("r30"));
        let md = markdown(&plan);
        assert!(
            md.contains(
                "> **34 policy findings on changed entities: prod: role r00 \\(IAM101\\), "
            )
        );
        assert!(md.contains("prod: role r04 \\(IAM101\\) and 29 more**"));
    }
}
