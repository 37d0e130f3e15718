//! The app crate's tests that need no window, kept out of the shipping crate: the security configuration
//! (`security_config`), every command fuzzed through Tauri's IPC on the mock runtime (`ipc_fuzz`), the installers'
//! configuration (`bundle_config`) and the edit round-trip on the large-city workbook (`bench`). They reach the app
//! through `dxplan_app`'s public items: the handler (`with_commands`), the compiled context, the state and the one
//! command list (`commands::names::COMMANDS`).

mod bench;
mod bench_import;
mod bundle_config;
mod cost;
mod import;
mod ipc_fuzz;
mod rollup;
mod security_config;
