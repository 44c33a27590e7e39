//! `iamform accounts`: the project's accounts, declared and discovered, with what
//! selectors match on (OU path, status, tags), as a text table or JSON
//! (`schemas/accounts.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Project, Tags};

use super::terminal_text::terminal_safe;

/// The accounts of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountsReport {
    /// Governed accounts by manifest name, then those left out.
    pub accounts: Vec<AccountRow>,
}

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountRow {
    /// Manifest name (what `account:` and `accounts:` name); `null` when left out.
    pub name: Option<String>,
    /// 12-digit account id.
    pub id: String,
    /// Name in AWS Organizations; `null` for an account only `accounts:` declares.
    pub organization_name: Option<String>,
    /// OU path (`/Workloads/Prod`); `null` outside the organization.
    pub ou: Option<String>,
    /// Organizations state (`ACTIVE`, `SUSPENDED`, …); `null` outside the organization.
    pub status: Option<String>,
    /// Organizations tags.
    #[serde(default)]
    pub tags: Tags,
    /// `declared` (in `accounts:`), `organization` (discovered) or `left_out` (not active).
    pub source: AccountSource,
}

/// Where an account comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountSource {
    /// `accounts:` in iamform.yaml.
    Declared,
    /// Discovered in AWS Organizations.
    Organization,
    /// In the organization but not active, so not governed.
    LeftOut,
}

/// The rows for `project`: governed accounts by name, then left-out ones by id.
pub fn accounts_report(project: &Project) -> AccountsReport {
    let members = project.organization.as_ref().map(|o| &o.members);
    let mut accounts: Vec<AccountRow> = project
        .accounts
        .values()
        .map(|config| {
            let member = members.and_then(|m| m.get(&config.name));
            AccountRow {
                name: Some(config.name.clone()),
                id: config.id.clone(),
                organization_name: member.map(|m| m.name.clone()),
                ou: member.map(|m| m.ou.clone()),
                status: member.map(|m| m.status.clone()),
                tags: member.map(|m| m.tags.clone()).unwrap_or_default(),
                source: match &project.organization {
                    Some(o) if o.discovered.contains(&config.name) => AccountSource::Organization,
                    _ => AccountSource::Declared,
                },
            }
        })
        .collect();
    for left in project.organization.iter().flat_map(|o| &o.left_out) {
        accounts.push(AccountRow {
            name: None,
            id: left.id.clone(),
            organization_name: Some(left.name.clone()),
            ou: Some(left.ou.clone()),
            status: Some(left.status.clone()),
            tags: left.tags.clone(),
            source: AccountSource::LeftOut,
        });
    }
    AccountsReport { accounts }
}

/// The report as an aligned table; names and tags from AWS are made terminal-safe.
pub fn accounts_text(report: &AccountsReport) -> String {
    let header = ["NAME", "ID", "OU", "STATUS", "TAGS"];
    let rows: Vec<[String; 5]> = report
        .accounts
        .iter()
        .map(|a| {
            let name = match (&a.name, a.source) {
                (Some(name), _) => name.clone(),
                (None, _) => format!("({})", a.organization_name.as_deref().unwrap_or("?")),
            };
            let status = match a.source {
                AccountSource::Declared if a.status.is_none() => "declared".to_string(),
                AccountSource::LeftOut => {
                    format!("{} (left out)", a.status.as_deref().unwrap_or_default())
                }
                _ => a.status.clone().unwrap_or_default(),
            };
            let tags: Vec<String> = a.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            [
                name,
                a.id.clone(),
                a.ou.clone().unwrap_or_else(|| "-".into()),
                status,
                tags.join(","),
            ]
            .map(|cell| terminal_safe(&cell).into_owned())
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for row in &rows {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    let governed = report
        .accounts
        .iter()
        .filter(|a| a.source != AccountSource::LeftOut)
        .count();
    out.push_str(&format!(
        "\n{governed} account(s) governed, {} left out.\n",
        report.accounts.len() - governed
    ));
    out
}

/// The report as pretty JSON, ending in a newline.
pub fn accounts_json(report: &AccountsReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of [`accounts_json`] (committed as `schemas/accounts.schema.json`).
pub fn accounts_json_schema() -> String {
    let schema = schemars::schema_for!(AccountsReport);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{AccountConfig, OrgAccount, OrganizationConfig, ProjectOrganization};

    const SCHEMA_PATH: &str = "schemas/accounts.schema.json";

    fn project() -> Project {
        let mut project = Project::default();
        for (name, id) in [("dev-1", "222222222222"), ("identity", "111111111111")] {
            project.accounts.insert(
                name.into(),
                AccountConfig {
                    name: name.into(),
                    id: id.into(),
                    ..AccountConfig::default()
                },
            );
        }
        let member = |id: &str, name: &str, status: &str| OrgAccount {
            id: id.into(),
            name: name.into(),
            ou: "/Workloads/Dev".into(),
            status: status.into(),
            tags: Tags::from([("env".to_string(), "dev\u{1b}[31m".to_string())]),
        };
        project.organization = Some(ProjectOrganization {
            config: OrganizationConfig {
                assume_role: "OrganizationAccountAccessRole".into(),
                partition: Default::default(),
                profile: None,
            },
            members: [(
                "dev-1".to_string(),
                member("222222222222", "Dev 1", "ACTIVE"),
            )]
            .into(),
            discovered: ["dev-1".to_string()].into(),
            left_out: vec![member("333333333333", "Old", "SUSPENDED")],
        });
        project
    }

    #[test]
    fn committed_schema_matches_the_report_type() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_PATH);
        let generated = accounts_json_schema();
        if std::env::var_os("IAMFORM_WRITE_SCHEMAS").is_some() {
            std::fs::write(&path, &generated).expect("write the accounts schema");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{SCHEMA_PATH} is out of date; regenerate it with \
             `IAMFORM_WRITE_SCHEMAS=1 cargo test --lib render::accounts` and commit the result"
        );
    }

    #[test]
    fn text_and_json_list_governed_then_left_out_accounts() {
        let report = accounts_report(&project());
        insta::assert_snapshot!("accounts_text", accounts_text(&report));
        let back: AccountsReport = serde_json::from_str(&accounts_json(&report)).unwrap();
        assert_eq!(back, report);
        let sources: Vec<_> = report.accounts.iter().map(|a| a.source).collect();
        assert_eq!(
            sources,
            [
                AccountSource::Organization,
                AccountSource::Declared,
                AccountSource::LeftOut
            ]
        );
    }
}
