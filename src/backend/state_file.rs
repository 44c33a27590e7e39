//! A recorded account state in a JSON file: read like a live account, changed through
//! [`MemoryIam`], written back on flush. Lets plan and apply run offline.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::memory_iam::MemoryIam;
use super::{Backend, BackendError};
use crate::diff::Change;
use crate::model::{AccountConfig, AccountIam};

/// Version of the state file format; bumped on incompatible changes.
pub const STATE_FORMAT_VERSION: u32 = 1;

/// The contents of a state file: what a live read of each account returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateFile {
    /// [`STATE_FORMAT_VERSION`].
    pub format_version: u32,
    /// Each account's IAM, keyed by 12-digit account id.
    #[serde(default)]
    pub accounts: BTreeMap<String, AccountIam>,
}

/// Why a state file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    /// The file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The file is not a valid state file.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is valid JSON but its contents contradict each other.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl From<StateFileError> for BackendError {
    fn from(e: StateFileError) -> BackendError {
        BackendError::Other(e.to_string())
    }
}

impl StateFile {
    /// Parses state file text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<StateFile, StateFileError> {
        let state: StateFile = serde_json::from_str(text).map_err(|e| StateFileError::Parse {
            path: path.to_path_buf(),
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        })?;
        let invalid = |message: String| StateFileError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        if state.format_version != STATE_FORMAT_VERSION {
            return Err(invalid(format!(
                "format_version {} is not supported (expected {STATE_FORMAT_VERSION})",
                state.format_version
            )));
        }
        for (id, account) in &state.accounts {
            if !crate::arn::is_account_id(id) {
                return Err(invalid(format!(
                    "account key `{id}` is not a 12-digit account id"
                )));
            }
            if &account.account_id != id {
                return Err(invalid(format!(
                    "account `{id}` holds account_id `{}`; they must match",
                    account.account_id
                )));
            }
        }
        Ok(state)
    }

    /// Pretty JSON with keys in a stable order, ending in a newline.
    pub fn to_pretty_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("state serializes to JSON");
        text.push('\n');
        text
    }
}

/// The JSON Schema of [`StateFile`], as committed in `schemas/state.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(StateFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes to JSON");
    text.push('\n');
    text
}

/// A [`Backend`] over a state file.
#[derive(Debug)]
pub struct StateFileBackend {
    path: PathBuf,
    iam: Mutex<MemoryIam>,
}

impl StateFileBackend {
    /// Loads the state file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<StateFileBackend, BackendError> {
        let path = path.as_ref().to_path_buf();
        // Regular file, size cap: `--state` may name anything, even a FIFO.
        let text =
            crate::input_file::read_text(&path, crate::input_file::STATE_LIMIT).map_err(|e| {
                StateFileError::Io {
                    path: path.clone(),
                    message: format!("cannot read state file: {}", e.reason()),
                }
            })?;
        let state = StateFile::parse(&text, &path)?;
        Ok(StateFileBackend {
            path,
            iam: Mutex::new(MemoryIam::from_accounts(state.accounts)),
        })
    }

    /// The file this backend reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current state, including changes not yet flushed.
    pub fn snapshot(&self) -> StateFile {
        StateFile {
            format_version: STATE_FORMAT_VERSION,
            accounts: self.lock().accounts().clone(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryIam> {
        // MemoryIam refuses bad input with errors (undoing a refused change) rather than
        // panicking; and a panic anywhere ends the apply before `flush`, so a poisoned lock
        // never leads to a half-changed state being written to the file.
        self.iam
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Backend for StateFileBackend {
    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        Ok(self.lock().read(&account.id))
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        self.lock().apply(change)
    }

    /// Writes to a temporary file beside the state file, then renames it over the
    /// original, so a crash never leaves a half-written state.
    fn flush(&self) -> Result<(), BackendError> {
        let text = self.snapshot().to_pretty_json();
        let io = |e: std::io::Error| StateFileError::Io {
            path: self.path.clone(),
            message: format!("cannot write state file: {e}"),
        };
        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file_name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, &self.path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            BackendError::from(io(e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{AccountKey, Action};
    use crate::model::{Entity, EntityKind, EntityRef, Group};

    fn config(id: &str) -> AccountConfig {
        AccountConfig {
            name: "prod".into(),
            id: id.into(),
            assume_role: None,
            profile: None,
        }
    }

    #[test]
    fn committed_schema_is_fresh() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/state.schema.json");
        if std::env::var_os("IAMFORM_UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, json_schema()).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == json_schema(),
            "schemas/state.schema.json is stale: IAMFORM_UPDATE_SCHEMAS=1 cargo test --lib committed_schema_is_fresh"
        );
    }

    #[test]
    fn parse_errors_name_file_line_and_column() {
        let text = "{\n  \"format_version\": 1,\n  \"acounts\": {}\n}\n";
        let err = StateFile::parse(text, Path::new("state.json"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("state.json:3:"), "{err}");
        assert!(err.contains("acounts"), "{err}");
        let err = StateFile::parse("{\"format_version\": 9}", Path::new("s.json")).unwrap_err();
        assert!(err.to_string().contains("format_version 9"));
        let mismatched =
            r#"{"format_version":1,"accounts":{"123456789012":{"account_id":"210987654321"}}}"#;
        assert!(StateFile::parse(mismatched, Path::new("s.json")).is_err());
    }

    #[test]
    fn absent_account_reads_empty_and_changes_flush_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(&path, "{\"format_version\": 1}").unwrap();
        let backend = StateFileBackend::open(&path).unwrap();
        let empty = backend.read_account(&config("123456789012")).unwrap();
        assert_eq!(empty, AccountIam::new("123456789012"));
        let group = Group {
            name: "ops".into(),
            path: "/".into(),
            managed_policies: Default::default(),
            inline_policies: Default::default(),
            meta: Default::default(),
        };
        backend
            .execute(&Change {
                account: AccountKey {
                    name: "prod".into(),
                    id: "123456789012".into(),
                },
                target: EntityRef::new(EntityKind::Group, "ops"),
                action: Action::Create {
                    entity: Box::new(Entity::Group(group)),
                },
            })
            .unwrap();
        backend.flush().unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        let reopened = StateFileBackend::open(&path).unwrap();
        assert_eq!(reopened.snapshot(), backend.snapshot());
        assert_eq!(reopened.snapshot().to_pretty_json(), written);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn missing_file_is_an_error_naming_it() {
        let err = StateFileBackend::open("/nonexistent/state.json").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/state.json"));
    }
}
