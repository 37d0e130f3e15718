//! Workbooks dxplan makes rather than reads: from the national templates, the demo city, the generated large city.

pub mod demo;
mod demo_money;
mod demo_training;
pub mod generated;
pub mod history;
pub mod municipalities;
pub mod subsidies;
pub mod templates;
