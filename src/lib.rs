//! dxplan: the planning core of a municipality's DX plan (自治体DX推進計画).
//!
//! Pure modules (no SQLite, no files, no clock): `calendar`, `model`, `query`, `layout`, `documents`, `labels`.
//! Shells around them: `store` (the SQLite workbook file), `data` (national templates in `assets/`, the demo city,
//! the generated large city), `render` (PDF and SVG writers), `xlsx` (Excel schedules out), `import` (Excel and CSV
//! in: staff lists, training records, 工程表, step templates), `fsx` (atomic file writes and I/O errors, for every
//! writer).

pub mod calendar;
pub mod data;
pub mod documents;
pub mod error;
pub mod fsx;
pub mod import;
pub mod labels;
pub mod layout;
pub mod model;
pub mod query;
pub mod render;
pub mod rollup;
pub mod store;
pub mod xlsx;
