//! Snapshot and escaping tests of the Markdown renderer.

use super::*;
use crate::diff::Action;
use crate::model::{EntityKind, PolicyDocument};
use crate::render::fixture_plans::{PlanBuilder, allow, empty_plan, full_plan, hostile_plan, prod};
use crate::render::markdown_entities::ENTITY_LINE_LIMIT;
use crate::render::marker::Marker;
use crate::render::random_plans::{Rng, random_plan};
use serde_json::json;

fn assert_balanced(md: &str) {
    let html = outside_code(md);
    assert_eq!(
        html.matches("<details>").count(),
        html.matches("</details>").count()
    );
}

/// The Markdown outside fenced blocks and code spans, where GitHub would read HTML.
fn outside_code(md: &str) -> String {
    let mut out = String::new();
    let mut fence: Option<String> = None;
    for line in md.lines() {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &fence {
            Some(open) if ticks == *open && line == open.as_str() => fence = None,
            Some(_) => {}
            None if ticks.len() >= 3 => fence = Some(ticks),
            None => {
                // Drop code spans: text between matching backtick runs.
                let parts: Vec<&str> = line.split('`').collect();
                out.extend(parts.iter().step_by(2).copied());
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn hostile_input_stays_text() {
    let md = markdown(&hostile_plan());
    let html = outside_code(&md);
    for tag in ["<script", "<img", "<b>", "</details><"] {
        assert!(!html.contains(tag), "{tag} outside code in:\n{md}");
    }
    assert!(md.contains("<code>+ user &lt;script&gt;alert(1)&lt;/script&gt;|*x*</code>"));
    // The document's own backticks force a longer fence, which only closes once.
    assert_eq!(md.lines().filter(|l| *l == "````").count(), 1);
    assert!(md.contains("````diff\n"));
    assert_balanced(&md);
    insta::assert_snapshot!(md);
}

#[test]
fn table_rows_have_exactly_five_cells() {
    let md = markdown(&hostile_plan());
    let row = md
        .lines()
        .find(|l| l.contains("111111111111") && l.starts_with('|'))
        .expect("the account row");
    let unescaped_pipes = row
        .char_indices()
        .filter(|(i, c)| *c == '|' && (*i == 0 || !row[..*i].ends_with('\\')))
        .count();
    assert_eq!(unescaped_pipes, 6, "{row}");
}

/// Many users, each with a large inline policy.
fn huge_plan(users: usize, statements: usize) -> Plan {
    let mut b = PlanBuilder::new(&[prod()]);
    let actions: Vec<String> = (0..statements)
        .map(|i| format!("s3:Action{i:04}"))
        .collect();
    let actions: Vec<&str> = actions.iter().map(String::as_str).collect();
    for i in 0..users {
        b.change(
            &prod(),
            EntityKind::User,
            &format!("user{i:04}"),
            Action::PutInlinePolicy {
                policy_name: "big".into(),
                before: None,
                after: allow(&actions, "*"),
            },
            &[],
        );
    }
    b.build()
}

fn with_max(plan: &Plan, max_chars: usize) -> String {
    markdown_with(plan, &MarkdownOptions { max_chars })
}

#[test]
fn long_plans_fit_in_a_github_comment() {
    let md = markdown(&huge_plan(600, 40));
    assert!(
        chars(&md) <= GITHUB_COMMENT_LIMIT,
        "{} characters",
        chars(&md)
    );
    assert!(
        md.contains("> [!NOTE]\n> **Not shown, to keep this comment within 65,536 characters:** ")
    );
    // Every shown entity keeps its summary line before any diff is added.
    let shown = md.matches("<details><summary><code>~ user").count();
    assert!(md.contains(&format!("{} of 600 changed entities", 600 - shown)));
    assert_eq!(md.matches("_Diff left out").count(), shown);
    assert!(md.contains("<code>~ user user0000</code>"));
    assert_balanced(&md);
}

#[test]
fn entities_get_whole_diffs_before_any_diff_is_cut() {
    // 30 small diffs and one huge one, in the middle, under a tight budget.
    let mut plan = huge_plan(30, 2);
    let big = huge_plan(1, 190);
    let mut change = big.changes[0].clone();
    change.change.target.name = "user0015b".into();
    change.id = plan.changes.len();
    plan.changes.push(change);
    plan.summary = crate::plan::summarize(&plan.changes);
    // Room for the 30 small diffs and part of the big one.
    let max = chars(&markdown(&huge_plan(30, 2))) + 3_000;
    let md = with_max(&plan, max);
    assert!(chars(&md) <= max);
    assert_eq!(md.matches("_Diff left out").count(), 0, "{md}");
    assert_eq!(md.matches("```diff\n").count(), 31);
    assert!(
        md.contains(" more lines not shown; run `iamform plan --format text` for the full diff._")
    );
    assert!(!md.contains("[!NOTE]"), "a shortened diff counts itself");
    assert_fences_closed(&md);
}

#[test]
fn one_huge_document_is_cut_with_a_note() {
    let md = markdown(&huge_plan(1, 400));
    assert!(
        md.contains("more lines not shown; run `iamform plan --format text` for the full diff.")
    );
    assert!(!md.contains("Not shown"));
    let block_lines = md
        .lines()
        .filter(|l| l.starts_with('+') || l.starts_with('~'))
        .count();
    assert_eq!(block_lines, ENTITY_LINE_LIMIT);
}

#[test]
fn an_oversized_block_is_shortened_with_a_closed_fence() {
    let md = with_max(&huge_plan(1, 400), MIN_MARKDOWN_CHARS);
    assert!(chars(&md) <= MIN_MARKDOWN_CHARS, "{}", chars(&md));
    assert!(md.contains("```diff\n~ user user0000\n"));
    assert!(md.contains(" more lines not shown"));
    assert_fences_closed(&md);
    assert_balanced(&md);
}

#[test]
fn a_plan_that_fits_claims_no_cut() {
    for plan in [full_plan(), hostile_plan(), empty_plan(), huge_plan(20, 5)] {
        let md = markdown(&plan);
        assert!(
            !md.contains("Not shown") && !md.contains("left out"),
            "{md}"
        );
        assert_eq!(md, with_max(&plan, usize::MAX));
    }
}

#[test]
fn summary_and_counts_match_text() {
    let md = markdown(&full_plan());
    // The text snapshot of this plan lists: prod adds deploy, alice, role web, instance
    // profile web and (replaced) api; changes boundary, bob, ci, batch and the settings;
    // destroys old and api. dev adds devs, changes carol and the settings, destroys temp.
    assert!(md.contains("**Plan: 6 to add, 7 to change, 3 to destroy (29 operations).**"));
    assert!(md.contains("| `prod` (111111111111) | 5 | 5 | 2 | 24 |"));
    assert!(md.contains("| `dev` (222222222222) | 1 | 2 | 1 | 5 |"));
    assert_balanced(&md);
}

#[test]
fn destroyed_and_replaced_entities_are_named_at_the_top() {
    let md = markdown(&full_plan());
    let caution = "> [!CAUTION]\n> **Destroys 2 entities:** prod: group old, dev: role temp\n>\n\
                   > **Replaces (deletes, then creates again) 1 entity:** prod: role api \
                   \\(path changes from /a/ to /b/\\)\n\n";
    assert!(md.contains(caution), "{md}");
    assert!(md.find(caution) < md.find("**Plan:"));
}

#[test]
fn symbol_of_each_entity_class_leads_its_summary() {
    let md = markdown(&full_plan());
    for summary in [
        "<code>+ user alice</code> will be created",
        "<code>- group old</code> will be destroyed",
        "<code>~ role ci</code> 6 changes",
        "<code>-/+ role api</code> must be replaced: path changes from /a/ to /b/",
    ] {
        assert!(md.contains(summary), "missing {summary}");
    }
    let doc = PolicyDocument(json!({}));
    assert!(matches!(
        Action::DeleteInlinePolicy {
            policy_name: "x".into(),
            before: doc
        }
        .class(),
        crate::diff::ChangeClass::Destroy
    ));
}

/// Every fence that opens closes, outside and inside `<details>` blocks.
fn assert_fences_closed(md: &str) {
    let mut open: Option<String> = None;
    for line in md.lines() {
        let ticks: String = line.chars().take_while(|c| *c == '`').collect();
        match &open {
            Some(fence) if line == fence.as_str() => open = None,
            Some(_) => {}
            None if ticks.len() >= 3 => open = Some(ticks),
            None => {}
        }
    }
    assert!(open.is_none(), "unclosed fence in:\n{md}");
}

/// The lines starting with `item` in the section under `heading`, up to the next one.
fn items_under(md: &str, heading: &str, item: &str) -> usize {
    let Some(start) = md.find(heading) else {
        return 0;
    };
    let rest = &md[start + heading.len()..];
    let end = ["\n### ", "\n<details><summary>Not managed"]
        .iter()
        .filter_map(|h| rest.find(h))
        .min()
        .unwrap_or(rest.len());
    rest[..end].lines().filter(|l| l.starts_with(item)).count()
}

/// Checks one rendering against the promises of the budget: within `max`, the head
/// whole, markup closed, and a note that counts exactly what is missing.
fn check_budget(plan: &Plan, md: &str, max: usize, case: &str) {
    let len = chars(md);
    assert!(len <= max, "{case}: {len} characters over {max}");
    let summary = format!("**{}**\n", crate::render::summary_line::summary_line(plan));
    assert!(md.contains(&summary), "{case}: no summary line");
    if !plan.warnings.is_empty() {
        assert!(md.contains("> [!WARNING]\n> - "), "{case}: no warnings");
    }
    if plan.broadens_access {
        assert!(md.contains("> [!CAUTION]\n> **Broadens access"), "{case}");
    }
    if plan.targeting.is_some() {
        let alert = "## iamform plan\n\n> [!WARNING]\n> **Resource targeting is in effect**";
        assert!(md.starts_with(alert), "{case}: no targeting alert");
    }
    let views = account_views(plan);
    let entities: Vec<_> = views.iter().flat_map(|v| &v.entities).collect();
    if entities.iter().any(|e| e.marker == Marker::Destroy) {
        assert!(md.contains("> **Destroys "), "{case}: destroys not named");
    }
    assert_fences_closed(md);
    assert_balanced(md);

    // Each cut is counted in the note, and the note appears only with a cut.
    let mut cut = false;
    let mut expect = |missing: bool, clause: String| {
        assert_eq!(missing, md.contains(&clause), "{case}: {clause}");
        cut |= missing;
    };
    let total = entities.len();
    let shown = md
        .lines()
        .filter(|l| l.starts_with("<details><summary><code>"))
        .count();
    expect(
        shown < total,
        format!("{} of {total} changed entities", total - shown),
    );
    let bare = md.matches("_Diff left out").count();
    expect(
        bare > 0,
        format!("the diffs of {bare} entities listed below"),
    );
    let entries = crate::render::access_section::access_blocks(plan).len();
    let listed = items_under(md, "### Effective access\n\n", "- `");
    expect(
        listed < entries,
        format!("{} of {entries} effective-access entries", entries - listed),
    );
    let groups = findings_section::markdown_section(plan).pieces.len();
    let listed = items_under(md, "### Policy findings\n\n", "- **");
    expect(
        listed < groups,
        format!(
            "the policy findings on {} of {groups} entities",
            groups - listed
        ),
    );
    if plan.findings.is_empty() && plan.findings_on_unchanged > 0 {
        expect(
            !md.contains("### Policy findings"),
            "the count of policy findings on unchanged entities".to_string(),
        );
    }
    if !plan.ignored.is_empty() {
        expect(
            !md.contains("<details><summary>Not managed by iamform ("),
            format!(
                "the list of {} entities not managed by iamform",
                plan.ignored.len()
            ),
        );
    }
    assert_eq!(md.contains("> [!NOTE]\n> **Not shown"), cut, "{case}");
}

#[test]
fn any_plan_fits_any_budget_with_its_head_and_an_exact_note() {
    let mut plans = vec![
        ("full".to_string(), full_plan()),
        ("hostile".to_string(), hostile_plan()),
        ("empty".to_string(), empty_plan()),
        ("huge".to_string(), huge_plan(3_000, 3)),
    ];
    for seed in 0..30 {
        plans.push((format!("seed {seed}"), random_plan(&mut Rng::new(seed))));
    }
    let mut budgets = Rng::new(7);
    for (name, plan) in &plans {
        for max in [
            GITHUB_COMMENT_LIMIT,
            MIN_MARKDOWN_CHARS,
            MIN_MARKDOWN_CHARS + budgets.below(70_000),
        ] {
            let md = with_max(plan, max);
            check_budget(plan, &md, max, &format!("{name}, budget {max}"));
        }
    }
}

#[test]
fn budgets_are_written_with_thousands_separators() {
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(2_000), "2,000");
    assert_eq!(thousands(65_536), "65,536");
    assert_eq!(thousands(1_234_567), "1,234,567");
}
