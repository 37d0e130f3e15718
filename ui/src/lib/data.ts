// The データ screen's pure parts: where a チェック finding's link leads, and how a backup's time reads.
import type { Subject } from "../api/bindings/Subject";
import type { Focus, Screen } from "./app.svelte";

/// The screen a finding is about, and the row to show there when that screen can show one.
export function subjectTarget(s: Subject): { screen: Screen; focus: Focus | null } {
  switch (s.kind) {
    case "meta":
      return { screen: "home", focus: null };
    case "vision":
    case "initiative":
    case "dependencies":
      return { screen: "roadmap", focus: null };
    case "task":
      return { screen: "roadmap", focus: { kind: "task", id: s.id } };
    case "units":
    case "person":
      return { screen: "org", focus: null };
    case "course":
      return { screen: "training", focus: { kind: "course", id: s.id } };
    case "enrolment":
      return { screen: "training", focus: null };
    case "kpi":
      return { screen: "kpi", focus: null };
    case "template":
    case "system":
    case "step":
    case "procedure":
      return { screen: "migration", focus: null };
    case "money":
      return { screen: "money", focus: null };
  }
}

/// The link's text: the screen's name in the side bar.
export const SUBJECT_SCREEN_LABEL: Record<Screen, string> = {
  home: "ホーム",
  roadmap: "全体方針",
  org: "推進体制",
  training: "人材育成",
  migration: "標準化・オンライン化",
  kpi: "KPI",
  meeting: "会議",
  export: "出力",
  data: "データ",
  rollup: "集計",
  money: "経費・補助金",
};

/// "2025-11-20T09:15:30" → "2025-11-20 09:15" (the date part is shown in 和暦 by the caller).
export function timeOf(iso: string): string {
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}:${m[2]}` : "";
}
