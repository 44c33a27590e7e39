//! The head of the Markdown plan, which is never dropped: the title, alerts (targeting
//! in effect, accounts not read, broadened access, destroyed and replaced entities, policy findings), the
//! summary line, the per-account table, the links and the plan's warnings.
//!
//! The head is written at one of three levels of detail so that it fits any budget the
//! renderer accepts; the last level holds only fixed words and numbers.

use std::fmt::Write as _;

use crate::plan::Plan;

use super::access_section::{broadening_note, narrowing_note};
use super::expiry_section;
use super::findings_section::findings_marker;
use super::incomplete_note;
use super::link_view::LinkView;
use super::markdown_budget::chars;
use super::markdown_escape::{code_span, inline_escape, shorten};
use super::marker::Marker;
use super::plan_view::AccountView;
use super::summary_line::summary_line;
use super::targeting_note::markdown_alert;

/// How much of each head part is written; `None` in [`LEVELS`] means counts only.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadDetail {
    /// Length of an alert line (broadening, findings) before it is cut with `…`.
    alert_chars: usize,
    /// Destroyed or replaced entities named before the rest are counted.
    names: usize,
    /// Accounts given a table row.
    accounts: usize,
    /// Links listed, and changes listed per link.
    links: usize,
    /// Warnings listed, and the length each is cut to.
    warnings: usize,
    warning_chars: usize,
}

/// The levels of detail tried in order, from the fullest.
pub(crate) const LEVELS: [Option<HeadDetail>; 3] = [
    Some(HeadDetail {
        alert_chars: 1_000,
        names: 10,
        accounts: 50,
        links: 20,
        warnings: 20,
        warning_chars: 500,
    }),
    Some(HeadDetail {
        alert_chars: 200,
        names: 3,
        accounts: 5,
        links: 3,
        warnings: 5,
        warning_chars: 150,
    }),
    None,
];

/// Characters of an account or entity name in the head.
const NAME_CHARS: usize = 100;

/// The head in two parts: before the note on what was left out, and after it.
pub(crate) struct Head {
    /// Title, alerts and summary line.
    pub(crate) top: String,
    /// Table, links and warnings.
    pub(crate) rest: String,
}

impl Head {
    /// The head of `plan` at `detail`.
    pub(crate) fn new(
        plan: &Plan,
        views: &[AccountView<'_>],
        links: &[LinkView],
        detail: Option<HeadDetail>,
    ) -> Head {
        let mut top = String::from("## iamform plan\n\n");
        if let Some(targeting) = &plan.targeting {
            let listed = detail.map_or(0, |d| d.names);
            top.push_str(&markdown_alert(targeting, listed, NAME_CHARS));
        }
        top.push_str(&incomplete_note::markdown_alert(
            plan,
            detail.map_or(0, |d| d.names),
            detail.map_or(0, |d| d.alert_chars),
        ));
        let broadening = match detail {
            Some(d) => broadening_note(plan).map(|n| shorten(&n, d.alert_chars)),
            None => match plan.access.iter().filter(|c| c.broadens).count() {
                0 => None,
                n => Some(format!("Broadens access of {n} {}", plural(n, "principal"))),
            },
        };
        if let Some(note) = broadening {
            let _ = writeln!(top, "> [!CAUTION]\n> **{}**\n", inline_escape(&note));
        }
        let narrowing = match detail {
            Some(d) => narrowing_note(plan).map(|n| shorten(&n, d.alert_chars)),
            None => match plan.access.iter().filter(|c| c.narrows).count() {
                0 => None,
                n => Some(format!("Narrows access of {n} {}", plural(n, "principal"))),
            },
        };
        if let Some(note) = narrowing {
            let _ = writeln!(top, "> [!NOTE]\n> **{}**\n", inline_escape(&note));
        }
        write_destructive(&mut top, views, detail);
        let findings = match detail {
            Some(d) => findings_marker(plan).map(|n| shorten(&n, d.alert_chars)),
            None => match plan.findings.len() {
                0 => None,
                n => Some(format!(
                    "{n} policy {} on changed entities",
                    plural(n, "finding")
                )),
            },
        };
        if let Some(note) = findings {
            let _ = writeln!(top, "> [!WARNING]\n> **{}**\n", inline_escape(&note));
        }
        let _ = writeln!(top, "**{}**\n", summary_line(plan));
        if let Some(data) = &plan.aws_data {
            let _ = writeln!(
                top,
                "<sub>AWS data: {}</sub>\n",
                inline_escape(&data.to_string())
            );
        }

        let mut rest = String::new();
        if !plan.is_empty() {
            write_table(&mut rest, views, detail);
            write_links(&mut rest, links, detail);
        }
        // The notices are bounded like warnings: never dropped, at most so many listed.
        expiry_section::write_markdown(&mut rest, plan, detail.map_or(0, |d| d.warnings));
        write_warnings(&mut rest, &plan.warnings, detail);
        Head { top, rest }
    }

    /// Its length in characters.
    pub(crate) fn chars(&self) -> usize {
        chars(&self.top) + chars(&self.rest)
    }
}

fn plural(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => noun.to_string(),
        (_, Some(stem)) => format!("{stem}ies"),
        (_, None) => format!("{noun}s"),
    }
}

