//! Integration tests: one binary, a module per feature. The CLI is exercised through its real binary.

mod architecture;
mod backups;
mod baselines;
mod cli;
mod corrupt;
mod crash;
mod faults;
mod hostile;
mod locking;
mod offline;
mod pdf;
mod schema;
mod store;
mod support;
mod training;
mod xlsx;
