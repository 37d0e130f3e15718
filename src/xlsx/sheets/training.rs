//! The 研修計画 sheet: seats per course and month for each 年度, and under it how far each 職位 (or, with
//! `--personal`, each person) reaches the skill targets, because training is planned against those targets.

use std::collections::{BTreeSet, HashMap};

use chrono::{Months, NaiveDate};

use super::grid::*;
use super::{XlsxOptions, headings, titled};
use crate::calendar::FiscalYear;
use crate::model::training::{SkillGap, SkillLevels};
use crate::model::{EnrolmentStatus, Id, Workbook};
use crate::xlsx::book::{Sheet, SheetBuilder, Style, cell_ref, text_width};

/// Seats taken (planned and completed enrolments) per course and month, for every fiscal year that has any:
/// counted in one pass over the enrolments, which also tells the years.
struct SeatCounts {
    /// per year: seats at `course index * 12 + month counted from April`
    years: Vec<(FiscalYear, Vec<u32>)>,
    /// where the last enrolment's year is in `years`
    last: usize,
    course_ix: crate::model::IdIndex,
    /// per course, the month it is held (for enrolments that give none)
    course_months: Vec<Option<u32>>,
}

impl SeatCounts {
    fn start(wb: &Workbook) -> SeatCounts {
        SeatCounts {
            years: vec![],
            last: 0,
            course_ix: crate::model::IdIndex::new(wb.courses.iter().map(|c| c.id)),
            course_months: wb.courses.iter().map(|c| c.month).collect(),
        }
    }

    #[inline]
    fn add(&mut self, e: &crate::model::Enrolment) {
        if e.status == EnrolmentStatus::Cancelled {
            return;
        }
        let Some(ci) = self.course_ix.get(e.course_id) else {
            return;
        };
        let Some(m) = e
            .month
            .or(self.course_months[ci])
            .filter(|m| (1..=12).contains(m))
        else {
            return;
        };
        // enrolments come in runs of one year: look there first
        if self.years.get(self.last).is_none_or(|(y, _)| *y != e.year) {
            self.last = match self.years.iter().position(|(y, _)| *y == e.year) {
                Some(i) => i,
                None => {
                    let courses = self.course_months.len();
                    self.years.push((e.year, vec![0; courses * 12]));
                    self.years.len() - 1
                }
            };
        }
        self.years[self.last].1[ci * 12 + ((m as usize) + 8) % 12] += 1;
    }

    fn finish(mut self) -> SeatCounts {
        self.years.sort_by_key(|(y, _)| *y);
        self.last = 0;
        self
    }

    fn get(&self, year: FiscalYear, course: usize, month_from_april: usize) -> u32 {
        self.years
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(0, |(_, v)| v[course * 12 + month_from_april])
    }
}

/// Fiscal years shown in 研修計画: the options' range, else every year with enrolments, else this year.
fn training_years(seats: &SeatCounts, opts: &XlsxOptions) -> Vec<FiscalYear> {
    let mut years: BTreeSet<FiscalYear> = BTreeSet::new();
    match (opts.from, opts.to) {
        (Some(f), Some(t)) => {
            let mut y = FiscalYear::of(f);
            while y <= FiscalYear::of(t) && years.len() < 20 {
                years.insert(y);
                y = y.next();
            }
        }
        (Some(f), None) => {
            years.insert(FiscalYear::of(f));
        }
        (None, Some(t)) => {
            years.insert(FiscalYear::of(t));
        }
        (None, None) => years.extend(seats.years.iter().map(|(y, _)| *y)),
    }
    if years.is_empty() {
        years.insert(FiscalYear::of(opts.today));
    }
    years.into_iter().collect()
}

