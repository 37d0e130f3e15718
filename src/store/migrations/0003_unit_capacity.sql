-- dxplan workbook schema, version 2: a 課's capacity for 標準化 work.
-- org_unit.step_capacity: how many 標準化 steps the unit can carry in one month (the 山積み chart marks the months
-- above it); NULL = not set. Existing units get NULL.

ALTER TABLE org_unit ADD COLUMN step_capacity INTEGER CHECK (step_capacity IS NULL OR step_capacity BETWEEN 1 AND 999);
