//! `dxplan export pdf|xlsx|national`: the documents, the workbook and the national report as files.

use dxplan::error::{Error, Result};
use dxplan::model::Span;

use super::{clock_today, date, open, opt_date};
use crate::cli::ExportCommand;

/// `dxplan export pdf|xlsx`.
pub fn run(cmd: ExportCommand) -> Result<()> {
    match cmd {
        ExportCommand::Pdf {
            file,
            personal,
            unit,
            out,
            view,
            paper,
            from,
            to,
            scale,
            today,
            baseline,
            next_meeting,
            confidential,
            critical_path,
        } => {
            use dxplan::documents::{DocumentOptions, ExportKind, document};
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let mut o = DocumentOptions::new(ExportKind::parse(&view)?, today);
            o.paper = match paper
                .as_deref()
                .unwrap_or_default()
                .trim()
                .to_ascii_uppercase()
                .as_str()
            {
                "" => o.paper,
                "A3" | "Ａ３" => dxplan::layout::Paper::A3,
                "A4" | "Ａ４" => dxplan::layout::Paper::A4,
                p => {
                    return Err(Error::field(
                        "paper",
                        format!("用紙「{p}」は使えません（A3 または A4）。"),
                    ));
                }
            };
            o.from = opt_date("from", &from)?;
            o.to = opt_date("to", &to)?;
            if let (Some(f), Some(t)) = (o.from, o.to) {
                Span::new(f, t).map_err(|e| e.with_field("to"))?;
            }
            o.scale = match scale.as_deref().map(str::trim) {
                None | Some("") => None,
                Some("年度") | Some("fy") => Some(dxplan::layout::Scale::FiscalYear),
                Some("四半期") | Some("quarter") => Some(dxplan::layout::Scale::Quarter),
                Some("月") | Some("month") => Some(dxplan::layout::Scale::Month),
                Some(x) => {
                    return Err(Error::field(
                        "scale",
                        format!("目盛り「{x}」は使えません（年度・四半期・月）。"),
                    ));
                }
            };
            o.view_options.baseline = baseline;
            o.view_options.include_personal = personal;
            o.view_options.unit = unit_arg(&unit)?;
            o.view_options.confidentiality = confidential.filter(|c| !c.trim().is_empty());
            let (_, wb) = open(&file)?;
            o.view_options.critical_path = critical_path
                .map(|m| critical_target(&wb, &m))
                .transpose()?;
            if let Some(b) = &o.view_options.baseline
                && wb.baseline_by_name(b).is_none()
            {
                return Err(Error::not_found("基準計画", b.trim()));
            }
            if o.view == ExportKind::Meeting {
                let next = next_meeting.as_deref().ok_or_else(|| {
                    Error::field(
                        "next_meeting",
                        "会議資料には --next-meeting（次回会議の日）が要ります。",
                    )
                })?;
                let request = dxplan::query::review::Request::parse(
                    &today.to_string(),
                    next,
                    o.view_options.baseline.as_deref(),
                    &wb,
                )?;
                o.review = Some(request.review(&wb));
            }
            let font = dxplan::render::Font::load()?;
            let doc = document(&wb, &o, &font.metrics)?;
            dxplan::render::write_pdf(&doc, &font, &out)?;
            println!(
                "「{}」に出力しました（{}、{}ページ）。",
                out.display(),
                o.view.label(),
                doc.pages.len()
            );
            Ok(())
        }
        ExportCommand::Xlsx {
            file,
            out,
            from,
            to,
            today,
            baseline,
            personal,
            unit,
        } => {
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let opts = dxplan::xlsx::XlsxOptions {
                from: opt_date("from", &from)?,
                to: opt_date("to", &to)?,
                today,
                baseline,
                include_personal: personal,
                unit: unit_arg(&unit)?,
            };
            let (_, wb) = open(&file)?;
            dxplan::xlsx::export_xlsx(&wb, &opts, &out)?;
            println!("「{}」に出力しました。", out.display());
            Ok(())
        }
        ExportCommand::National { file, out, today } => {
            let today = match today {
                Some(t) => date("today", &t)?,
                None => clock_today(),
            };
            let (_, wb) = open(&file)?;
            let report = dxplan::query::national::national_report(&wb, today);
            dxplan::xlsx::export_national(&report, &out)?;
            println!(
                "「{}」に出力しました（{}業務、完了率{:.1}%、手順書の作業項目{}）。",
                out.display(),
                report.lines.len(),
                report.completion * 100.0,
                report.template_steps
            );
            Ok(())
        }
    }
}

/// `--critical-path [MILESTONE]`: empty = to the task that ends last; else a task named so (a ◆ first) or its ID.
fn critical_target(wb: &dxplan::model::Workbook, m: &str) -> Result<dxplan::documents::CriticalTo> {
    use dxplan::documents::CriticalTo;
    let m = m.trim();
    if m.is_empty() {
        return Ok(CriticalTo::Latest);
    }
    let mut named: Vec<&dxplan::model::Task> = wb.tasks.iter().filter(|t| t.name == m).collect();
    named.sort_by_key(|t| (!t.milestone, t.sort, t.id));
    if let Some(t) = named.first() {
        return Ok(CriticalTo::Task(t.id));
    }
    if let Ok(id) = m.parse::<i64>()
        && wb.task(id).is_some()
    {
        return Ok(CriticalTo::Task(id));
    }
    Err(Error::field(
        "critical_path",
        format!(
            "クリティカルパスの終点「{m}」という取組内容（マイルストーン）がありません。task list で名前かIDを確かめてください。"
        ),
    ))
}

/// `--unit 円|千円` (omitted: 円), parsed as `dxplan cost --unit` parses it.
fn unit_arg(unit: &Option<String>) -> Result<dxplan::model::cost::Unit> {
    unit.as_deref().map_or(
        Ok(dxplan::model::cost::Unit::Yen),
        dxplan::model::cost::Unit::parse,
    )
}
