//! The app crate's tests that need no window, kept out of the shipping crate: the security configuration
//! (`security_config`), every command fuzzed through Tauri's IPC on the mock runtime (`ipc_fuzz`), the installers'
//! configuration (`bundle_config`), the commands of 取り込み (`import`), 運用経費 (`cost`) and the roll-up (`rollup`), and
//! the benchmarks of the edit round-trip and the window-path import (`bench`, `bench_import`). They reach the app
//! through `dxplan_app`'s public items: the handler (`with_commands`), the compiled context, the state and the one
//! command list (`commands::names::COMMANDS`); `support` builds the app on the mock runtime and makes the calls.

mod bench;
mod bench_drag;
mod bench_import;
mod bench_shift;
mod bundle_config;
mod chart;
mod cost;
mod import;
mod inquiry;
mod ipc_fuzz;
mod money;
mod org_chart;
mod rollup;
mod security_config;
mod shift;
mod support;
mod trend;
