//! Audit data recorded in a JSON file: the offline [`AuditSource`], and the fixture
//! format for APIs an emulator lacks (the access advisor).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::BackendError;
use super::audit_source::{AuditData, AuditSource};
use crate::model::AccountConfig;

/// Version of the audit record format.
pub const AUDIT_RECORD_VERSION: u32 = 1;

/// The contents of an audit record file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRecord {
    /// [`AUDIT_RECORD_VERSION`].
    pub format_version: u32,
    /// Each account's data, keyed by 12-digit account id.
    pub accounts: BTreeMap<String, AuditData>,
}

/// An [`AuditSource`] over a recorded file.
#[derive(Debug, Clone)]
pub struct RecordedAudit {
    path: PathBuf,
    record: AuditRecord,
}

impl RecordedAudit {
    /// Reads and checks the record at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<RecordedAudit, BackendError> {
        let path = path.as_ref().to_path_buf();
        let fail = |m: String| BackendError::Other(format!("{}: {m}", path.display()));
        let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read: {e}")))?;
        let record: AuditRecord =
            serde_json::from_str(&text).map_err(|e| fail(format!("not an audit record: {e}")))?;
        if record.format_version != AUDIT_RECORD_VERSION {
            return Err(fail(format!(
                "format_version {} is not supported (expected {AUDIT_RECORD_VERSION})",
                record.format_version
            )));
        }
        if let Some((id, data)) = record.accounts.iter().find(|(id, d)| *id != &d.account_id) {
            return Err(fail(format!(
                "account `{id}` holds account_id `{}`; they must match",
                data.account_id
            )));
        }
        Ok(RecordedAudit { path, record })
    }

    /// The recorded account ids.
    pub fn account_ids(&self) -> Vec<String> {
        self.record.accounts.keys().cloned().collect()
    }
}

impl AuditSource for RecordedAudit {
    fn audit_data(&self, account: &AccountConfig) -> Result<AuditData, BackendError> {
        self.record
            .accounts
            .get(&account.id)
            .cloned()
            .ok_or_else(|| {
                BackendError::NoSuchEntity(format!(
                    "{} holds no audit data for account {} ({})",
                    self.path.display(),
                    account.name,
                    account.id
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> Result<RecordedAudit, BackendError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.json");
        std::fs::write(&path, text).unwrap();
        RecordedAudit::open(&path)
    }

    #[test]
    fn rejects_other_versions_and_mismatched_ids() {
        let err = open(r#"{"format_version": 2, "accounts": {}}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("format_version 2 is not supported"),
            "{err}"
        );
        let mismatched = r#"{"format_version": 1, "accounts": {"111111111111":
            {"account_id": "222222222222", "generated_at": "2025-01-01T00:00:00Z", "credential_report": ""}}}"#;
        let err = open(mismatched).unwrap_err();
        assert!(
            err.to_string().contains("holds account_id `222222222222`"),
            "{err}"
        );
        let ok = open(r#"{"format_version": 1, "accounts": {}}"#).unwrap();
        let account = AccountConfig {
            partition: Default::default(),
            name: "prod".into(),
            id: "111111111111".into(),
            assume_role: None,
            profile: None,
        };
        assert!(matches!(
            ok.audit_data(&account),
            Err(BackendError::NoSuchEntity(_))
        ));
    }
}
