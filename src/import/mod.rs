//! Files the office receives, turned into edits: staff lists, training records, Excel 工程表, step templates and
//! yearly 運用経費.
//!
//! Every importer reads rows (`cells`: .xlsx through calamine, CSV in UTF-8 or Shift_JIS with `text` decoding and
//! folding), finds its columns by header (`columns`), and plans its edits as an [`ImportPlan`] (`plan`): one
//! `Edit::Batch` plus a per-row account (added / changed / unchanged / rejected) that a `--dry-run` lists and that
//! is applied as one `Store::apply` (one transaction). Nothing here writes the workbook.

pub mod cells;
pub mod columns;
pub mod costs;
pub mod fills;
pub mod inquiry;
pub mod paste;
pub mod plan;
pub mod progress;
pub mod schedule;
pub mod staff;
pub mod steps;
pub mod text;
pub mod training;

pub use cells::read_file;
pub use plan::{ImportPlan, PlanLine};
pub use progress::Progress;
pub use schedule::{plan_xlsx_import, plan_xlsx_import_watched};
pub use steps::{plan_steps_import, plan_steps_import_watched, read_steps_file, steps_rows};
pub use text::Encoding;