pub(super) fn training_sheet(wb: &Workbook, opts: &XlsxOptions) -> Sheet {
    let mut b = titled("研修計画", wb, "人材育成 研修計画", Some(opts.today));
    // the month grid's seats and the skill levels of the coverage table, counted in one pass over the enrolments
    let mut seats = SeatCounts::start(wb);
    let mut levels = SkillLevels::start(&wb.people, &wb.skill_targets, &wb.courses);
    for e in &wb.enrolments {
        seats.add(e);
        levels.add(e);
    }
    let seats = seats.finish();
    let years = training_years(&seats, opts);
    let months: Vec<NaiveDate> = years
        .iter()
        .flat_map(|y| (0..12).filter_map(move |k| y.start().checked_add_months(Months::new(k))))
        .collect();
    let cols = ["実施主体", "研修名", "形式", "定員"];
    let first_month = cols.len() as u16;
    let head = 3u32;
    b.text(
        2,
        0,
        "研修ごとの受講予定人数（月別）",
        Style::default().bold(),
    );
    headings(&mut b, head, &cols, true);
    month_header(&mut b, head, first_month, &months, opts.today);
    let total_col = first_month + months.len() as u16;
    b.merge(head, total_col, head + 1, total_col, "計", Style::header());
    let mut row = head + 2;
    for (ci, c) in wb.courses.iter().enumerate() {
        b.text(row, 0, &c.provider, Style::cell());
        b.text(row, 1, &c.name, Style::cell());
        b.text(row, 2, c.format.label(), Style::cell());
        match c.seats {
            Some(s) => b.number(row, 3, f64::from(s), Style::cell().right()),
            None => b.text(row, 3, "制限なし", Style::cell().right()),
        }
        let mut total = 0u32;
        for (k, m) in months.iter().enumerate() {
            let n = seats.get(years[k / 12], ci, k % 12);
            let col = first_month + k as u16;
            let mut st = Style::cell().centered();
            if n > 0 {
                st.fill = Some(PLAN);
                b.number(row, col, f64::from(n), st);
                total += n;
            } else {
                if first_of_month(opts.today) == *m {
                    st.fill = Some(TODAY);
                }
                b.blank(row, col, st);
            }
        }
        // the total follows edits of the month cells
        let f = format!(
            "=SUM({}:{})",
            cell_ref(row, first_month),
            cell_ref(row, total_col - 1)
        );
        b.formula(
            row,
            total_col,
            f,
            f64::from(total),
            Style::cell().right().bold(),
        );
        row += 1;
    }
    if wb.courses.is_empty() {
        b.text(row, 0, "（研修がありません）", Style::default());
        row += 1;
    }

    // skill coverage
    row += 2;
    let skills = levels.skills();
    let skill_names: HashMap<Id, &str> =
        wb.skills.iter().map(|s| (s.id, s.name.as_str())).collect();
    let skill_name = |id: &Id| skill_names.get(id).copied().unwrap_or_default();
    if opts.include_personal {
        b.text(
            row,
            0,
            "職員ごとの必要スキルの充足（〇 達成・△ 受講予定で達成・× 不足）",
            Style::default().bold(),
        );
        row += 1;
        let mut hc = vec!["氏名", "所属", "職位"];
        hc.extend(skills.iter().map(skill_name));
        coverage_headings(&mut b, row, first_month, &hc);
        row += 1;
        for (pi, p) in wb.people.iter().enumerate() {
            let marks: Vec<Option<SkillGap>> =
                skills.iter().map(|s| levels.standing(pi, *s)).collect();
            if marks.iter().all(Option::is_none) {
                continue; // their 職位 has no targets
            }
            b.text(row, 0, &p.name, Style::cell());
            b.text(row, 1, wb.unit_name(p.unit_id), Style::cell());
            b.text(row, 2, &p.position, Style::cell());
            for (k, standing) in marks.iter().enumerate() {
                let (mark, fill) = match standing {
                    None => ("", None),
                    Some(g) if g.reached >= g.required => ("〇", Some(PLAN_DONE)),
                    Some(g) if g.planned >= g.required => ("△", Some(PLAN)),
                    Some(_) => ("×", Some(PLAN_LATE)),
                };
                b.text(
                    row,
                    3 + k as u16,
                    mark,
                    Style {
                        fill,
                        ..Style::cell().centered()
                    },
                );
            }
            row += 1;
        }
    } else {
        b.text(
            row,
            0,
            "職位ごとの必要スキルの充足（人数。氏名は --personal で出力）",
            Style::default().bold(),
        );
        row += 1;
        let mut hc = vec![
            "職位".to_string(),
            "人数".into(),
            "全目標達成".into(),
            "受講予定で達成".into(),
        ];
        hc.extend(skills.iter().map(|s| format!("{}不足", skill_name(s))));
        coverage_headings(&mut b, row, first_month, &hc);
        row += 1;
        for c in levels.coverage().positions {
            b.text(row, 0, &c.position, Style::cell());
            b.number(row, 1, c.people as f64, Style::cell().right());
            b.number(row, 2, c.fully_covered as f64, Style::cell().right());
            b.number(
                row,
                3,
                c.covered_when_plans_done as f64,
                Style::cell().right(),
            );
            for (k, s) in skills.iter().enumerate() {
                let col = 4 + k as u16;
                match c.lacking.iter().find(|l| l.skill_id == *s) {
                    Some(l) => b.number(
                        row,
                        col,
                        l.people as f64,
                        Style {
                            fill: (l.people > 0).then_some(PLAN_LATE),
                            ..Style::cell().right()
                        },
                    ),
                    None => b.text(row, col, "—", Style::cell().centered()),
                }
            }
            row += 1;
        }
    }
    b.sheet.freeze = Some((head + 2, first_month));
    b.sheet.repeat_cols = Some((0, 1));
    let mut s = b.finish(6.0, 40.0);
    s.print = month_grid_print(&s, first_month, &months);
    s
}

