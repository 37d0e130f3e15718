//! TypeScript types of everything crossing the IPC boundary, generated from the Rust types with ts-rs and
//! committed under `ui/src/api/bindings/`, so the page and the commands cannot drift apart silently.
//!
//! The enum label tables are generated beside them (`labels.ts`, see `crate::labels`).
//!
//! `cargo test -p dxplan-app bindings` fails when the committed files are stale;
//! `DXPLAN_WRITE_BINDINGS=1 cargo test -p dxplan-app bindings` rewrites them.

use std::path::{Path, PathBuf};

use ts_rs::TS;

use crate::commands::{
    action, chart, cost, data, export, grants, import, inquiry, org, org_chart, review, roadmap,
    rollup, schedule, systems, training, workbook,
};
use crate::commands::{budgets, money, programmes};

/// Where the committed bindings live.
pub fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/api/bindings")
}

/// Writes every IPC type (and what it refers to) into `dir`, one `.ts` file per type.
///
/// ts-rs maps `i64` to `bigint`, but the wire is JSON: serde writes ids as JSON numbers and `JSON.parse` reads
/// them as `number` (row ids stay far below 2^53). The files are rewritten to say what the page really receives.
pub fn export_all(dir: &Path) -> Result<(), ts_rs::ExportError> {
    export_raw(dir)?;
    for e in std::fs::read_dir(dir)?.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "ts") {
            let body = std::fs::read_to_string(&p)?;
            if body.contains("bigint") {
                std::fs::write(&p, body.replace("bigint", "number"))?;
            }
        }
    }
    std::fs::write(dir.join(crate::labels::FILE), crate::labels::typescript())?;
    Ok(())
}

fn export_raw(dir: &Path) -> Result<(), ts_rs::ExportError> {
    // views answered by the commands
    workbook::HomeView::export_all_to(dir)?;
    workbook::WorkbookInfo::export_all_to(dir)?;
    workbook::EditOutcome::export_all_to(dir)?;
    roadmap::RoadmapView::export_all_to(dir)?;
    org::OrgView::export_all_to(dir)?;
    org::PeoplePage::export_all_to(dir)?;
    training::TrainingView::export_all_to(dir)?;
    training::EnrolmentView::export_all_to(dir)?;
    systems::SystemsView::export_all_to(dir)?;
    systems::StepForm::export_all_to(dir)?;
    systems::ProcedureForm::export_all_to(dir)?;
    review::ReviewDefaults::export_all_to(dir)?;
    export::ExportFormat::export_all_to(dir)?;
    export::Exported::export_all_to(dir)?;
    export::Preview::export_all_to(dir)?;
    review::ReviewArgs::export_all_to(dir)?;
    data::DataView::export_all_to(dir)?;
    data::CheckReport::export_all_to(dir)?;
    data::Restored::export_all_to(dir)?;
    import::ImportPreview::export_all_to(dir)?;
    import::ImportApplied::export_all_to(dir)?;
    rollup::RollupView::export_all_to(dir)?;
    rollup::RollupFormat::export_all_to(dir)?;
    cost::CostView::export_all_to(dir)?;
    cost::CostForm::export_all_to(dir)?;
    import::ImportProgress::export_all_to(dir)?;
    chart::MoveBar::export_all_to(dir)?;
    dxplan::import::paste::PastePlan::export_all_to(dir)?;
    schedule::ShiftPreview::export_all_to(dir)?;
    schedule::CriticalPathView::export_all_to(dir)?;
    org_chart::OrgChartView::export_all_to(dir)?;
    import::ColumnChoice::export_all_to(dir)?;
    grants::GrantForm::export_all_to(dir)?;
    action::ActionForm::export_all_to(dir)?;
    inquiry::InquiryView::export_all_to(dir)?;
    inquiry::InquiryWritten::export_all_to(dir)?;
    inquiry::InquiryPreview::export_all_to(dir)?;
    // core values
    dxplan::query::review::Review::export_all_to(dir)?;
    dxplan::documents::ExportKind::export_all_to(dir)?;
    dxplan::query::summary::Summary::export_all_to(dir)?;
    dxplan::query::summary::Kpis::export_all_to(dir)?;
    dxplan::model::edit::Edit::export_all_to(dir)?;
    dxplan::error::Error::export_all_to(dir)?;
    dxplan::query::review::SlippedRow::export_all_to(dir)?;
    money::MoneyView::export_all_to(dir)?;
    grants::ClaimForm::export_all_to(dir)?;
    programmes::ProgrammeForm::export_all_to(dir)?;
    budgets::BudgetForm::export_all_to(dir)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn read_dir(dir: &Path) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "ts") {
                    out.insert(
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(&p).unwrap(),
                    );
                }
            }
        }
        out
    }

    #[test]
    fn bindings_committed_under_ui_are_up_to_date() {
        let tmp = tempfile::tempdir().unwrap();
        export_all(tmp.path()).unwrap();
        let fresh = read_dir(tmp.path());
        assert!(fresh.len() > 20, "expected many types, got {}", fresh.len());
        for (name, body) in &fresh {
            assert!(
                !body.contains("bigint"),
                "{name}: ids must be numbers in JSON, not bigint"
            );
        }
        let committed_dir = committed_dir();
        if std::env::var_os("DXPLAN_WRITE_BINDINGS").is_some() {
            let _ = std::fs::remove_dir_all(&committed_dir);
            std::fs::create_dir_all(&committed_dir).unwrap();
            for (name, body) in &fresh {
                std::fs::write(committed_dir.join(name), body).unwrap();
            }
        }
        let committed = read_dir(&committed_dir);
        let stale: Vec<&String> = fresh
            .keys()
            .chain(committed.keys())
            .filter(|k| fresh.get(*k) != committed.get(*k))
            .collect();
        assert!(
            stale.is_empty(),
            "ui/src/api/bindings is stale ({stale:?}); run: DXPLAN_WRITE_BINDINGS=1 cargo test -p dxplan-app bindings"
        );
    }
}
