//! Integration tests: one binary, a module per feature. The CLI is exercised through its real binary.

mod architecture;
mod backups;
mod baselines;
mod cli;
mod corrupt;
mod crash;
mod faults;
mod hostile;
mod import_progress;
mod inquiry;
mod inquiry_returns;
mod locking;
mod money;
mod money_cli;
mod money_import;
mod offline;
mod pdf;
mod progress;
mod rollup;
mod schema;
mod store;
mod support;
mod training;
mod workload;
mod xlsx;
