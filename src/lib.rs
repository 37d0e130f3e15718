//! dxplan: the planning core of a municipality's DX plan (自治体DX推進計画).
//!
//! Pure modules (no SQLite, no files, no clock): `calendar`, `model`, `review`.
//! Shells around them: `store` (SQLite workbook file), `templates` (national data in `assets/`).

pub mod calendar;
pub mod layout;
pub mod export;
