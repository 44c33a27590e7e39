//! Executes a plan through a backend in dependency order, safely.
