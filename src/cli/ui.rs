//! The one way commands write: results on stdout, notes and errors on stderr, colour
//! decided once per run, and a reader that goes away early (`iamform plan | head -1`) is
//! not an error.

use std::fmt::Display;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use anstream::{AutoStream, ColorChoice};

/// `--color`: when output is coloured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// When the stream is a terminal and neither `NO_COLOR` nor `CLICOLOR=0` is set.
    #[default]
    Auto,
    /// Always (also when piped; `CI` logs that render ANSI).
    Always,
    /// Never.
    Never,
}

/// Where a run writes. Shared by reference; safe to use from the apply progress callback.
#[derive(Debug)]
pub struct Ui {
    stdout_color: bool,
    stderr_color: bool,
    /// The reader of stdout went away: later output is dropped, the run goes on (an
    /// apply must not stop half-way because `| head` stopped reading).
    stdout_closed: AtomicBool,
}

impl Ui {
    /// Decides colour once: `--color always|never`, else anstream's rules (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, a terminal or not).
    pub fn new(color: ColorArg) -> Ui {
        let choice = match color {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        };
        choice.write_global();
        let colored = |c: ColorChoice| c != ColorChoice::Never;
        Ui {
            stdout_color: colored(AutoStream::choice(&std::io::stdout())),
            stderr_color: colored(AutoStream::choice(&std::io::stderr())),
            stdout_closed: AtomicBool::new(false),
        }
    }

    /// Whether what goes to stdout may carry colour.
    pub fn stdout_color(&self) -> bool {
        self.stdout_color
    }

    /// Whether what goes to stderr (diagnostics) may carry colour.
    pub fn stderr_color(&self) -> bool {
        self.stderr_color
    }

    /// Writes `text` to stdout as it is.
    pub fn print(&self, text: impl Display) {
        if self.stdout_closed.load(Ordering::Relaxed) {
            return;
        }
        // Written as is: renderers emit colour only when `stdout_color` says so, and user
        // text reaches them with its control characters already made visible.
        let mut out = std::io::stdout().lock();
        let written = write!(out, "{text}").and_then(|()| out.flush());
        if let Err(err) = written {
            // A closed pipe ends the output quietly; anything else is worth one note.
            self.stdout_closed.store(true, Ordering::Relaxed);
            if err.kind() != std::io::ErrorKind::BrokenPipe {
                self.eprintln(format_args!("warning: cannot write to stdout: {err}"));
            }
        }
    }

    /// Writes `text` and a line break to stdout.
    pub fn println(&self, text: impl Display) {
        self.print(format_args!("{text}\n"));
    }

    /// Writes `text` to stderr as it is. Failures are ignored: there is nowhere left to
    /// report them.
    pub fn eprint(&self, text: impl Display) {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{text}").and_then(|()| err.flush());
    }

    /// Writes `text` and a line break to stderr.
    pub fn eprintln(&self, text: impl Display) {
        self.eprint(format_args!("{text}\n"));
    }
}
