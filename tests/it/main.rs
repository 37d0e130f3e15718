//! Integration tests: one binary, a module per feature. The CLI is exercised through its real binary.

mod cli;
mod pdf;
mod store;
mod support;
mod xlsx;
