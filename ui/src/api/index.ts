// The only module that talks to Tauri. Every call resolves with a view value or rejects with an ApiError
// ({code, message, field}); screens never import @tauri-apps/* themselves.
import { invoke } from "@tauri-apps/api/core";

import type { Edit } from "./bindings/Edit";
import type { ActionForm } from "./bindings/ActionForm";
import type { MoveBar } from "./bindings/MoveBar";
import type { PastePlan } from "./bindings/PastePlan";
import type { EditOutcome } from "./bindings/EditOutcome";
import type { EnrolmentView } from "./bindings/EnrolmentView";
import type { Exported } from "./bindings/Exported";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportKind } from "./bindings/ExportKind";
import type { HomeView } from "./bindings/HomeView";
import type { Kpis } from "./bindings/Kpis";
import type { SystemsView } from "./bindings/SystemsView";
import type { OrgView } from "./bindings/OrgView";
import type { PeoplePage } from "./bindings/PeoplePage";
import type { Preview } from "./bindings/Preview";
import type { ProcedureForm } from "./bindings/ProcedureForm";
import type { Review } from "./bindings/Review";
import type { ReviewArgs } from "./bindings/ReviewArgs";
import type { ReviewDefaults } from "./bindings/ReviewDefaults";
import type { RoadmapView } from "./bindings/RoadmapView";
import type { StepForm } from "./bindings/StepForm";
import type { Summary } from "./bindings/Summary";
import type { TrainingView } from "./bindings/TrainingView";
import type { WorkbookInfo } from "./bindings/WorkbookInfo";
import type { DataView } from "./bindings/DataView";
import type { CheckReport } from "./bindings/CheckReport";
import type { Restored } from "./bindings/Restored";
import type { SlippedRow } from "./bindings/SlippedRow";
import type { ImportKind } from "./bindings/ImportKind";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ColumnChoice } from "./bindings/ColumnChoice";
import type { Unit } from "./bindings/Unit";
import type { GrantForm } from "./bindings/GrantForm";
import type { ImportApplied } from "./bindings/ImportApplied";
import type { RollupView } from "./bindings/RollupView";
import type { RollupFormat } from "./bindings/RollupFormat";
import type { CostView } from "./bindings/CostView";
import type { InquiryView } from "./bindings/InquiryView";
import type { InquiryWritten } from "./bindings/InquiryWritten";
import type { InquiryPreview } from "./bindings/InquiryPreview";
import type { CostForm } from "./bindings/CostForm";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ShiftPreview } from "./bindings/ShiftPreview";
import type { CriticalPathView } from "./bindings/CriticalPathView";
import type { OrgChartView } from "./bindings/OrgChartView";
import type { MoneyView } from "./bindings/MoneyView";
import type { ClaimForm } from "./bindings/ClaimForm";
import type { ProgrammeForm } from "./bindings/ProgrammeForm";
import type { BudgetForm } from "./bindings/BudgetForm";
import { toApiError } from "../lib/errors";


/// A page-side observer of IPC timings (set only by the benchmarks in ui/tools/, absent in use).
type IpcTrace = (cmd: string, start: number, end: number) => void;

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const trace = (globalThis as { __dxplanIpcTrace?: IpcTrace }).__dxplanIpcTrace;
  const start = trace ? performance.now() : 0;
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  } finally {
    trace?.(cmd, start, performance.now());
  }
}

