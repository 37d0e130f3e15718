//! Files the office receives, turned into edits: staff lists, training records, Excel 工程表 and step templates.

pub mod schedule;
pub mod staff;
pub mod training;
