//! The exclusive lock a run holds on a state file from reading it to writing it back,
//! so that two applies on one file run one after the other instead of one losing the
//! other's changes.
//!
//! The lock is an OS file lock (`flock` on Unix, `LockFileEx` on Windows) on a sidecar
//! `FILE.lock`: the OS releases it when the process ends however it ends, so a crash
//! never leaves a stale lock. The sidecar holds who took the lock, for the message a
//! waiting run shows. It is never deleted: deleting it would let a third run lock a new
//! file while the second still waits on the old one.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::StateFileError;

/// How often a waiting run tries the lock again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// Most bytes of holder description read from a sidecar (anyone may write it).
const MAX_HOLDER_BYTES: u64 = 1024;

/// An exclusive lock on a state file; released when dropped.
#[derive(Debug)]
pub struct StateLock {
    // Held only for its lock: closing the file releases it.
    _file: File,
}

/// The sidecar lock file of the state file `path`: `path` with `.lock` appended.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

impl StateLock {
    /// Takes the lock on the state file `path`, waiting up to `timeout` while another
    /// process holds it; `on_wait` is told once who holds it, when waiting starts.
    pub fn acquire(
        path: &Path,
        timeout: Duration,
        on_wait: &mut dyn FnMut(&str),
    ) -> Result<StateLock, StateFileError> {
        let sidecar = lock_path(path);
        let io = |e: std::io::Error| StateFileError::Io {
            path: sidecar.clone(),
            message: format!("cannot lock the state file: {e}"),
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&sidecar)
            .map_err(io)?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::Error(e)) => return Err(io(e)),
                Err(TryLockError::WouldBlock) => {}
            }
            let holder = read_holder(&sidecar);
            if started.elapsed() >= timeout {
                return Err(StateFileError::Locked {
                    path: path.to_path_buf(),
                    holder,
                    waited: started.elapsed().as_secs(),
                });
            }
            if !told {
                on_wait(&holder);
                told = true;
            }
            std::thread::sleep(POLL_INTERVAL.min(timeout.saturating_sub(started.elapsed())));
        }
        describe_holder(&mut file).map_err(io)?;
        Ok(StateLock { _file: file })
    }
}

/// Replaces the sidecar's contents with who holds the lock now.
fn describe_holder(file: &mut File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.rewind()?;
    file.write_all(holder_description().as_bytes())?;
    file.flush()
}

/// `pid 4242 on host ci-7 (iamform apply --state state.json) since 2026-01-02T03:04:05Z`.
fn holder_description() -> String {
    let command: String = std::env::args()
        .map(|a| file_name_of_program(&a))
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect();
    format!(
        "pid {} on host {} ({command}) since {}",
        std::process::id(),
        host_name(),
        utc_now()
    )
}

/// The program by its file name (`iamform`), every other argument as given.
fn file_name_of_program(arg: &str) -> String {
    let path = Path::new(arg);
    if path.components().count() > 1 && path.file_name().is_some_and(|n| n == "iamform") {
        "iamform".to_string()
    } else {
        arg.to_string()
    }
}

/// What the sidecar says about the holder, bounded and on one line.
fn read_holder(sidecar: &Path) -> String {
    let mut text = String::new();
    let read = File::open(sidecar).and_then(|f| f.take(MAX_HOLDER_BYTES).read_to_string(&mut text));
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    match read {
        // The holder writes its description right after locking; it may not be there yet.
        Ok(_) if !text.trim().is_empty() => text.trim().to_string(),
        _ => "another process".to_string(),
    }
}

fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .chain(std::env::var("HOSTNAME").ok())
        .chain(std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .find(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Now in UTC, `YYYY-MM-DDTHH:MM:SSZ`.
fn utc_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    utc_text(secs)
}

/// Formats seconds since the Unix epoch as UTC (the civil-from-days algorithm of
/// Howard Hinnant's date library; no date crate for one timestamp).
fn utc_text(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_matches_known_dates() {
        assert_eq!(utc_text(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_text(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_text(1_767_323_045), "2026-01-02T03:04:05Z");
    }

    #[test]
    fn a_second_lock_waits_says_who_holds_it_and_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let held = StateLock::acquire(&path, Duration::ZERO, &mut |_| panic!("free")).unwrap();
        let mut told = Vec::new();
        let started = Instant::now();
        let err = StateLock::acquire(&path, Duration::from_millis(300), &mut |h| {
            told.push(h.to_string())
        })
        .unwrap_err();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(told.len(), 1, "told once: {told:?}");
        let holder = format!("pid {} on host ", std::process::id());
        assert!(told[0].starts_with(&holder), "{}", told[0]);
        let message = err.to_string();
        assert!(
            message.contains(&holder) && message.contains("--lock-timeout"),
            "{message}"
        );
        drop(held);
        StateLock::acquire(&path, Duration::ZERO, &mut |_| panic!("released")).unwrap();
    }

    #[test]
    fn a_waiting_lock_is_taken_when_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let held = StateLock::acquire(&path, Duration::ZERO, &mut |_| {}).unwrap();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                std::thread::sleep(Duration::from_millis(200));
                drop(held);
            });
            StateLock::acquire(&path, Duration::from_secs(30), &mut |_| {}).unwrap();
        });
        assert!(lock_path(&path).exists(), "the sidecar stays");
    }
}
