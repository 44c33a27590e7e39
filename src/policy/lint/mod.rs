//! Policy lint (in progress).
