//! Reading input files that may come from a pull request: regular files only, through a
//! size cap, so a FIFO cannot hang a run and `/dev/zero` cannot exhaust memory.
//!
//! Errors never quote the file's content: a wrong file (say `/proc/self/environ`) must not
//! land in CI logs through an error message.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest manifest file read (a manifest of thousands of entities is a few MB).
pub const MANIFEST_LIMIT: u64 = 8 << 20;
/// Largest policy document file read. IAM's own limits are a few KB of policy text; a
/// formatted file of a few hundred KB is already far beyond anything IAM accepts.
pub const POLICY_LIMIT: u64 = 1 << 20;
/// Largest SAML metadata document read: IAM's own limit, 10,000,000 characters
/// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html).
pub const SAML_METADATA_LIMIT: u64 = 10_000_000;
/// Largest state file or saved plan read (whole accounts of tens of thousands of entities).
pub const STATE_LIMIT: u64 = 256 << 20;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum InputFileError {
    /// A directory, FIFO, socket or device: reading it could block or never end.
    #[error("`{path}` is {kind}, not a regular file")]
    NotRegular {
        /// The file as given.
        path: String,
        /// What it is instead (`a directory`, `a FIFO`, …).
        kind: &'static str,
    },
    /// Larger than the cap for its kind.
    #[error("`{path}` is larger than {limit}")]
    TooLarge {
        /// The file as given.
        path: String,
        /// The cap, human readable.
        limit: String,
    },
    /// Not UTF-8 text.
    #[error("`{path}` is not UTF-8 text")]
    NotText {
        /// The file as given.
        path: String,
    },
    /// Missing, unreadable, …
    #[error("cannot read `{path}`: {reason}")]
    Io {
        /// The file as given.
        path: String,
        /// The operating system's reason (never the content).
        reason: String,
    },
}

impl InputFileError {
    /// Why, without the path (for messages that name the file already).
    pub fn reason(&self) -> String {
        match self {
            InputFileError::NotRegular { kind, .. } => format!("it is {kind}, not a regular file"),
            InputFileError::TooLarge { limit, .. } => format!("it is larger than {limit}"),
            InputFileError::NotText { .. } => "it is not UTF-8 text".to_string(),
            InputFileError::Io { reason, .. } => reason.clone(),
        }
    }
}

/// What a file is, for [`InputFileError::NotRegular`].
pub fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a regular file"
    }
}

/// Reads the regular file at `path` (symlinks followed) as UTF-8 text of at most `limit`
/// bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, InputFileError> {
    let shown = || path.display().to_string();
    let io = |e: std::io::Error| InputFileError::Io {
        path: shown(),
        reason: io_reason(&e),
    };
    // Checked before opening: opening a FIFO for reading blocks until a writer appears.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(InputFileError::NotRegular {
            path: shown(),
            kind: kind_of(&meta.file_type()),
        });
    }
    let file = File::open(path).map_err(io)?;
    // The opened file must still be the regular file that was checked.
    if !file.metadata().map_err(io)?.is_file() {
        return Err(InputFileError::NotRegular {
            path: shown(),
            kind: "not a regular file any more",
        });
    }
    let mut bytes = Vec::new();
    // One byte over the cap tells "exactly the cap" from "larger" (`/proc` files report
    // size 0, so the metadata size alone is not enough).
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputFileError::TooLarge {
            path: shown(),
            limit: human_size(limit),
        });
    }
    String::from_utf8(bytes).map_err(|_| InputFileError::NotText { path: shown() })
}

/// The operating system's reason for `e`, without Rust's " (os error N)".
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

/// `8 MiB`, `512 KiB`, `100 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_text(&path, 10).unwrap(), "0123456789");
        let err = read_text(&path, 9).unwrap_err();
        assert!(matches!(err, InputFileError::TooLarge { .. }), "{err}");
        assert!(err.to_string().ends_with("is larger than 9 bytes"), "{err}");
    }

    #[test]
    fn refuses_directories_devices_and_fifos_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("x.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let kind = |p: &Path| match read_text(p, 100) {
            Err(InputFileError::NotRegular { kind, .. }) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(&fifo), "a FIFO");
        assert_eq!(kind(dir.path()), "a directory");
        assert_eq!(kind(Path::new("/dev/zero")), "a device");
    }

    #[test]
    fn proc_files_are_bounded_although_they_report_size_zero() {
        let err = read_text(Path::new("/proc/self/maps"), 16).unwrap_err();
        assert!(matches!(err, InputFileError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn errors_name_the_file_and_never_its_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bin");
        std::fs::write(&path, b"SECRET\xff").unwrap();
        let err = read_text(&path, 100).unwrap_err().to_string();
        assert!(
            err.ends_with("is not UTF-8 text") && !err.contains("SECRET"),
            "{err}"
        );
        let missing = read_text(&dir.path().join("nope"), 100).unwrap_err();
        assert!(missing.to_string().ends_with(": no such file"), "{missing}");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(MANIFEST_LIMIT), "8 MiB");
        assert_eq!(human_size(512 << 10), "512 KiB");
        assert_eq!(human_size(9), "9 bytes");
    }
}
