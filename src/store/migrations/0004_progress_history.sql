-- dxplan workbook schema: progress history (issue #12 §2).
-- Each dated change of status, progress or actual dates of a 工程表 task, a 標準化 step or an オンライン化 procedure,
-- as the state the row had from `effective_on` on. `status` is a `Status` key (a step's 完了済み is `done`).
-- Entries outlive a deleted row (history is history; an undone delete finds its entries again).

CREATE TABLE progress_entry (
    id            INTEGER PRIMARY KEY,
    effective_on  TEXT NOT NULL,
    row_kind      TEXT NOT NULL CHECK (row_kind IN ('task', 'step', 'procedure')),
    row_id        INTEGER NOT NULL,
    status        TEXT NOT NULL,
    progress      INTEGER CHECK (progress BETWEEN 0 AND 100),
    actual_start  TEXT,
    actual_end    TEXT
);
CREATE INDEX progress_entry_row ON progress_entry(row_kind, row_id, effective_on);

-- An existing workbook starts its history with its current state: one entry per row that has left its initial
-- state, dated its actual end (done), else its actual start, else the file's last change (`migration_context`,
-- a temporary table the store fills before migrating).
INSERT INTO progress_entry (effective_on, row_kind, row_id, status, progress, actual_start, actual_end)
SELECT COALESCE(actual_end, actual_start, (SELECT last_change FROM temp.migration_context)),
       'task', id, status, progress, actual_start, actual_end
FROM task
WHERE status <> 'not_started' OR progress <> 0 OR actual_start IS NOT NULL OR actual_end IS NOT NULL
ORDER BY id;

INSERT INTO progress_entry (effective_on, row_kind, row_id, status, progress, actual_start, actual_end)
SELECT COALESCE(actual_end, actual_start, (SELECT last_change FROM temp.migration_context)),
       'step', id, status, NULL, actual_start, actual_end
FROM system_step
WHERE status <> 'not_started' OR actual_start IS NOT NULL OR actual_end IS NOT NULL
ORDER BY id;

INSERT INTO progress_entry (effective_on, row_kind, row_id, status, progress, actual_start, actual_end)
SELECT COALESCE(actual_end, actual_start, (SELECT last_change FROM temp.migration_context)),
       'procedure', id, status, NULL, actual_start, actual_end
FROM procedure
WHERE status <> 'not_started' OR actual_start IS NOT NULL OR actual_end IS NOT NULL
ORDER BY id;
