//! Questions asked of a workbook as of a date: the meeting review, the summary figures, the whole-workbook check,
//! and the roll-up of many workbooks.
//! Pure: `today` is passed in.

pub mod check;
pub mod cost;
pub mod inquiry;
pub mod national;
pub mod review;
pub mod rollup;
pub mod summary;
pub mod trend;
pub mod workload;
