//! Scenario tests of the change order and of trust cycles among created roles.

mod order_tests;
mod trust_cycle_tests;
