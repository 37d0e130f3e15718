//! Money in the workbook file: 運用経費, 稼働開始年度, 補助金 claims and 予算 are saved by the same edits as every
//! other row, come back from the file as they were written, and every edit is undone by its inverse.

use dxplan::calendar::FiscalYear;
use dxplan::error::ErrorCode;
use dxplan::model::edit::{Edit, Entity, Key};
use dxplan::model::*;
use dxplan::store::Store;

use crate::support::*;

fn city(dir: &std::path::Path) -> (Store, Workbook) {
    let f = dir.join("city.dxplan");
    let wb =
        dxplan::data::templates::national_workbook(WorkbookMeta::new("テスト市").unwrap()).unwrap();
    let _ = Store::create(&f, &wb, false).expect("created");
    let store = Store::open_for_edit(&f).expect("opened for editing");
    let wb = store.load().unwrap();
    (store, wb)
}

fn cost(system_id: Id, year: i32, category: CostCategory, actual: i64) -> RunningCost {
    RunningCost {
        id: 0,
        system_id,
        year: FiscalYear(year),
        category,
        planned: None,
        actual: Some(Yen(actual)),
        note: String::new(),
    }
}

fn put(e: Entity) -> Edit {
    Edit::Put { entity: e }
}

/// The workbook as it stands in the file.
fn reread(store: &Store) -> Workbook {
    normalized(Store::open(store.path()).unwrap().load().unwrap())
}

#[test]
fn a_new_workbook_from_the_templates_carries_the_national_programmes_in_its_file() {
    let dir = tmp();
    let (store, wb) = city(dir.path());
    assert_eq!(
        wb.money.programmes,
        dxplan::data::subsidies::national_programmes().unwrap(),
        "the four shipped programmes"
    );
    drop(store);
    // an empty workbook keeps no programme: the file holds exactly the workbook it was made from
    let f = dir.path().join("empty.dxplan");
    let empty = Workbook::empty(WorkbookMeta::new("空市").unwrap());
    let s = Store::create(&f, &empty, false).unwrap();
    assert!(
        s.load().unwrap().money.programmes.is_empty(),
        "no programme the workbook did not have"
    );
}

#[test]
fn every_money_row_is_saved_and_read_back_as_it_was_written() {
    let dir = tmp();
    let (mut store, mut wb) = city(dir.path());
    let (s1, s2) = (wb.systems[0].id, wb.systems[1].id);
    let init = wb.initiatives[0].id;
    let task = wb.tasks[0].id;
    let edits = vec![
        put(Entity::RunningCost(RunningCost {
            planned: Some(Yen(12_000_000)),
            note: "保守契約".into(),
            ..cost(s1, 2018, CostCategory::CurrentSystem, 11_800_000)
        })),
        put(Entity::RunningCost(RunningCost {
            planned: Some(Yen(4_000_000)),
            actual: None,
            ..cost(s1, 2026, CostCategory::GovCloud, 0)
        })),
        put(Entity::ServiceStart(ServiceStart {
            id: 0,
            system_id: s2,
            year: FiscalYear(2021),
        })),
        put(Entity::Programme(Programme {
            id: 0,
            name: "県の市町村DX補助金".into(),
            kind: ProgrammeKind::Other,
            rate: Rate::parse("1/3").unwrap(),
            first_year: Some(FiscalYear(2024)),
            last_year: None,
            cap: Some(Yen(5_000_000)),
            scope: "研修費".into(),
        })),
        put(Entity::Grant(Grant {
            id: 0,
            programme_id: 1,
            funded: Funded::System(s1),
            year: FiscalYear(2024),
            applied: Some(Yen(30_000_000)),
            decided: Some(Yen(28_000_000)),
            spent: None,
            note: String::new(),
        })),
        put(Entity::Grant(Grant {
            id: 0,
            programme_id: 2,
            funded: Funded::Initiative(init),
            year: FiscalYear(2022),
            applied: Some(Yen(1_000_000)),
            decided: None,
            spent: None,
            note: String::new(),
        })),
        put(Entity::Budget(Budget {
            id: 0,
            budgeted: Budgeted::Initiative(init),
            year: FiscalYear(2025),
            planned: Yen(50_000_000),
            executed: Some(Yen(20_000_000)),
            note: String::new(),
        })),
        put(Entity::Budget(Budget {
            id: 0,
            budgeted: Budgeted::Task(task),
            year: FiscalYear(2025),
            planned: Yen(3_000_000),
            executed: None,
            note: String::new(),
        })),
    ];
    store
        .apply(&mut wb, Edit::Batch { edits })
        .expect("every money row is accepted");
    let back = reread(&store);
    assert_eq!(back.money.running_costs.len(), 2, "{:?}", back.money);
    assert_eq!(back.money.programmes.len(), 5, "four shipped + one added");
    assert_eq!(
        back,
        normalized(wb.clone()),
        "the file holds exactly the workbook in memory"
    );
    assert!(
        store.integrity_problems().unwrap().is_empty(),
        "sound after the edits"
    );
}

