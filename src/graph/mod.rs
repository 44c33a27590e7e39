//! Dependencies between entities and between changes (petgraph), across accounts.
