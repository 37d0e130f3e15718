//! Questions asked of a workbook as of a date: the meeting review, the summary figures, the whole-workbook check.
//! Pure: `today` is passed in.

pub mod check;
pub mod cost;
pub mod review;
pub mod summary;
pub mod trend;
