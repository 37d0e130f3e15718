//! Workbooks dxplan makes rather than reads: from the national templates, the demo city, the generated large city.

pub mod demo;
pub mod generated;
pub mod history;
pub mod subsidies;
pub mod templates;
