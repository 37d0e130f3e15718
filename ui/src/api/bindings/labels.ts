// Generated from the Rust label() functions (dxplan::labels) by src-tauri/src/labels.rs. Do not edit:
// DXPLAN_WRITE_BINDINGS=1 cargo test -p dxplan-app bindings
import type { Area } from "./Area";
import type { CourseFormat } from "./CourseFormat";
import type { Employment } from "./Employment";
import type { EnrolmentStatus } from "./EnrolmentStatus";
import type { InitiativeGroup } from "./InitiativeGroup";
import type { LinkMethod } from "./LinkMethod";
import type { Pattern } from "./Pattern";
import type { ProcedureCategory } from "./ProcedureCategory";
import type { Role } from "./Role";
import type { Status } from "./Status";
import type { StepStatus } from "./StepStatus";
import type { SystemGroup } from "./SystemGroup";
import type { UnitKind } from "./UnitKind";

export const STATUS: Record<Status, string> = {
  "not_started": "未着手",
  "in_progress": "作業中",
  "done": "完了",
  "delayed": "遅延",
  "cancelled": "中止",
  "not_applicable": "対象外",
};

export const STEP_STATUS: Record<StepStatus, string> = {
  "not_started": "未着手",
  "in_progress": "作業中",
  "done": "完了済み",
  "not_applicable": "対象外",
};

export const LINK_METHOD: Record<LinkMethod, string> = {
  "transcribe": "方式1 転記",
  "rpa": "方式2 RPA等簡易ツール",
  "screen_import": "方式3 入力画面に取込機能",
  "bulk_import": "方式4 一括取込",
};

export const PROCEDURE_CATEGORY: Record<ProcedureCategory, string> = {
  "childcare": "子育て",
  "care": "介護",
  "disaster": "被災者支援",
  "vehicle": "自動車保有",
};

export const UNIT_KIND: Record<UnitKind, string> = {
  "department": "部",
  "section": "課",
  "subsection": "係",
  "office": "室",
  "headquarters": "本部",
  "committee": "部会",
  "subcommittee": "分科会",
  "council": "会議体",
  "secretariat": "事務局",
};

export const ROLE: Record<Role, string> = {
  "mayor": "首長",
  "cio": "CIO",
  "cio_adviser": "CIO補佐官",
  "chair": "長",
  "vice_chair": "副",
  "member": "構成員",
  "secretariat": "事務局",
};

export const EMPLOYMENT: Record<Employment, string> = {
  "staff": "職員",
  "special_part_time": "特別職非常勤",
  "contract": "業務委託",
};

export const INITIATIVE_GROUP: Record<InitiativeGroup, string> = {
  "bpr": "BPRの取組みの徹底",
  "targeted": "目標時期等が設定されている取組み",
  "other": "その他の取組み",
};

export const SYSTEM_GROUP: Record<SystemGroup, string> = {
  "separate": "別枠",
  "first": "第1グループ",
  "second": "第2グループ",
  "added": "追加",
  "other": "その他",
};

export const PATTERN: Record<Pattern, string> = {
  "A": "A",
  "B": "B",
};

export const COURSE_FORMAT: Record<CourseFormat, string> = {
  "ojt": "OJT",
  "off_jt": "OFF-JT",
  "e_learning": "eラーニング",
  "qualification": "資格",
};

export const ENROLMENT_STATUS: Record<EnrolmentStatus, string> = {
  "planned": "予定",
  "completed": "修了",
  "cancelled": "取消",
};

export const AREA: Record<Area, string> = {
  "roadmap": "工程表",
  "migration": "標準化",
  "online": "オンライン化",
};

export const CROSS_CUTTING: UnitKind[] = ["headquarters", "committee", "subcommittee", "council", "secretariat"];
