//! How a command ends, and the one place that turns that into the process exit code.
//!
//! The table (README "Exit codes" repeats it; `exit_codes_are_written_down_once` pins it):
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | done; nothing to change, allowed, equivalent, no errors |
//! | 1 | error: bad input (reported with its location), bad flags, AWS or I/O failure, a refused or failed apply |
//! | 2 | done, and the answer needs attention: changes (`plan --detailed-exitcode`), denied (`policy simulate`, `can`), different (`policy equivalent`), unformatted manifests (`fmt --check`) |
//! | 3 | incomplete: some accounts could not be read (each error is shown); `plan` planned the others, `apply` applied them |
//! | 130 | interrupted (Ctrl-C, SIGINT): `apply` finished the calls in flight and listed what it did not start; other commands stop at once and write no partial file |
//!
//! Usage errors exit 1, not clap's 2, so that a mistyped flag in CI never reads as "changes".

/// Exit code: done, nothing needs attention.
pub const SUCCESS: u8 = 0;
/// Exit code: something went wrong (see the table above).
pub const ERROR: u8 = 1;
/// Exit code: done, and the answer needs attention.
pub const ATTENTION: u8 = 2;
/// Exit code: done for the accounts that could be read; others could not be.
pub const INCOMPLETE: u8 = 3;
/// Exit code: stopped by Ctrl-C (SIGINT), 128 + the signal's number as shells report it.
pub const INTERRUPTED: u8 = 130;

/// Leaves `value` allocated: the process ends when the command returns, and freeing a
/// large plan's trees (manifests, recorded state, plan) one allocation at a time was a
/// twentieth of a 10,000-entity plan's time (docs/benchmarks.md). Only for plain data:
/// nothing whose drop does work (a state file's lock, a file being written).
pub fn leave_unfreed<T>(value: T) {
    std::mem::forget(value);
}

/// How a command that ran to its end came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing needs attention (exit 0).
    Success,
    /// Changes to apply, access denied, documents that differ, or manifests to format
    /// (exit 2).
    Attention,
    /// Some accounts could not be read: the others were planned or applied (exit 3,
    /// whether or not there are changes, so CI never takes it for a whole answer).
    Incomplete,
}

impl Outcome {
    /// `Incomplete` when `incomplete`, else this outcome: an incomplete answer is never
    /// read as a whole one.
    pub fn unless_incomplete(self, incomplete: bool) -> Outcome {
        if incomplete {
            Outcome::Incomplete
        } else {
            self
        }
    }

    /// `Attention` when `needs_attention`, else `Success`.
    pub fn attention_if(needs_attention: bool) -> Outcome {
        if needs_attention {
            Outcome::Attention
        } else {
            Outcome::Success
        }
    }
}

/// Why a command stopped (exit 1).
#[derive(Debug)]
pub enum CliError {
    /// The problems were already reported where they belong (located diagnostics, the
    /// apply summary, a cancelled confirmation): nothing more to print.
    Reported,
    /// Anything else: bad flags or files, AWS or I/O failures. Printed as `error: …`
    /// with its causes.
    Failed(anyhow::Error),
    /// Ctrl-C stopped the command after it reported what it had done; printed as
    /// `interrupted: …` (exit 130).
    Interrupted(String),
}

impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(err: E) -> CliError {
        CliError::Failed(err.into())
    }
}

/// What every command returns.
pub type CliResult = Result<Outcome, CliError>;

/// The exit code of `result`, and the message an unreported error still needs.
pub fn exit_code(result: &CliResult) -> (u8, Option<String>) {
    match result {
        Ok(Outcome::Success) => (SUCCESS, None),
        Ok(Outcome::Attention) => (ATTENTION, None),
        Ok(Outcome::Incomplete) => (INCOMPLETE, None),
        Err(CliError::Reported) => (ERROR, None),
        Err(CliError::Failed(err)) => (ERROR, Some(format!("error: {err:#}"))),
        Err(CliError::Interrupted(what)) => (INTERRUPTED, Some(format!("interrupted: {what}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_written_down_once() {
        assert_eq!(exit_code(&Ok(Outcome::Success)), (0, None));
        assert_eq!(exit_code(&Ok(Outcome::Attention)), (2, None));
        assert_eq!(exit_code(&Ok(Outcome::Incomplete)), (3, None));
        assert_eq!(exit_code(&Err(CliError::Reported)), (1, None));
        let failed: CliResult = Err(anyhow::anyhow!("no such file")
            .context("cannot read x")
            .into());
        assert_eq!(
            exit_code(&failed),
            (1, Some("error: cannot read x: no such file".to_string()))
        );
        assert_eq!(
            exit_code(&Err(CliError::Interrupted(
                "3 change(s) not started".into()
            ))),
            (
                130,
                Some("interrupted: 3 change(s) not started".to_string())
            )
        );
        let readme = include_str!("../../README.md");
        for row in [
            "| 0 | done;",
            "| 1 | error:",
            "| 2 | done, and the answer needs attention:",
            "| 3 | incomplete:",
            "| 130 | interrupted",
        ] {
            assert!(
                readme.contains(row),
                "README's exit-code table lacks `{row}`"
            );
        }
    }

    #[test]
    fn attention_only_when_asked() {
        assert_eq!(Outcome::attention_if(true), Outcome::Attention);
        assert_eq!(Outcome::attention_if(false), Outcome::Success);
    }
}
