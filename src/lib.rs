//! dxplan: the planning core of a municipality's DX plan (自治体DX推進計画).
//!
//! Pure modules (no SQLite, no files, no clock): `calendar`, `model`, `review`.
//! Shells around them: `store` (SQLite workbook file), `templates` (national data in `assets/`), `xlsx` (Excel
//! schedules out, Excel and CSV in; its sheet model and import planning are pure), `staff_csv` (personnel lists),
//! `training_import` (training records).

pub mod bench;
pub mod calendar;
pub mod check;
pub mod demo;
pub mod error;
pub mod export;
pub mod layout;
pub mod model;
pub mod review;
pub mod staff_csv;
pub mod store;
pub mod summary;
pub mod templates;
pub mod training_import;
pub mod xlsx;