#[test]
fn a_running_cost_edit_and_its_undo_both_reach_the_file() {
    let dir = tmp();
    let (mut store, mut wb) = city(dir.path());
    let before = reread(&store);
    let s1 = wb.systems[0].id;
    let added = store
        .apply(
            &mut wb,
            put(Entity::RunningCost(cost(
                s1,
                2026,
                CostCategory::StandardSystem,
                7_000_000,
            ))),
        )
        .unwrap();
    assert_eq!(reread(&store).money.running_costs.len(), 1, "saved");
    let changed = RunningCost {
        id: added.new_id.unwrap(),
        ..cost(s1, 2026, CostCategory::StandardSystem, 6_500_000)
    };
    let replaced = store
        .apply(&mut wb, put(Entity::RunningCost(changed.clone())))
        .unwrap();
    assert_eq!(
        reread(&store).money.running_costs,
        vec![changed],
        "replaced in place"
    );
    store.apply(&mut wb, replaced.inverse).unwrap();
    store.apply(&mut wb, added.inverse).unwrap();
    assert_eq!(
        reread(&store),
        before,
        "two undos give back the file as it was"
    );
}

#[test]
fn a_year_of_costs_for_many_systems_is_one_edit_replacing_and_adding_and_one_undo() {
    let dir = tmp();
    let (mut store, mut wb) = city(dir.path());
    let (s1, s2, s3) = (wb.systems[0].id, wb.systems[1].id, wb.systems[2].id);
    store
        .apply(
            &mut wb,
            put(Entity::RunningCost(cost(
                s1,
                2026,
                CostCategory::GovCloud,
                1_000,
            ))),
        )
        .unwrap();
    let before = reread(&store);
    let applied = store
        .apply(
            &mut wb,
            Edit::SetRunningCosts {
                rows: vec![
                    cost(s1, 2026, CostCategory::GovCloud, 2_000),
                    cost(s2, 2026, CostCategory::GovCloud, 3_000),
                    cost(s3, 2026, CostCategory::Network, 4_000),
                ],
            },
        )
        .expect("accepted");
    let now = reread(&store);
    assert_eq!(now.money.running_costs.len(), 3, "one replaced, two added");
    let s1_row = now
        .money
        .running_costs
        .iter()
        .find(|r| r.system_id == s1)
        .unwrap();
    assert_eq!(
        (s1_row.id, s1_row.actual),
        (before.money.running_costs[0].id, Some(Yen(2_000))),
        "the existing row keeps its id and takes the new amount"
    );
    store.apply(&mut wb, applied.inverse).unwrap();
    assert_eq!(
        reread(&store),
        before,
        "one undo restores the year as it was"
    );

    // a list with one bad line changes nothing
    let err = store
        .apply(
            &mut wb,
            Edit::SetRunningCosts {
                rows: vec![
                    cost(s2, 2026, CostCategory::GovCloud, 3_000),
                    cost(s3, 2026, CostCategory::Network, -4_000),
                ],
            },
        )
        .expect_err("a negative amount is refused");
    assert_eq!(err.code, ErrorCode::Invalid, "{}", err.message);
    assert!(
        err.message.contains("実績額"),
        "names the amount: {}",
        err.message
    );
    assert_eq!(reread(&store), before, "nothing of the list was saved");
    assert_eq!(normalized(wb), before, "nor kept in memory");
}

#[test]
fn deleting_a_system_takes_its_costs_along_and_undo_brings_them_back() {
    let dir = tmp();
    let (mut store, mut wb) = city(dir.path());
    let s1 = wb.systems[0].id;
    store
        .apply(
            &mut wb,
            Edit::SetRunningCosts {
                rows: vec![
                    cost(s1, 2018, CostCategory::CurrentSystem, 9_000_000),
                    cost(s1, 2026, CostCategory::GovCloud, 5_000_000),
                ],
            },
        )
        .unwrap();
    let before = reread(&store);
    let gone = store
        .apply(
            &mut wb,
            Edit::Delete {
                key: Key::System(s1),
            },
        )
        .unwrap();
    let after = reread(&store);
    assert!(
        after.money.running_costs.is_empty(),
        "the system's costs went with it"
    );
    store.apply(&mut wb, gone.inverse).unwrap();
    assert_eq!(
        reread(&store),
        before,
        "undo restores the system, its steps and its costs"
    );
}

#[test]
fn a_system_or_programme_with_claims_is_not_deleted() {
    let dir = tmp();
    let (mut store, mut wb) = city(dir.path());
    let s1 = wb.systems[0].id;
    let name = wb.systems[0].name.clone();
    store
        .apply(
            &mut wb,
            put(Entity::Grant(Grant {
                id: 0,
                programme_id: 1,
                funded: Funded::System(s1),
                year: FiscalYear(2024),
                applied: Some(Yen(10_000_000)),
                decided: None,
                spent: None,
                note: String::new(),
            })),
        )
        .unwrap();
    let before = reread(&store);
    let err = store
        .apply(
            &mut wb,
            Edit::Delete {
                key: Key::System(s1),
            },
        )
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::InUse);
    assert!(
        err.message.contains(&name) && err.message.contains("補助金の申請が1件"),
        "says which system and how many claims: {}",
        err.message
    );
    let err = store
        .apply(
            &mut wb,
            Edit::Delete {
                key: Key::Programme(1),
            },
        )
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::InUse, "{}", err.message);
    assert_eq!(reread(&store), before, "nothing changed");
}
