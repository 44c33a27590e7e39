//! Plans as text for terminals, Markdown for pull requests, and JSON.
