//! The backend of a command that loads manifests first: opened on first use, or opened
//! on another thread while the manifests load.

use std::cell::OnceCell;
use std::sync::Mutex;

use iamform::backend::Backend;

/// A backend opened on first use: only projects with `organization:` need it while
/// their manifests load, and the others keep opening it after loading (so manifest
/// errors come first).
pub struct LazyBackend<'a> {
    open: Box<dyn Fn() -> anyhow::Result<Box<dyn Backend>> + 'a>,
    opened: OnceCell<Box<dyn Backend>>,
}

impl<'a> LazyBackend<'a> {
    /// A backend that `open` opens when first asked for.
    pub fn new(open: impl Fn() -> anyhow::Result<Box<dyn Backend>> + 'a) -> LazyBackend<'a> {
        LazyBackend {
            open: Box::new(open),
            opened: OnceCell::new(),
        }
    }

    /// The backend, opening it now if it is not yet.
    pub fn get(&self) -> anyhow::Result<&dyn Backend> {
        if self.opened.get().is_none() {
            let backend = (self.open)()?;
            let _ = self.opened.set(backend);
        }
        Ok(self.opened.get().expect("opened above").as_ref())
    }

    /// The backend, owned.
    pub fn into_backend(self) -> anyhow::Result<Box<dyn Backend>> {
        match self.opened.into_inner() {
            Some(backend) => Ok(backend),
            None => (self.open)(),
        }
    }
}

/// Runs `body` with a backend that `open` starts opening at once on another thread, so
/// that a recorded state is parsed while the manifests load (a tenth of a large plan's
/// time). Its result, error included, is taken only where [`LazyBackend`] would have
/// opened it, so manifest errors still come first. For read-only opens: one that locks
/// would hold the lock while manifests that may be refused load.
pub fn opening_early<R>(
    open: impl Fn() -> anyhow::Result<Box<dyn Backend>> + Sync,
    body: impl FnOnce(LazyBackend<'_>) -> R,
) -> R {
    std::thread::scope(|scope| {
        let early = Mutex::new(Some(scope.spawn(&open)));
        let lazy = LazyBackend::new(|| {
            let started = early.lock().unwrap_or_else(|e| e.into_inner()).take();
            match started {
                Some(opening) => opening
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => open(),
            }
        });
        body(lazy)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use iamform::backend::fake::FakeBackend;
    use iamform::backend::memory_iam::MemoryIam;

    use super::*;

    #[test]
    fn an_early_open_is_made_once_and_its_error_kept_for_first_use() {
        let opens = AtomicUsize::new(0);
        let failing = || -> anyhow::Result<Box<dyn Backend>> {
            opens.fetch_add(1, Ordering::SeqCst);
            anyhow::bail!("no such state file")
        };
        let error = opening_early(failing, |lazy| lazy.into_backend().err().unwrap());
        assert_eq!(error.to_string(), "no such state file");
        assert_eq!(opens.load(Ordering::SeqCst), 1);

        let opens = AtomicUsize::new(0);
        let working = || -> anyhow::Result<Box<dyn Backend>> {
            opens.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(FakeBackend::new(MemoryIam::default())))
        };
        opening_early(working, |lazy| {
            lazy.get().unwrap();
            lazy.into_backend().unwrap();
        });
        assert_eq!(opens.load(Ordering::SeqCst), 1);
    }
}