export const api = {
  home: () => call<HomeView>("home"),
  openDialog: () => call<WorkbookInfo | null>("open_dialog"),
  openRecent: (index: number) => call<WorkbookInfo>("open_recent", { index }),
  newFromTemplate: (municipality: string, code: string) =>
    call<WorkbookInfo | null>("new_from_template", { municipality, code }),
  openDemo: () => call<WorkbookInfo>("open_demo"),
  closeWorkbook: () => call<void>("close_workbook"),
  workbookInfo: () => call<WorkbookInfo>("workbook_info"),
  applyEdit: (edit: Edit, label: string) => call<EditOutcome>("apply_edit", { edit, label }),
  undo: () => call<WorkbookInfo>("undo"),
  redo: () => call<WorkbookInfo>("redo"),
  summary: () => call<Summary>("summary"),
  roadmap: () => call<RoadmapView>("roadmap_view"),
  org: () => call<OrgView>("org_view"),
  unitPeople: (unitId: number, offset: number, limit: number) =>
    call<PeoplePage>("unit_people", { unitId, offset, limit }),
  training: (year: number | null) => call<TrainingView>("training_view", { year }),
  courseEnrolments: (courseId: number, year: number) =>
    call<EnrolmentView[]>("course_enrolments", { courseId, year }),
  migration: () => call<SystemsView>("systems_view"),
  updateStep: (form: StepForm) => call<EditOutcome>("update_step", { form }),
  updateProcedure: (form: ProcedureForm) => call<EditOutcome>("update_procedure", { form }),
  kpi: () => call<Kpis>("kpi_view"),
  reviewDefaults: () => call<ReviewDefaults>("review_defaults"),
  runReview: (args: ReviewArgs) => call<Review>("run_review", { args }),
  exportFormats: () => call<ExportFormat[]>("export_formats"),
  ganttPreview: () => call<Preview>("gantt_preview"),
  exportFile: (kind: ExportKind, review: ReviewArgs | null = null, unit: Unit | null = null) =>
    call<Exported | null>("export_file", { kind, review, unit }),
  workloadPreview: () => call<Preview>("workload_preview"),
  addAction: (form: ActionForm) => call<EditOutcome>("add_action", { form }),
  closeAction: (id: number, on: string, note: string) => call<EditOutcome>("close_action", { id, on, note }),
  trendPreview: () => call<Preview>("trend_preview"),
  dataView: () => call<DataView>("data_view"),
  takeBaseline: (name: string, date: string) => call<EditOutcome>("take_baseline", { name, date }),
  baselineDiff: (id: number) => call<SlippedRow[]>("baseline_diff", { id }),
  checkReport: () => call<CheckReport>("check_report"),
  restoreBackup: (fileName: string) => call<Restored>("restore_backup", { fileName }),
  saveCopy: () => call<string | null>("save_copy"),
  importPreview: (kind: ImportKind, encoding: string, unit: Unit | null = null) =>
    call<ImportPreview | null>("import_preview", { kind, encoding, unit }),
  importApply: (token: number, acceptPartial: boolean) =>
    call<ImportApplied>("import_apply", { token, acceptPartial }),
  importDiscard: (token: number) => call<void>("import_discard", { token }),
  importCancel: () => call<void>("import_cancel"),
  rollupOpen: () => call<RollupView | null>("rollup_open"),
  rollupExport: (format: RollupFormat) => call<string | null>("rollup_export", { format }),
  costView: () => call<CostView>("cost_view"),
  setRunningCost: (form: CostForm) => call<EditOutcome>("set_running_cost", { form }),
  importProgress: () => call<ImportProgress>("import_progress"),
  moveBar: (form: MoveBar) => call<EditOutcome>("move_bar", { form }),
  pastePreview: (text: string) => call<PastePlan>("paste_preview", { text }),
  pasteApply: (text: string, initiativeId: number) => call<EditOutcome>("paste_apply", { text, initiativeId }),
  roadmapPlanShift: (taskId: number, start: string, end: string) =>
    call<ShiftPreview>("roadmap_plan_shift", { taskId, start, end }),
  roadmapApplyShift: (taskId: number, start: string, end: string, successors: boolean, label: string | null) =>
    call<EditOutcome>("roadmap_apply_shift", { taskId, start, end, successors, label }),
  roadmapCriticalPath: (target: number | null) => call<CriticalPathView>("roadmap_critical_path", { target }),
  orgChart: () => call<OrgChartView>("org_chart_view"),
  exportRoadmapCritical: (target: number | null) => call<Exported | null>("export_roadmap_critical", { target }),
  importRemap: (token: number, columns: ColumnChoice[]) =>
    call<ImportPreview | null>("import_remap", { token, columns }),
  addGrant: (form: GrantForm) => call<EditOutcome>("add_grant", { form }),
  inquiryView: () => call<InquiryView>("inquiry_view"),
  inquiryNew: (name: string, asOf: string, due: string) =>
    call<InquiryWritten | null>("inquiry_new", { name, asOf, due }),
  inquiryRead: (prefer: string) => call<InquiryPreview | null>("inquiry_read", { prefer }),
  inquiryApply: () => call<EditOutcome>("inquiry_apply"),
  moneyView: () => call<MoneyView>("money_view"),
  setGrant: (form: ClaimForm) => call<EditOutcome>("set_grant", { form }),
  deleteGrant: (id: number) => call<EditOutcome>("delete_grant", { id }),
  setProgramme: (form: ProgrammeForm) => call<EditOutcome>("set_programme", { form }),
  deleteProgramme: (id: number) => call<EditOutcome>("delete_programme", { id }),
  setBudget: (form: BudgetForm) => call<EditOutcome>("set_budget", { form }),
  deleteBudget: (id: number) => call<EditOutcome>("delete_budget", { id }),
};
