//! When a planned row counts as late: the one rule behind the review's 遅延 rows, the summary's late counts and the
//! red bars of the 工程表 and the 標準化 chart.

use chrono::NaiveDate;

use super::Span;

/// Days a row is past its planned end on `today`, or `None` when it is not overdue: it is closed (no work expected
/// any more), has no plan, or its planned end is today or later.
///
/// What "closed" means depends on the row: a 工程表 task or procedure is closed when 完了, 中止 or 対象外
/// (`Status::is_closed`), a 標準化 step when 完了済み or 対象外 (`StepStatus::is_complete`); the caller says which.
/// A row marked 遅延 by hand is late even before its planned end; that is the caller's status, not this rule.
pub fn days_overdue(closed: bool, plan: Option<Span>, today: NaiveDate) -> Option<i64> {
    match plan {
        Some(p) if !closed && p.end < today => Some((today - p.end).num_days()),
        _ => None,
    }
}

/// Is the row past its planned end and not closed on `today`? See [`days_overdue`].
pub fn is_overdue(closed: bool, plan: Option<Span>, today: NaiveDate) -> bool {
    days_overdue(closed, plan, today).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_open_row_is_overdue_the_day_after_its_planned_end() {
        let plan = Some(Span {
            start: d(2025, 4, 1),
            end: d(2025, 6, 30),
        });
        assert_eq!(days_overdue(false, plan, d(2025, 6, 30)), None);
        assert_eq!(days_overdue(false, plan, d(2025, 7, 1)), Some(1));
        assert_eq!(days_overdue(false, plan, d(2025, 7, 31)), Some(31));
        assert!(is_overdue(false, plan, d(2025, 7, 1)));
    }

    #[test]
    fn a_closed_or_unplanned_row_is_never_overdue() {
        let plan = Some(Span {
            start: d(2025, 4, 1),
            end: d(2025, 6, 30),
        });
        assert_eq!(days_overdue(true, plan, d(2026, 1, 1)), None);
        assert_eq!(days_overdue(false, None, d(2026, 1, 1)), None);
        assert!(!is_overdue(true, plan, d(2026, 1, 1)));
    }
}
