// Japanese labels of the model's enum values (the wire carries snake_case keys). The tables are generated from
// the Rust label() functions into ../api/bindings/labels.ts (a stale file fails `cargo test -p dxplan-app`); this
// module keeps the names the screens import.
export {
  STATUS,
  STEP_STATUS,
  LINK_METHOD,
  PROCEDURE_CATEGORY as CATEGORY,
  UNIT_KIND,
  ROLE,
  EMPLOYMENT,
  INITIATIVE_GROUP,
  SYSTEM_GROUP,
  PATTERN,
  COURSE_FORMAT,
  ENROLMENT_STATUS,
  AREA,
  CROSS_CUTTING,
} from "../api/bindings/labels";

export function entries<K extends string>(r: Record<K, string>): [K, string][] {
  return Object.entries(r) as [K, string][];
}
