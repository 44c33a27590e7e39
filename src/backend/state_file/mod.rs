//! A recorded account state in a JSON file: read like a live account, changed through
//! [`MemoryIam`], written back on flush. Lets plan and apply run offline.
//!
//! The file is a small database: a run that writes it holds [`StateLock`] from before
//! reading it until after writing it back, and every write replaces the file atomically
//! ([`write_atomically`]), so readers that take no lock (`plan --state`) see a whole file.

mod atomic_write;
mod hand_over;
mod lock;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::memory_iam::MemoryIam;
use super::{Backend, BackendError};
use crate::diff::Change;
use crate::model::{AccountConfig, AccountIam, Organization, OrganizationConfig};
use hand_over::HandedOver;

pub use atomic_write::{rewrite_atomically, write_atomically};
pub use lock::{StateLock, lock_path};

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
    /// The organization as `state pull` read it, for projects with `organization:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
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
    /// Another process holds the file's lock and did not let go in time.
    #[error(
        "{path} is locked by {holder}; waited {waited} s for it. Run again when that run has \
         finished, or wait longer with --lock-timeout SECONDS"
    )]
    Locked {
        /// The state file.
        path: PathBuf,
        /// Who holds the lock, as it described itself.
        holder: String,
        /// Seconds waited.
        waited: u64,
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
    /// Reads and parses the state file at `path`: a regular file under the size cap
    /// (`--state` may name anything, even a FIFO).
    pub fn read(path: &Path) -> Result<StateFile, StateFileError> {
        let text =
            crate::input_file::read_text(path, crate::input_file::STATE_LIMIT).map_err(|e| {
                StateFileError::Io {
                    path: path.to_path_buf(),
                    message: format!("cannot read state file: {}", e.reason()),
                }
            })?;
        StateFile::parse(&text, path)
    }

    /// Parses state file text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<StateFile, StateFileError> {
        let mut state: StateFile =
            serde_json::from_str(text).map_err(|e| StateFileError::Parse {
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
        for account in state.accounts.values_mut() {
            account.key_providers_by_name();
        }
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

/// The state in memory, and which accounts a backend opened only to read handed over.
#[derive(Debug)]
struct Held {
    iam: MemoryIam,
    handed_over: HandedOver,
}

/// A [`Backend`] over a state file.
#[derive(Debug)]
pub struct StateFileBackend {
    path: PathBuf,
    held: Mutex<Held>,
    organization: Option<Organization>,
    /// Held from before the read until the backend is dropped, when opened for writing.
    lock: Option<StateLock>,
}

impl StateFileBackend {
    /// Loads the state file at `path` to read it: no lock (the file is only ever
    /// replaced whole, so a read sees one complete version). [`Backend::flush`] refuses.
    pub fn open(path: impl AsRef<Path>) -> Result<StateFileBackend, BackendError> {
        StateFileBackend::load(path.as_ref(), None)
    }

    /// Locks the state file at `path` (waiting up to `lock_timeout` for another run to
    /// finish; `on_wait` is told who holds it), then loads it. The lock is held until the
    /// backend is dropped, so the whole read-plan-apply-write is one transaction.
    pub fn open_locked(
        path: impl AsRef<Path>,
        lock_timeout: Duration,
        on_wait: &mut dyn FnMut(&str),
    ) -> Result<StateFileBackend, BackendError> {
        let lock = StateLock::acquire(path.as_ref(), lock_timeout, on_wait)?;
        StateFileBackend::load(path.as_ref(), Some(lock))
    }

    fn load(path: &Path, lock: Option<StateLock>) -> Result<StateFileBackend, BackendError> {
        let state = StateFile::read(path)?;
        Ok(StateFileBackend {
            path: path.to_path_buf(),
            held: Mutex::new(Held {
                iam: MemoryIam::from_accounts(state.accounts),
                handed_over: HandedOver::default(),
            }),
            organization: state.organization,
            lock,
        })
    }

    /// The file this backend reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current state, including changes not yet flushed (accounts handed to readers
    /// are loaded from the file again).
    pub fn snapshot(&self) -> Result<StateFile, BackendError> {
        let mut held = self.lock();
        let held = &mut *held;
        held.handed_over.restore(&mut held.iam, &self.path)?;
        Ok(StateFile {
            format_version: STATE_FORMAT_VERSION,
            accounts: held.iam.accounts().clone(),
            organization: self.organization.clone(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        // MemoryIam refuses bad input with errors (undoing a refused change) rather than
        // panicking; and a panic anywhere ends the apply before `flush`, so a poisoned lock
        // never leads to a half-changed state being written to the file.
        self.held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Backend for StateFileBackend {
    fn read_account(&self, account: &AccountConfig) -> Result<AccountIam, BackendError> {
        let mut held = self.lock();
        let held = &mut *held;
        let mut iam = if self.lock.is_none() {
            // Opened only to read: nothing is changed or written, so the account is moved
            // out rather than copied (see `hand_over`).
            held.handed_over
                .take(&mut held.iam, &account.id, &self.path)?
        } else {
            held.iam.read(&account.id)
        };
        // The manifests say which partition the account is in; the file may predate it.
        iam.partition = account.partition;
        Ok(iam)
    }

    fn execute(&self, change: &Change) -> Result<(), BackendError> {
        let mut held = self.lock();
        let held = &mut *held;
        held.handed_over
            .restore_to_change(&mut held.iam, &self.path)?;
        held.iam.apply(change)
    }

    fn recorded_accounts(
        &self,
    ) -> Result<Option<Vec<(String, crate::arn::Partition)>>, BackendError> {
        let mut held = self.lock();
        let held = &mut *held;
        // Accounts handed to a reader are in the file: loaded again to be listed.
        held.handed_over.restore(&mut held.iam, &self.path)?;
        let accounts = held.iam.accounts().iter();
        Ok(Some(
            accounts.map(|(id, a)| (id.clone(), a.partition)).collect(),
        ))
    }

    /// The organization the file recorded; tags were recorded with it.
    fn read_organization(
        &self,
        _config: &OrganizationConfig,
        _with_tags: bool,
    ) -> Result<Organization, BackendError> {
        self.organization.clone().ok_or_else(|| {
            BackendError::Other(format!(
                "{} records no organization; record one with `iamform state pull`",
                self.path.display()
            ))
        })
    }

    /// Replaces the state file atomically; only a backend opened with
    /// [`StateFileBackend::open_locked`] writes, so no other run's changes are lost.
    fn flush(&self) -> Result<(), BackendError> {
        if self.lock.is_none() {
            return Err(BackendError::Other(format!(
                "{}: opened for reading only; open it locked to write it",
                self.path.display()
            )));
        }
        let text = self.snapshot()?.to_pretty_json();
        write_atomically(&self.path, text.as_bytes()).map_err(|e| {
            BackendError::from(StateFileError::Io {
                path: self.path.clone(),
                message: format!("cannot write state file: {e}"),
            })
        })
    }
}

#[cfg(test)]
mod tests;
