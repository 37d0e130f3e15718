//! The イナズマ線 (progress line): on the status date, a line down the chart that bends through each row's
//! progress point — left where the work is behind its plan, right where it is ahead — so a meeting sees the
//! schedule's state at a glance. Pure: the points are dates first, then mm on one page's axis.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::*;
use crate::layout::doc::{Painter, Stroke};

/// Colour of the line (and its legend swatch).
pub(super) const INAZUMA: Rgb = Rgb(0xd9, 0x5f, 0x0e);
/// Width of the line in mm.
pub(super) const INAZUMA_W: f32 = 0.45;

/// Where one row's work stands on the status date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressPoint {
    /// The day the progress point sits at (its x is the start of that day; a finished bar's end is the day after
    /// its last day).
    pub date: NaiveDate,
    /// `date − status date` in days: negative = behind (the line bends left), positive = ahead.
    pub days_ahead: i64,
}

/// The progress point of a row on `status` (the 基準日), or `None` for rows the line does not bend at: headings,
/// 【参考】 rows, rows without a plan, 中止 and 対象外.
///
/// The rule: plan start + progress × plan length (days, end inclusive). A finished row (完了 or 100 %) sits at
/// its end, an unstarted one (no actual start, 0 %) at its start. Two refinements keep the line honest: a
/// finished row is never drawn behind (a row finished on time sits on the status date, not at its long-past
/// end), and a row not yet due to start is never drawn ahead (it sits on the status date). A row that has
/// started but records no percentage (`progress: None`, e.g. a 標準化 step 作業中) counts as on schedule within
/// its plan: the status date, kept between its start and its end.
pub fn progress_point(row: &GanttRow, status: NaiveDate) -> Option<ProgressPoint> {
    if row.kind != RowKind::Item
        || matches!(row.status, BarStatus::Cancelled | BarStatus::NotApplicable)
    {
        return None;
    }
    let (a, b) = row.plan?;
    let (start, end) = (a.min(b), a.max(b));
    let after_end = end + Duration::days(1);
    let len = (after_end - start).num_days();
    let date = match row.progress {
        _ if row.status == BarStatus::Done => after_end.max(status),
        Some(p) if p >= 100 => after_end.max(status),
        Some(p) if p > 0 => {
            let days = (len as f64 * f64::from(p) / 100.0).round() as i64;
            start + Duration::days(days)
        }
        None if row.actual.is_some() || row.status == BarStatus::InProgress => {
            status.clamp(start, after_end)
        }
        _ => start.min(status),
    };
    Some(ProgressPoint {
        date,
        days_ahead: (date - status).num_days(),
    })
}

/// The progress points of every row of a chart on its 基準日 (`chart.today`), one per row.
pub fn progress_points(chart: &GanttChart) -> Vec<Option<ProgressPoint>> {
    chart
        .rows
        .iter()
        .map(|r| progress_point(r, chart.today))
        .collect()
}

/// The vertices of the line on one page, in mm: from the top of the rows down the status date, bending inside
/// each row with a progress point to that point at the row's middle and back. `bands` are the rows' `(y, h)`.
/// Empty when the status date is outside the page's period (the line is drawn on the slice that holds it).
/// Points beyond the period are held at its edge.
pub(super) fn vertices(
    rows: &[GanttRow],
    bands: &[(f32, f32)],
    axis: &TimeAxis,
    status: NaiveDate,
) -> Vec<[f32; 2]> {
    if status < axis.from || status > axis.to || bands.is_empty() {
        return Vec::new();
    }
    let xs = axis.x(status);
    let (lo, hi) = (axis.x0, axis.x_end());
    let mut pts = vec![[xs, bands[0].0]];
    for (r, &(y, h)) in rows.iter().zip(bands) {
        let Some(pp) = progress_point(r, status) else {
            continue;
        };
        if pp.days_ahead == 0 {
            continue;
        }
        let x = axis.x(pp.date).clamp(lo, hi);
        // Bend within the middle half of the row so neighbouring bends never touch.
        pts.push([xs, y + h * 0.2]);
        pts.push([x, y + h * 0.5]);
        pts.push([xs, y + h * 0.8]);
    }
    let (y, h) = bands[bands.len() - 1];
    pts.push([xs, y + h]);
    pts
}

