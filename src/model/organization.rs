//! AWS Organizations as iamform sees it: the member accounts, where each sits in the OU
//! tree, its state and tags. Read through a backend (live, recorded or fake), then used
//! by the manifests to name accounts and to select the accounts of multi-account entities.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Tags;
use crate::arn::Partition;

/// `organization:` in `iamform.yaml`: how to read the organization and reach its accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationConfig {
    /// Role assumed in each discovered account (a role name).
    pub assume_role: String,
    /// The partition of the organization and its accounts.
    pub partition: Partition,
    /// Named AWS profile of the management account's credentials, if not the base ones.
    pub profile: Option<String>,
}

/// The state of an account in the organization; only `ACTIVE` accounts are governed.
pub const ACTIVE: &str = "ACTIVE";

/// One member account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgAccount {
    /// 12-digit account id.
    pub id: String,
    /// The account's name in Organizations (not the manifest name: see [`slug`]).
    pub name: String,
    /// Path of its organizational unit from the root, by OU names: `/` for the root,
    /// `/Workloads/Prod` for an account in OU `Prod` under OU `Workloads`.
    pub ou: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`, … as Organizations says.
    pub status: String,
    /// The account's tags (empty when they were not read).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: Tags,
}

impl OrgAccount {
    /// True when iamform can govern the account (it is `ACTIVE`).
    pub fn is_active(&self) -> bool {
        self.status == ACTIVE
    }
}

/// The accounts of an organization, sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Every member account, active or not.
    pub accounts: Vec<OrgAccount>,
    /// Whether the accounts' tags were read (a read without selectors on tags skips them).
    #[serde(default)]
    pub tags_read: bool,
}

impl Organization {
    /// Puts the accounts in id order, so every source gives the same model.
    pub fn sorted(mut self) -> Organization {
        self.accounts.sort_by(|a, b| a.id.cmp(&b.id));
        self
    }
}

/// The manifest name of an account from its Organizations name: lower case, runs of
/// anything but letters and digits made one `-`, no `-` at either end, at most 64
/// characters; `account-ID` when nothing is left.
pub fn slug(name: &str, id: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(64);
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        format!("account-{id}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Dev 1", "111111111111"), "dev-1");
        assert_eq!(slug("  Prod / EU (main) ", "1"), "prod-eu-main");
        assert_eq!(slug("Ünïcode", "123456789012"), "n-code");
        assert_eq!(slug("***", "123456789012"), "account-123456789012");
        assert_eq!(slug(&"a".repeat(100), "1").len(), 64);
        assert_eq!(slug(&format!("{}!b", "a".repeat(63)), "1"), "a".repeat(63));
    }

    #[test]
    fn only_active_accounts_are_governed() {
        let account = |status: &str| OrgAccount {
            id: "111111111111".into(),
            name: "x".into(),
            ou: "/".into(),
            status: status.into(),
            tags: Tags::new(),
        };
        assert!(account("ACTIVE").is_active());
        assert!(!account("SUSPENDED").is_active());
        assert!(!account("PENDING_CLOSURE").is_active());
    }
}
