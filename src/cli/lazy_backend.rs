//! The backend of a command that loads manifests first, opened on first use.

use std::cell::OnceCell;

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
