//! The warning an incomplete plan carries at its top: which accounts could not be read
//! and why, and which changes to the others are held back because they depend on one.
//! Text and Markdown share the words; the summary line repeats the counts, so the end of
//! the plan says it too. Errors come from AWS and names from manifests, so both are
//! made safe for the terminal or escaped for Markdown, and lists are bounded.

use std::fmt::Write as _;

use crate::plan::{Plan, UnreadAccount};

use super::markdown_escape::{code_span, inline_escape, shorten};
use super::terminal_text::{WARNING, paint, terminal_safe};

/// The warning's title.
pub(crate) const TITLE: &str = "Incomplete plan";

/// What to do about it (fixed words: safe in text and Markdown alike).
pub(crate) const ADVICE: &str = "Fix access to those accounts and plan again; `iamform apply` \
     changes only the accounts read.";

/// Accounts and held-back changes listed in text before the rest are counted.
const LISTED: usize = 20;

/// Characters of an error in text before it is cut.
const ERROR_CHARS: usize = 500;

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `1 of 3 accounts could not be read, so this plan has no changes for it.`
fn unread_sentence(plan: &Plan) -> String {
    let unread = plan.incomplete.len();
    let total = unread + plan.accounts.len();
    let them = if unread == 1 { "it" } else { "them" };
    format!(
        "{unread} of {total} accounts could not be read, so this plan has no changes for {them}."
    )
}

/// `2 changes to the accounts read are held back: they depend on an unread account.`
fn held_sentence(plan: &Plan) -> Option<String> {
    match plan.held_back.len() {
        0 => None,
        n => Some(format!(
            "{} to the accounts read {} held back: {} on an unread account.",
            plural(n, "change", "changes"),
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it depends" } else { "they depend" },
        )),
    }
}

/// The error without the `account NAME (ID): ` or `account NAME: ` it starts with when
/// it was written to stand alone: the list names the account already.
fn error_of(unread: &UnreadAccount) -> &str {
    let name = &unread.account.name;
    let with_id = format!("account {name} ({}): ", unread.account.id);
    let bare = format!("account {name}: ");
    let error = unread.error.as_str();
    error
        .strip_prefix(with_id.as_str())
        .or_else(|| error.strip_prefix(bare.as_str()))
        .unwrap_or(error)
}

/// The end of the summary line: ` Incomplete: 1 account not read, 2 changes held back.`
pub(crate) fn summary_suffix(plan: &Plan) -> String {
    if !plan.is_incomplete() {
        return String::new();
    }
    let mut out = format!(
        " Incomplete: {} not read",
        plural(plan.incomplete.len(), "account", "accounts")
    );
    if !plan.held_back.is_empty() {
        let _ = write!(
            out,
            ", {} held back",
            plural(plan.held_back.len(), "change", "changes")
        );
    }
    out.push('.');
    out
}

/// The warning as text lines for a terminal, ending in a blank line.
pub(crate) fn write_text(out: &mut String, plan: &Plan, color: bool) {
    if !plan.is_incomplete() {
        return;
    }
    let _ = writeln!(
        out,
        "{} {TITLE}: {}",
        paint("Warning:", WARNING, color),
        unread_sentence(plan)
    );
    for unread in plan.incomplete.iter().take(LISTED) {
        let error = shorten(error_of(unread), ERROR_CHARS);
        let _ = writeln!(
            out,
            "  ! {} ({}): {}",
            terminal_safe(&unread.account.name),
            terminal_safe(&unread.account.id),
            terminal_safe(&error)
        );
    }
    if plan.incomplete.len() > LISTED {
        let _ = writeln!(out, "  and {} more", plan.incomplete.len() - LISTED);
    }
    if let Some(held) = held_sentence(plan) {
        let _ = writeln!(out, "  {held}");
        for change in plan.held_back.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "  - {} ({}: {})",
                terminal_safe(&change.change),
                terminal_safe(&change.unread_account),
                terminal_safe(&change.because)
            );
        }
        if plan.held_back.len() > LISTED {
            let _ = writeln!(out, "  and {} more", plan.held_back.len() - LISTED);
        }
    }
    let _ = writeln!(out, "  {ADVICE}\n");
}

