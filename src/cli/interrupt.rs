//! Ctrl-C (SIGINT) as an outcome: exit code 130 and a line on stderr, never a panic.
//!
//! A thread waits for the signal (signal-hook's iterator: the handler only wakes it, so
//! everything is done outside the handler, without `unsafe`). By default the thread
//! says `interrupted` and ends the process at once: reads change nothing, files are
//! replaced atomically (a stop leaves the old file or none, never half of one), and the
//! state file's lock is an OS lock the process's end releases. During an apply, the first
//! Ctrl-C asks the executor to start no more changes instead; the apply then reports
//! what it did and did not do and exits 130. A second Ctrl-C ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};

use iamform::apply::StopFlag;

use super::{CliResult, Ui, exit};

/// What a Ctrl-C does now, shared with the thread that receives it.
#[derive(Debug, Default)]
pub struct Interrupt {
    /// Set while an apply runs: the first Ctrl-C stops it gently.
    gentle: AtomicBool,
    /// The apply's stop request.
    stop: StopFlag,
}

/// While it lives, the first Ctrl-C sets the stop flag instead of ending the process.
#[derive(Debug)]
pub struct GentleStop<'a> {
    interrupt: &'a Interrupt,
}

impl Interrupt {
    /// Makes the first Ctrl-C set the returned flag (for the apply executor) until the
    /// guard is dropped.
    pub fn gently(&self) -> (GentleStop<'_>, StopFlag) {
        self.gentle.store(true, Ordering::SeqCst);
        (GentleStop { interrupt: self }, self.stop.clone())
    }

    /// One Ctrl-C: a gentle stop the first time during an apply, else the end.
    #[cfg_attr(not(unix), allow(dead_code))]
    fn received(&self, ui: &Ui) {
        if self.gentle.load(Ordering::SeqCst) && !self.stop.is_stopped() {
            self.stop.stop();
            ui.eprintln(
                "interrupted: finishing the changes in flight and starting no more \
                 (Ctrl-C again to stop at once)",
            );
            return;
        }
        ui.eprintln("interrupted");
        std::process::exit(i32::from(exit::INTERRUPTED));
    }
}

impl Drop for GentleStop<'_> {
    fn drop(&mut self) {
        self.interrupt.gentle.store(false, Ordering::SeqCst);
    }
}

/// Runs `command` with Ctrl-C handled as above. Where signals cannot be caught (not
/// Unix, or registration failed) Ctrl-C keeps its default effect.
pub fn handling_interrupts(ui: &Ui, command: impl FnOnce(&Interrupt) -> CliResult) -> CliResult {
    let interrupt = Interrupt::default();
    #[cfg(unix)]
    {
        use signal_hook::consts::SIGINT;
        use signal_hook::iterator::Signals;
        if let Ok(mut signals) = Signals::new([SIGINT]) {
            let handle = signals.handle();
            let interrupt = &interrupt;
            return std::thread::scope(|scope| {
                scope.spawn(move || {
                    for _ in signals.forever() {
                        interrupt.received(ui);
                    }
                });
                // Ends the waiting thread when the command ends, even by a panic, so the
                // scope (which joins it) can end.
                let _close = CloseOnDrop(handle);
                command(interrupt)
            });
        }
    }
    command(&interrupt)
}

/// Closes signal-hook's iterator when dropped.
#[cfg(unix)]
struct CloseOnDrop(signal_hook::iterator::Handle);

#[cfg(unix)]
impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
    }
}
