-- dxplan workbook schema, version 6: 指摘事項・宿題 of the progress meetings.
-- action_item: what a meeting (raised_on = 会議日) asked a 課 (owner_unit) to do by a date (due), open or closed
-- (closed_on), attached to a row of the plan (row_kind + row_id: task, step or procedure) or free-standing.
-- A deleted unit leaves the item without an owner; a deleted row leaves it free-standing (the words stay).

CREATE TABLE action_item (
    id          INTEGER PRIMARY KEY,
    raised_on   TEXT NOT NULL,
    text        TEXT NOT NULL,
    owner_unit  INTEGER REFERENCES org_unit(id) ON DELETE SET NULL,
    due         TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_on   TEXT,
    row_kind    TEXT CHECK (row_kind IS NULL OR row_kind IN ('task', 'step', 'procedure')),
    row_id      INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    CHECK ((row_kind IS NULL) = (row_id IS NULL))
);
CREATE INDEX action_item_raised ON action_item(raised_on);
