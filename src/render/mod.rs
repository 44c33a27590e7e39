//! Every output of iamform: plans as text for terminals, Markdown for pull requests, JSON
//! and graphs (dot, Mermaid); diagnostics ([`diagnostics`]: text, JSON, SARIF); the
//! security audit ([`audit`]); the unified diff `iamform fmt --diff` prints ([`file_diff`]).
//!
//! Renderers return strings and never print. Text and Markdown share one reading of the
//! plan ([`plan_view`]): grouped by account, then entity, with each entity's sub-changes
//! and policy-document diffs beneath it.

mod access_section;
mod accounts;
pub mod audit;
mod canonical_json;
mod detail;
pub mod diagnostics;
mod document_diff;
mod entity_attributes;
pub mod evaluation;
mod expiry_section;
mod file_diff;
mod findings_section;
mod graph_view;
mod identity_center_detail;
mod incomplete_note;
mod json;
mod link_view;
mod markdown;
mod markdown_budget;
mod markdown_entities;
mod markdown_escape;
mod markdown_head;
mod marker;
mod plan_view;
mod secret_fields;
mod summary_line;
mod tag_changes;
mod targeting_note;
mod terminal_text;
mod text;

#[cfg(test)]
mod fixture_plans;
#[cfg(test)]
mod plan_builder;
#[cfg(test)]
mod random_plans;

pub use accounts::{
    AccountRow, AccountSource, AccountsReport, accounts_json, accounts_json_schema,
    accounts_report, accounts_text,
};
pub use file_diff::file_diff;
pub use graph_view::{GraphFormat, GraphNodes, graph};
pub use incomplete_note::incomplete_warning;
pub use json::{json, plan_json_schema};
pub use markdown::{MarkdownOptions, markdown, markdown_with};
pub use markdown_budget::{GITHUB_COMMENT_LIMIT, MIN_MARKDOWN_CHARS};
pub use targeting_note::targeting_warning;
pub use terminal_text::terminal_safe;
pub use text::{TextOptions, text};

#[cfg(test)]
mod shared_tests;
#[cfg(test)]
mod snapshot_tests;
