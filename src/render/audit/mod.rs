//! The account security audit (`iamform audit`) as terminal text and as Markdown.

mod markdown;
mod text;

pub use markdown::markdown;
pub use text::{summary, text};
