//! The one list of the commands the page may call. `build.rs` compiles this file too (`#[path]`) and declares
//! `COMMANDS` to Tauri's ACL manifest; `with_commands` in `lib.rs` registers the same list with
//! `generate_handler!`; the app's tests (`tests/app/`) check the capability, the permission file and the fuzz
//! payloads against `COMMANDS`. A command added here is declared, registered and tested in one step.
//! (Being part of the build script, this file names nothing else of the crate.)

/// Hands every command, as `module::function` of `commands/`, to the macro `$then`.
macro_rules! command_list {
    ($then:ident) => {
        $then! {
            workbook::home,
            workbook::open_dialog,
            workbook::open_recent,
            workbook::new_from_template,
            workbook::open_demo,
            workbook::close_workbook,
            workbook::workbook_info,
            workbook::apply_edit,
            workbook::undo,
            workbook::redo,
            workbook::summary,
            roadmap::roadmap_view,
            org::org_view,
            org::unit_people,
            training::training_view,
            training::course_enrolments,
            systems::systems_view,
            systems::update_step,
            systems::update_procedure,
            kpi::kpi_view,
            review::review_defaults,
            review::run_review,
            export::export_formats,
            export::gantt_preview,
            export::export_file,
            export::workload_preview,
            data::data_view,
            data::take_baseline,
            data::baseline_diff,
            data::check_report,
            data::restore_backup,
            data::save_copy,
            import::import_preview,
            import::import_apply,
            import::import_discard,
            import::import_cancel,
            rollup::rollup_open,
            rollup::rollup_export,
            cost::cost_view,
            cost::set_running_cost,
            import::import_progress,
            export::trend_preview,
            chart::move_bar,
            chart::paste_preview,
            chart::paste_apply,
            schedule::roadmap_plan_shift,
            schedule::roadmap_apply_shift,
            schedule::roadmap_critical_path,
            org_chart::org_chart_view,
            schedule::export_roadmap_critical,
            import::import_remap,
            grants::add_grant,
            inquiry::inquiry_view,
            inquiry::inquiry_new,
            inquiry::inquiry_read,
            inquiry::inquiry_apply,
            action::add_action,
            action::close_action,
            money::money_view,
            grants::set_grant,
            grants::delete_grant,
            programmes::set_programme,
            programmes::delete_programme,
            budgets::set_budget,
            budgets::delete_budget,
        }
    };
}

/// The names the page calls a command list's functions by.
macro_rules! command_names {
    ($($module:ident :: $command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

/// Every command the page may call, by the name the page calls it.
pub const COMMANDS: &[&str] = command_list!(command_names);

pub(crate) use command_list;