/// An alert naming what the plan deletes and what it deletes and creates again.
fn write_destructive(out: &mut String, views: &[AccountView<'_>], detail: Option<HeadDetail>) {
    let named = |marker: Marker| -> Vec<String> {
        views
            .iter()
            .flat_map(|v| v.entities.iter().map(move |e| (v, e)))
            .filter(|(_, e)| e.marker == marker)
            .map(|(v, e)| {
                let name = match e.accounts_phrase() {
                    Some(phrase) => format!("{} {phrase}", e.name()),
                    None => format!("{}: {}", v.account.name, e.name()),
                };
                let name = shorten(&name, NAME_CHARS);
                match e.reason.as_deref() {
                    Some(reason) => format!("{name} ({})", shorten(reason, NAME_CHARS)),
                    None => name,
                }
            })
            .collect()
    };
    let mut lines = Vec::new();
    for (marker, verb) in [
        (Marker::Destroy, "Destroys"),
        (Marker::Replace, "Replaces (deletes, then creates again)"),
    ] {
        let names = named(marker);
        if names.is_empty() {
            continue;
        }
        let head = format!("{verb} {} {}", names.len(), plural(names.len(), "entity"));
        let shown = detail.map_or(0, |d| d.names).min(names.len());
        let line = if shown == 0 {
            format!("**{head}.**")
        } else {
            let more = match names.len() - shown {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "**{head}:** {}{}",
                inline_escape(&names[..shown].join(", ")),
                more
            )
        };
        lines.push(format!("> {line}"));
    }
    if !lines.is_empty() {
        let _ = writeln!(out, "> [!CAUTION]\n{}\n", lines.join("\n>\n"));
    }
}

fn write_table(out: &mut String, views: &[AccountView<'_>], detail: Option<HeadDetail>) {
    let Some(detail) = detail else {
        return;
    };
    out.push_str(
        "| Account | Add | Change | Destroy | Operations |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
    );
    for view in views.iter().take(detail.accounts) {
        let c = view.counts;
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} |",
            code_span(&shorten(&view.account.name, NAME_CHARS)),
            inline_escape(&shorten(&view.account.id, NAME_CHARS)),
            c.add,
            c.change,
            c.destroy,
            c.operations
        );
    }
    if views.len() > detail.accounts {
        let _ = writeln!(
            out,
            "| and {} more accounts | | | | |",
            views.len() - detail.accounts
        );
    }
    out.push('\n');
}

fn write_links(out: &mut String, links: &[LinkView], detail: Option<HeadDetail>) {
    if links.is_empty() {
        return;
    }
    let Some(detail) = detail else {
        let _ = writeln!(
            out,
            "**Links**: {} {} with changes; run `iamform plan --format text` to list them.\n",
            links.len(),
            plural(links.len(), "link")
        );
        return;
    };
    out.push_str("**Links**\n\n");
    for link in links.iter().take(detail.links) {
        let _ = writeln!(
            out,
            "- {}",
            inline_escape(&shorten(&link.headline, detail.alert_chars))
        );
        for (half, line) in link.lines.iter().take(detail.links) {
            let _ = writeln!(
                out,
                "  - {half}: {}",
                inline_escape(&shorten(line, detail.alert_chars))
            );
        }
        if link.lines.len() > detail.links {
            let _ = writeln!(
                out,
                "  - and {} more changes",
                link.lines.len() - detail.links
            );
        }
    }
    if links.len() > detail.links {
        let _ = writeln!(out, "- and {} more links", links.len() - detail.links);
    }
    out.push('\n');
}

fn write_warnings(out: &mut String, warnings: &[String], detail: Option<HeadDetail>) {
    if warnings.is_empty() {
        return;
    }
    out.push_str("> [!WARNING]\n");
    let listed = detail.map_or(0, |d| d.warnings).min(warnings.len());
    for warning in &warnings[..listed] {
        let text = shorten(warning, detail.map_or(0, |d| d.warning_chars));
        let _ = writeln!(out, "> - {}", inline_escape(&text));
    }
    match warnings.len() - listed {
        0 => {}
        n if listed == 0 => {
            let _ = writeln!(
                out,
                "> - {n} {}; run `iamform plan --format text` to read them",
                plural(n, "warning")
            );
        }
        n => {
            let _ = writeln!(out, "> - and {n} more {}", plural(n, "warning"));
        }
    }
    out.push('\n');
}