/// An incomplete plan's warning as uncoloured lines with no `Warning:` prefix (each
/// caller writes its own); nothing for a plan of every account. For stderr beside
/// `--format json`.
pub fn incomplete_warning(plan: &Plan) -> Option<String> {
    let mut out = String::new();
    write_text(&mut out, plan, false);
    let text = out.strip_prefix("Warning: ")?;
    Some(text.trim_end().to_string())
}

/// The warning as a Markdown alert; `listed` accounts and held-back changes are named
/// (0: only counted), names and errors cut to `chars`.
pub(crate) fn markdown_alert(plan: &Plan, listed: usize, chars: usize) -> String {
    if !plan.is_incomplete() {
        return String::new();
    }
    let mut out = format!("> [!CAUTION]\n> **{TITLE}**: {}", unread_sentence(plan));
    if let Some(held) = held_sentence(plan) {
        let _ = write!(out, " {held}");
    }
    let _ = writeln!(out, " {ADVICE}");
    if listed > 0 {
        out.push_str(">\n");
        for unread in plan.incomplete.iter().take(listed) {
            let _ = writeln!(
                out,
                "> - {} ({}): {}",
                code_span(&shorten(&unread.account.name, chars)),
                inline_escape(&unread.account.id),
                inline_escape(&shorten(error_of(unread), chars))
            );
        }
        if plan.incomplete.len() > listed {
            let _ = writeln!(out, "> - and {} more", plan.incomplete.len() - listed);
        }
        for change in plan.held_back.iter().take(listed) {
            let _ = writeln!(
                out,
                "> - held back: {} ({}: {})",
                code_span(&shorten(&change.change, chars)),
                code_span(&shorten(&change.unread_account, chars)),
                inline_escape(&shorten(&change.because, chars))
            );
        }
        if plan.held_back.len() > listed {
            let _ = writeln!(
                out,
                "> - and {} more held back",
                plan.held_back.len() - listed
            );
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::AccountKey;
    use crate::plan::HeldBackChange;
    use crate::render::fixture_plans::{empty_plan, full_plan};
    use crate::render::{MarkdownOptions, TextOptions, markdown_with, text};

    /// `plan` with one more account, `identity`, that could not be read, and a change
    /// held back because of it.
    pub(crate) fn incomplete(mut plan: Plan) -> Plan {
        plan.incomplete = vec![UnreadAccount {
            account: AccountKey {
                name: "identity".into(),
                id: "222222222222".into(),
                partition: Default::default(),
            },
            error: "account identity (222222222222): access denied: not authorized to perform: \
                    sts:AssumeRole\u{1b}[2J"
                .into(),
        }];
        plan.held_back = vec![HeldBackChange {
            change: "[prod] create role admin".into(),
            unread_account: "identity".into(),
            because: "its trust names arn:aws:iam::222222222222:role/ci".into(),
        }];
        plan
    }

    #[test]
    fn text_opens_with_the_unread_accounts_and_what_is_held_back() {
        let out = text(&incomplete(full_plan()), &TextOptions::default());
        insta::assert_snapshot!(out.split("\n\n").next().unwrap(), @r"
        Warning: Incomplete plan: 1 of 3 accounts could not be read, so this plan has no changes for it.
          ! identity (222222222222): access denied: not authorized to perform: sts:AssumeRole\u{1b}[2J
          1 change to the accounts read is held back: it depends on an unread account.
          - [prod] create role admin (identity: its trust names arn:aws:iam::222222222222:role/ci)
          Fix access to those accounts and plan again; `iamform apply` changes only the accounts read.
        ");
        assert!(
            out.ends_with("(29 operations). Incomplete: 1 account not read, 1 change held back.\n"),
            "{out}"
        );
        assert!(!text(&full_plan(), &TextOptions::default()).contains(TITLE));
    }

    #[test]
    fn the_plain_warning_is_for_incomplete_plans_only() {
        assert_eq!(incomplete_warning(&full_plan()), None);
        let plain = incomplete_warning(&incomplete(full_plan())).unwrap();
        assert!(
            plain.starts_with("Incomplete plan: 1 of 3 accounts"),
            "{plain}"
        );
        assert!(
            plain.ends_with("changes only the accounts read."),
            "{plain}"
        );
    }

    #[test]
    fn an_empty_incomplete_plan_does_not_say_the_accounts_match() {
        let out = text(&incomplete(empty_plan()), &TextOptions::default());
        assert!(
            out.ends_with(
                "No changes to the accounts read. Incomplete: 1 account not read, 1 change \
                 held back.\n"
            ),
            "{out}"
        );
        assert!(!out.contains("Your accounts match"), "{out}");
    }

    #[test]
    fn markdown_puts_the_alert_first_at_every_budget() {
        let plan = incomplete(full_plan());
        let md = markdown_with(&plan, &MarkdownOptions::default());
        insta::assert_snapshot!(md.split("\n\n").take(2).collect::<Vec<_>>().join("\n\n"), @r"
        ## iamform plan

        > [!CAUTION]
        > **Incomplete plan**: 1 of 3 accounts could not be read, so this plan has no changes for it. 1 change to the accounts read is held back: it depends on an unread account. Fix access to those accounts and plan again; `iamform apply` changes only the accounts read.
        >
        > - `identity` (222222222222): access denied: not authorized to perform: sts:AssumeRole\\u{1b}\[2J
        > - held back: `[prod] create role admin` (`identity`: its trust names arn:aws:iam::222222222222:role/ci)
        ");
        let small = markdown_with(&plan, &MarkdownOptions { max_chars: 2_000 });
        assert!(small.contains("**Incomplete plan**"), "{small}");
        assert!(
            small.contains("Incomplete: 1 account not read, 1 change held back."),
            "{small}"
        );
    }

    #[test]
    fn five_hundred_unread_accounts_stay_within_the_comment_budget() {
        let mut plan = incomplete(full_plan());
        let long = "x".repeat(2_000);
        plan.incomplete = (0..500)
            .map(|i| UnreadAccount {
                account: AccountKey {
                    name: format!("workload-{i:03}"),
                    id: format!("{:012}", 100_000_000_000u64 + i),
                    partition: Default::default(),
                },
                error: format!("access denied: {long}"),
            })
            .collect();
        plan.held_back = (0..500)
            .map(|i| HeldBackChange {
                change: format!("[identity] add inline policy iamform-link-workload-{i:03}-admin to group admins"),
                unread_account: format!("workload-{i:03}"),
                because: "it is half of link admins, whose other end is there".into(),
            })
            .collect();
        let md = markdown_with(&plan, &MarkdownOptions::default());
        assert!(
            crate::render::markdown_budget::chars(&md) <= crate::render::GITHUB_COMMENT_LIMIT,
            "{} chars",
            md.len()
        );
        assert!(md.contains("500 of 502 accounts could not be read"), "{md}");
        assert!(md.contains("Incomplete: 500 accounts not read, 500 changes held back."));
        let text = text(&plan, &TextOptions::default());
        assert!(text.contains("  and 480 more\n"), "{text}");
        assert!(!text.contains(&"x".repeat(ERROR_CHARS + 1)));
    }

    #[test]
    fn an_incomplete_plan_reads_back_from_json() {
        let plan = incomplete(full_plan());
        let json = crate::render::json(&plan);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["incomplete"][0]["account"]["name"], "identity");
        assert_eq!(value["held_back"][0]["unread_account"], "identity");
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plan);
        // A plan of every account has neither key.
        let whole: serde_json::Value =
            serde_json::from_str(&crate::render::json(&full_plan())).unwrap();
        assert!(whole.get("incomplete").is_none() && whole.get("held_back").is_none());
    }
}
