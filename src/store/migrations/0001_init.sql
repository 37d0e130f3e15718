-- dxplan workbook schema, version 1.
-- Dates are ISO 8601 text (YYYY-MM-DD); enums are their snake_case keys; fiscal years are integers (2025 = 令和7年度).

CREATE TABLE workbook (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    municipality    TEXT NOT NULL,
    code            TEXT,
    plan_start      TEXT NOT NULL,
    plan_end        TEXT NOT NULL CHECK (plan_end >= plan_start),
    fy_start_month  INTEGER NOT NULL DEFAULT 4,
    vision          TEXT NOT NULL DEFAULT ''
);

CREATE TABLE policy (
    position  INTEGER PRIMARY KEY,
    text      TEXT NOT NULL
);

CREATE TABLE org_unit (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES org_unit(id),
    sort       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX org_unit_parent ON org_unit(parent_id);

CREATE TABLE unit_link (
    unit_id         INTEGER NOT NULL REFERENCES org_unit(id) ON DELETE CASCADE,
    linked_unit_id  INTEGER NOT NULL REFERENCES org_unit(id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (unit_id, linked_unit_id)
) WITHOUT ROWID;

CREATE TABLE initiative (
    id            INTEGER PRIMARY KEY,
    grp           TEXT NOT NULL,
    code          TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL UNIQUE,
    priority      INTEGER NOT NULL DEFAULT 0,
    reference     INTEGER NOT NULL DEFAULT 0,
    target_label  TEXT NOT NULL DEFAULT '',
    target_date   TEXT,
    owner_unit    INTEGER REFERENCES org_unit(id),
    sort          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE kpi (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    unit           TEXT NOT NULL DEFAULT '',
    target         REAL NOT NULL,
    target_year    INTEGER
);

CREATE TABLE kpi_actual (
    kpi_id  INTEGER NOT NULL REFERENCES kpi(id) ON DELETE CASCADE,
    year    INTEGER NOT NULL,
    value   REAL NOT NULL,
    PRIMARY KEY (kpi_id, year)
) WITHOUT ROWID;

CREATE TABLE task (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER NOT NULL REFERENCES initiative(id),
    name           TEXT NOT NULL,
    owner_unit     INTEGER REFERENCES org_unit(id),
    plan_start     TEXT,
    plan_end       TEXT,
    actual_start   TEXT,
    actual_end     TEXT,
    progress       INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    status         TEXT NOT NULL,
    milestone      INTEGER NOT NULL DEFAULT 0,
    notes          TEXT NOT NULL DEFAULT '',
    sort           INTEGER NOT NULL DEFAULT 0,
    CHECK ((plan_start IS NULL) = (plan_end IS NULL)),
    CHECK (plan_end >= plan_start)
);
CREATE INDEX task_initiative ON task(initiative_id);

CREATE TABLE dependency (
    predecessor  INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    successor    INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    PRIMARY KEY (predecessor, successor),
    CHECK (predecessor <> successor)
) WITHOUT ROWID;

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    staff_no    TEXT UNIQUE,
    name        TEXT NOT NULL,
    kana        TEXT NOT NULL DEFAULT '',
    position    TEXT NOT NULL DEFAULT '',
    unit_id     INTEGER REFERENCES org_unit(id),
    employment  TEXT NOT NULL
);
CREATE INDEX person_unit ON person(unit_id);

CREATE TABLE role_assignment (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    unit_id    INTEGER REFERENCES org_unit(id),
    role       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX role_person ON role_assignment(person_id);

CREATE TABLE skill_area (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE skill_target (
    id        INTEGER PRIMARY KEY,
    position  TEXT NOT NULL,
    skill_id  INTEGER NOT NULL REFERENCES skill_area(id),
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    UNIQUE (position, skill_id)
);

CREATE TABLE course (
    id        INTEGER PRIMARY KEY,
    provider  TEXT NOT NULL DEFAULT '',
    name      TEXT NOT NULL,
    format    TEXT NOT NULL,
    length    TEXT NOT NULL DEFAULT '',
    days      REAL,
    month     INTEGER CHECK (month BETWEEN 1 AND 12),
    audience  TEXT NOT NULL DEFAULT '',
    seats     INTEGER,
    fee_yen   INTEGER,
    UNIQUE (provider, name)
);

CREATE TABLE course_skill (
    course_id  INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
    skill_id   INTEGER NOT NULL REFERENCES skill_area(id),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    PRIMARY KEY (course_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE enrolment (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    course_id     INTEGER NOT NULL REFERENCES course(id),
    year          INTEGER NOT NULL,
    month         INTEGER CHECK (month BETWEEN 1 AND 12),
    status        TEXT NOT NULL,
    completed_on  TEXT
);
CREATE INDEX enrolment_person ON enrolment(person_id);
CREATE INDEX enrolment_course ON enrolment(course_id, year);

CREATE TABLE step_template (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    name  TEXT NOT NULL
);

CREATE TABLE template_step (
    id              INTEGER PRIMARY KEY,
    no              INTEGER NOT NULL UNIQUE,
    code            TEXT NOT NULL DEFAULT '',
    phase           TEXT NOT NULL,
    name            TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '',
    a_pattern_only  INTEGER NOT NULL DEFAULT 0,
    typical_months  INTEGER
);

CREATE TABLE system (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    grp                 TEXT NOT NULL,
    vendor              TEXT NOT NULL DEFAULT '',
    pattern             TEXT,
    target_date         TEXT NOT NULL,
    specified           INTEGER NOT NULL DEFAULT 0,
    specified_reason    TEXT NOT NULL DEFAULT '',
    specified_deadline  TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    sort                INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE system_owner (
    system_id  INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES org_unit(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (system_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE system_step (
    id                INTEGER PRIMARY KEY,
    system_id         INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    template_step_id  INTEGER NOT NULL REFERENCES template_step(id),
    plan_start        TEXT,
    plan_end          TEXT,
    actual_start      TEXT,
    actual_end        TEXT,
    status            TEXT NOT NULL,
    notes             TEXT NOT NULL DEFAULT '',
    UNIQUE (system_id, template_step_id),
    CHECK ((plan_start IS NULL) = (plan_end IS NULL)),
    CHECK (plan_end >= plan_start)
);

CREATE TABLE procedure (
    id               INTEGER PRIMARY KEY,
    no               INTEGER NOT NULL,
    category         TEXT NOT NULL,
    name             TEXT NOT NULL UNIQUE,
    required         INTEGER NOT NULL DEFAULT 0,
    owner_unit       INTEGER REFERENCES org_unit(id),
    link_method      TEXT,
    plan_start       TEXT,
    plan_end         TEXT,
    actual_start     TEXT,
    actual_end       TEXT,
    target_date      TEXT,
    status           TEXT NOT NULL,
    excluded_reason  TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    CHECK ((plan_start IS NULL) = (plan_end IS NULL)),
    CHECK (plan_end >= plan_start)
);

CREATE TABLE baseline (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    taken_on  TEXT NOT NULL
);

CREATE TABLE baseline_entry (
    baseline_id  INTEGER NOT NULL REFERENCES baseline(id) ON DELETE CASCADE,
    row_kind     TEXT NOT NULL CHECK (row_kind IN ('task', 'step', 'procedure')),
    row_id       INTEGER NOT NULL,
    plan_start   TEXT NOT NULL,
    plan_end     TEXT NOT NULL,
    PRIMARY KEY (baseline_id, row_kind, row_id)
) WITHOUT ROWID;
