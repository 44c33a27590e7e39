//! Scenario tests of the change order and the cycle check.

mod cycle_tests;
mod order_tests;