/// Draws the line over the rows of one page.
pub(super) fn draw(
    p: &mut Painter,
    rows: &[GanttRow],
    bands: &[(f32, f32)],
    axis: &TimeAxis,
    status: NaiveDate,
) {
    let pts = vertices(rows, bands, axis, status);
    if pts.len() >= 2 {
        p.polyline(pts, Stroke::solid(INAZUMA, INAZUMA_W));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::doc::Item;
    use crate::layout::gantt::tests::real_metrics;
    use crate::layout::{Document, layout_gantt};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    const STATUS: (i32, u32, u32) = (2025, 11, 20);

    fn status() -> NaiveDate {
        d(STATUS.0, STATUS.1, STATUS.2)
    }

    fn row(plan: (NaiveDate, NaiveDate), status: BarStatus, progress: Option<u8>) -> GanttRow {
        let mut r = GanttRow::new(RowKind::Item, vec!["作業".into()]);
        r.plan = Some(plan);
        r.status = status;
        r.progress = progress;
        r
    }

    fn point(r: &GanttRow) -> (NaiveDate, i64) {
        let p = progress_point(r, status()).expect("an item row with a plan has a progress point");
        (p.date, p.days_ahead)
    }

    /// 2025-10-01..2025-12-31: 92 days.
    fn q3() -> (NaiveDate, NaiveDate) {
        (d(2025, 10, 1), d(2025, 12, 31))
    }

    #[test]
    fn a_row_ahead_of_plan_bends_right_to_start_plus_progress_times_length() {
        // 75 % of 92 days = 69 days after 10-01 = 12-09, 19 days after 11-20.
        let r = row(q3(), BarStatus::InProgress, Some(75));
        assert_eq!(point(&r), (d(2025, 12, 9), 19), "75 % of Q3 is 12-09");
    }

    #[test]
    fn a_row_behind_plan_bends_left() {
        // 25 % of 92 days = 23 days after 10-01 = 10-24, 27 days before 11-20.
        let r = row(q3(), BarStatus::InProgress, Some(25));
        assert_eq!(point(&r), (d(2025, 10, 24), -27), "25 % of Q3 is 10-24");
        let late = row((d(2025, 4, 1), d(2025, 9, 30)), BarStatus::Late, Some(50));
        // 183 days × 50 % = 91.5 → 92 days after 04-01 = 07-02; 141 days before 11-20.
        assert_eq!(point(&late), (d(2025, 7, 2), -141), "half of a past plan");
    }

    #[test]
    fn a_finished_row_sits_at_its_end_and_never_behind() {
        let early = row(q3(), BarStatus::Done, Some(100));
        assert_eq!(
            point(&early),
            (d(2026, 1, 1), 42),
            "finished before its planned end: the end of 12-31 is 42 days ahead"
        );
        let on_time = row((d(2025, 4, 1), d(2025, 6, 30)), BarStatus::Done, None);
        assert_eq!(
            point(&on_time),
            (status(), 0),
            "finished long ago: on the status date, not behind"
        );
    }

    #[test]
    fn an_unstarted_row_sits_at_its_start_unless_it_is_not_due_yet() {
        let overdue = row((d(2025, 9, 1), d(2026, 1, 31)), BarStatus::Late, Some(0));
        assert_eq!(
            point(&overdue),
            (d(2025, 9, 1), -80),
            "due to start 09-01, 80 days before 11-20"
        );
        let future = row(
            (d(2026, 1, 5), d(2026, 3, 31)),
            BarStatus::NotStarted,
            Some(0),
        );
        assert_eq!(point(&future), (status(), 0), "not due yet: on the line");
    }

    #[test]
    fn a_started_row_without_a_percentage_counts_as_on_plan_within_its_span() {
        let within = row(q3(), BarStatus::InProgress, None);
        assert_eq!(
            point(&within),
            (status(), 0),
            "inside its plan: on the line"
        );
        let past = row((d(2025, 8, 1), d(2025, 10, 31)), BarStatus::Late, None);
        let mut past = past;
        past.actual = Some((d(2025, 8, 1), None));
        assert_eq!(
            point(&past),
            (d(2025, 11, 1), -19),
            "past its end: held at the end of 10-31"
        );
    }

    #[test]
    fn headings_references_cancelled_and_excluded_rows_and_rows_without_a_plan_have_no_point() {
        let mut g = row(q3(), BarStatus::InProgress, Some(10));
        g.kind = RowKind::Group;
        let mut reference = row(q3(), BarStatus::InProgress, Some(10));
        reference.kind = RowKind::Reference;
        let cancelled = row(q3(), BarStatus::Cancelled, Some(10));
        let excluded = row(q3(), BarStatus::NotApplicable, None);
        let mut no_plan = row(q3(), BarStatus::InProgress, Some(10));
        no_plan.plan = None;
        for (what, r) in [
            ("heading", g),
            ("【参考】", reference),
            ("中止", cancelled),
            ("対象外", excluded),
            ("no plan", no_plan),
        ] {
            assert_eq!(progress_point(&r, status()), None, "{what}: no point");
        }
    }

    fn axis() -> TimeAxis {
        TimeAxis {
            from: d(2025, 4, 1),
            to: d(2026, 3, 31),
            x0: 100.0,
            mm_per_day: 0.5,
        }
    }

    #[test]
    fn on_the_page_each_bend_sits_in_its_own_row_at_the_points_x() {
        let a = axis();
        let rows = vec![
            row(q3(), BarStatus::InProgress, Some(75)),
            row(q3(), BarStatus::InProgress, Some(25)),
            GanttRow::new(RowKind::Group, vec!["見出し".into()]),
            row(q3(), BarStatus::Done, Some(100)),
            row((d(2025, 9, 1), d(2026, 1, 31)), BarStatus::Late, Some(0)),
        ];
        let bands = [
            (50.0, 8.0),
            (58.0, 8.0),
            (66.0, 6.4),
            (72.4, 8.0),
            (80.4, 8.0),
        ];
        let v = vertices(&rows, &bands, &a, status());
        let xs = a.x(status());
        // 04-01 + 233 days = 11-20 → x = 100 + 116.5.
        assert!((xs - 216.5).abs() < 1e-3, "status x {xs}");
        assert_eq!(
            v.first(),
            Some(&[xs, 50.0]),
            "starts at the top of the rows on the status date"
        );
        assert_eq!(
            v.last(),
            Some(&[xs, 88.4]),
            "ends at the foot of the last row"
        );
        let bends: Vec<[f32; 2]> = v
            .iter()
            .copied()
            .filter(|p| (p[0] - xs).abs() > 1e-4)
            .collect();
        let expect = [
            (0, 19.0_f32), // ahead
            (1, -27.0),    // behind
            (3, 42.0),     // finished early
            (4, -80.0),    // not started, overdue
        ];
        assert_eq!(
            bends.len(),
            expect.len(),
            "one bend per row with a point off the line: {v:?}"
        );
        for (b, (i, days)) in bends.iter().zip(expect) {
            let (y, h) = bands[i];
            assert!(
                (b[0] - (xs + days * 0.5)).abs() < 1e-3,
                "row {i}: x {} is {days} days from the status date",
                b[0]
            );
            assert!(
                (b[1] - (y + h / 2.0)).abs() < 1e-3,
                "row {i}: the bend is at the row's middle"
            );
        }
        // Every vertex stays in the row band it belongs to: between consecutive status-line vertices.
        for w in v.windows(3) {
            if (w[1][0] - xs).abs() > 1e-4 {
                let band = bands
                    .iter()
                    .find(|(y, h)| w[1][1] > *y && w[1][1] < y + h)
                    .expect("a bend lies inside a row");
                for p in [w[0], w[2]] {
                    assert!(
                        p[1] > band.0 && p[1] < band.0 + band.1,
                        "the bend's legs {p:?} stay in its row {band:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn points_beyond_the_period_are_held_at_its_edge_and_no_line_is_drawn_off_its_slice() {
        let a = axis();
        let far = row((d(2020, 4, 1), d(2030, 3, 31)), BarStatus::Late, Some(1));
        let v = vertices(std::slice::from_ref(&far), &[(10.0, 8.0)], &a, status());
        assert!(
            v.iter().all(|p| p[0] >= a.x0 && p[0] <= a.x_end()),
            "held inside the chart: {v:?}"
        );
        assert!(
            v.iter().any(|p| (p[0] - a.x0).abs() < 1e-4),
            "a point before the period sits at its left edge: {v:?}"
        );
        assert!(
            vertices(
                std::slice::from_ref(&far),
                &[(10.0, 8.0)],
                &a,
                d(2026, 4, 1)
            )
            .is_empty(),
            "the status date is outside this slice: no line here"
        );
    }

    fn progress_lines(doc: &Document) -> Vec<Vec<Vec<[f32; 2]>>> {
        doc.pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|it| match it {
                        // (the legend's swatch sits in the footer band)
                        Item::Line { points, stroke }
                            if stroke.color == INAZUMA
                                && points[0][1]
                                    < p.height_mm - 10.0 - crate::layout::frame::FOOTER_H =>
                        {
                            Some(points.clone())
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_line_is_drawn_on_every_page_of_a_long_chart_and_stays_on_the_page() {
        let m = real_metrics();
        let spec = PageSpec::a3_fiscal_years(2025, 2025, Scale::Month);
        let mut chart = crate::layout::sample::sample_roadmap();
        chart.today = status();
        chart.progress_line = true;
        chart.rows = (0..90)
            .map(|i| {
                let s = d(2025, 4, 1) + Duration::days(i * 3);
                let mut r = row(
                    (s, s + Duration::days(120)),
                    BarStatus::InProgress,
                    Some((i % 11 * 10) as u8),
                );
                if i % 17 == 0 {
                    r.kind = RowKind::Group;
                }
                r
            })
            .collect();
        let doc = layout_gantt(&chart, &spec, &m).expect("layout");
        assert!(
            doc.pages.len() >= 2,
            "90 rows take more than one A3 page: {}",
            doc.pages.len()
        );
        let margin = spec.sheet.margins_mm;
        for (i, (page, lines)) in doc.pages.iter().zip(progress_lines(&doc)).enumerate() {
            assert_eq!(lines.len(), 1, "page {}: one progress line", i + 1);
            let line = &lines[0];
            assert!(line.len() > 2, "page {}: the line bends", i + 1);
            let xs = line[0][0];
            assert!(
                (line.last().expect("points")[0] - xs).abs() < 1e-4,
                "page {}: starts and ends on the status date",
                i + 1
            );
            for p in line {
                assert!(
                    p[0] >= margin
                        && p[0] <= page.width_mm - margin
                        && p[1] >= margin
                        && p[1] <= page.height_mm - margin,
                    "page {}: {p:?} is on the page inside its margins",
                    i + 1
                );
            }
            assert!(
                line.windows(2).all(|w| w[1][1] >= w[0][1]),
                "page {}: the line only goes down",
                i + 1
            );
        }
        let texts: Vec<&str> = doc.pages[0]
            .items
            .iter()
            .filter_map(|it| match it {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            texts.contains(&"イナズマ線（進捗線）"),
            "the legend names the line"
        );
    }

    #[test]
    fn a_chart_without_the_line_draws_none_and_does_not_name_it() {
        let m = real_metrics();
        let spec = PageSpec::a3_fiscal_years(2021, 2025, Scale::Month);
        let doc =
            layout_gantt(&crate::layout::sample::sample_roadmap(), &spec, &m).expect("layout");
        assert!(
            progress_lines(&doc).iter().all(Vec::is_empty),
            "progress_line is off in the sample"
        );
    }
}