/// The heading row of a coverage table under the month grid: skill names that fall in the narrow month columns
/// wrap, so the row is made tall enough for the longest of them (neither Excel nor LibreOffice grows a row for
/// wrapped text the file did not size).
fn coverage_headings(
    b: &mut SheetBuilder,
    row: u32,
    first_month: u16,
    headings: &[impl AsRef<str>],
) {
    let mut lines = 1.0f64;
    for (i, h) in headings.iter().enumerate() {
        let col = i as u16;
        b.text(row, col, h.as_ref(), Style::header());
        if col >= first_month {
            // a month column (4.3 characters) holds two full-width characters a line
            lines = lines.max((text_width(h.as_ref()) / 4.0).ceil());
        }
    }
    if lines > 1.0 {
        b.sheet.row_heights.push((row, 15.0 * lines + 4.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::Value;
    use crate::xlsx::bare::generated_workbook;
    use crate::xlsx::sheets::build_book;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn staff_names_appear_only_when_personal_output_is_asked_for() {
        use crate::model::{Person, SkillArea, SkillTarget};
        let mut wb = generated_workbook(1).unwrap();
        wb.skills.push(SkillArea {
            id: 1,
            name: "DX基礎".into(),
            description: String::new(),
        });
        wb.skill_targets.push(SkillTarget {
            id: 1,
            position: "課長".into(),
            skill_id: 1,
            level: 1,
        });
        wb.people.push(Person {
            id: 1,
            staff_no: Some("1".into()),
            name: "髙﨑　花子".into(),
            kana: String::new(),
            position: "課長".into(),
            unit_id: None,
            employment: Default::default(),
        });
        let mut o = XlsxOptions::new(d("2025-10-15"));
        let has_name = |o: &XlsxOptions| {
            build_book(&wb, o).unwrap().sheets[3]
                .cells
                .iter()
                .any(|c| c.value == Value::Text("髙﨑　花子".into()))
        };
        assert!(!has_name(&o), "no names by default");
        o.include_personal = true;
        assert!(has_name(&o), "names with --personal");
    }

    /// The month grid of 研修計画 counts planned and completed seats in the month they fall in, per 年度, and
    /// leaves out cancelled enrolments and 年度 with none.
    #[test]
    fn the_training_grid_counts_seats_per_month_and_year_without_cancelled_ones() {
        use crate::model::{Enrolment, EnrolmentStatus};
        let mut wb = crate::data::demo::demo_workbook().unwrap();
        let course = wb.courses[0].id;
        let person = wb.people[0].id;
        wb.enrolments.clear();
        let mut add = |year: i32, month: u32, status: EnrolmentStatus| {
            let id = wb.enrolments.len() as i64 + 1;
            wb.enrolments.push(Enrolment {
                id,
                person_id: person,
                course_id: course,
                year: FiscalYear(year),
                month: Some(month),
                status,
                completed_on: (status == EnrolmentStatus::Completed).then(|| d("2024-06-30")),
            });
        };
        add(2024, 6, EnrolmentStatus::Completed);
        add(2024, 6, EnrolmentStatus::Planned);
        add(2024, 2, EnrolmentStatus::Planned); // February: the end of 2024年度
        add(2024, 6, EnrolmentStatus::Cancelled);
        add(2026, 6, EnrolmentStatus::Cancelled); // a 年度 with only a cancelled enrolment
        let sheet = training_sheet(&wb, &XlsxOptions::new(d("2025-10-01")));
        let title_row = sheet
            .cells
            .iter()
            .find(|c| matches!(&c.value, Value::Text(t) if *t == wb.courses[0].name))
            .map(|c| c.row)
            .expect("the course has a row");
        let numbers: Vec<(u16, f64)> = sheet
            .cells
            .iter()
            .filter(|c| c.row == title_row && c.col >= 4)
            .filter_map(|c| match c.value {
                Value::Number(n) => Some((c.col, n)),
                Value::Formula { cached, .. } => Some((c.col, cached)),
                _ => None,
            })
            .collect();
        // columns: 4 title columns, then April 2024 … March 2025 (one 年度), then the total
        assert_eq!(
            numbers,
            vec![(4 + 2, 2.0), (4 + 10, 1.0), (4 + 12, 3.0)],
            "June 2024: 2 (one cancelled left out), February 2025: 1, total 3; no column for 2026年度"
        );
    }

    /// Skill names in the narrow month columns wrap: their heading row is tall enough for the longest one.
    #[test]
    fn the_coverage_heading_row_is_tall_enough_for_wrapped_skill_names() {
        let wb = crate::data::demo::demo_workbook().unwrap();
        let sheet = training_sheet(&wb, &XlsxOptions::new(d("2025-10-01")));
        let heads: Vec<&crate::xlsx::Cell> = sheet
            .cells
            .iter()
            .filter(|c| matches!(&c.value, Value::Text(t) if t.ends_with("不足")))
            .collect();
        assert!(!heads.is_empty(), "the coverage table has skill columns");
        let row = heads[0].row;
        let longest = heads
            .iter()
            .map(|c| match &c.value {
                Value::Text(t) => crate::xlsx::text_width(t),
                _ => 0.0,
            })
            .fold(0.0f64, f64::max);
        let height = sheet
            .row_heights
            .iter()
            .find(|(r, _)| *r == row)
            .map(|(_, h)| *h)
            .expect("the heading row has a height");
        let lines = (longest / 4.0).ceil();
        assert!(
            lines >= 3.0 && height >= 15.0 * lines,
            "{lines} lines of about 15 pt need {} pt, the row has {height}",
            15.0 * lines
        );
    }
}
