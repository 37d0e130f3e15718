-- dxplan workbook schema, version 2: money (運用経費, 補助金・財政措置, 予算). Amounts in integer yen.

CREATE TABLE running_cost (
    id         INTEGER PRIMARY KEY,
    system_id  INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    category   TEXT NOT NULL CHECK (category IN
                 ('current_system', 'standard_system', 'gov_cloud', 'network', 'other')),
    planned    INTEGER CHECK (planned BETWEEN 0 AND 1000000000000),
    actual     INTEGER CHECK (actual BETWEEN 0 AND 1000000000000),
    note       TEXT NOT NULL DEFAULT '',
    CHECK (planned IS NOT NULL OR actual IS NOT NULL),
    UNIQUE (system_id, year, category)
);

CREATE TABLE service_start (
    id         INTEGER PRIMARY KEY,
    system_id  INTEGER NOT NULL UNIQUE REFERENCES system(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL CHECK (year > 2018)
);

CREATE TABLE programme (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('subsidy', 'special_grant', 'other')),
    rate_num    INTEGER NOT NULL CHECK (rate_num >= 0),
    rate_den    INTEGER NOT NULL CHECK (rate_den > 0 AND rate_num <= rate_den),
    first_year  INTEGER,
    last_year   INTEGER CHECK (last_year IS NULL OR first_year IS NULL OR last_year >= first_year),
    cap         INTEGER CHECK (cap BETWEEN 0 AND 1000000000000),
    scope       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE grant_claim (           -- "grant" is an SQL keyword
    id             INTEGER PRIMARY KEY,
    programme_id   INTEGER NOT NULL REFERENCES programme(id),
    system_id      INTEGER REFERENCES system(id),
    initiative_id  INTEGER REFERENCES initiative(id),
    year           INTEGER NOT NULL,
    applied        INTEGER CHECK (applied BETWEEN 0 AND 1000000000000),
    decided        INTEGER CHECK (decided BETWEEN 0 AND 1000000000000),
    spent          INTEGER CHECK (spent BETWEEN 0 AND 1000000000000),
    note           TEXT NOT NULL DEFAULT '',
    CHECK ((system_id IS NULL) <> (initiative_id IS NULL))
);
CREATE UNIQUE INDEX grant_claim_system ON grant_claim(programme_id, system_id, year) WHERE system_id IS NOT NULL;
CREATE UNIQUE INDEX grant_claim_initiative ON grant_claim(programme_id, initiative_id, year)
    WHERE initiative_id IS NOT NULL;

CREATE TABLE budget (
    id             INTEGER PRIMARY KEY,
    initiative_id  INTEGER REFERENCES initiative(id) ON DELETE CASCADE,
    task_id        INTEGER REFERENCES task(id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    planned        INTEGER NOT NULL CHECK (planned BETWEEN 0 AND 1000000000000),
    executed       INTEGER CHECK (executed BETWEEN 0 AND 1000000000000),
    note           TEXT NOT NULL DEFAULT '',
    CHECK ((initiative_id IS NULL) <> (task_id IS NULL))
);
CREATE UNIQUE INDEX budget_initiative ON budget(initiative_id, year) WHERE initiative_id IS NOT NULL;
CREATE UNIQUE INDEX budget_task ON budget(task_id, year) WHERE task_id IS NOT NULL;

-- an existing workbook gets the national programmes (new ones get them from the templates)
INSERT INTO programme (id, name, kind, rate_num, rate_den, first_year, last_year, cap, scope) VALUES
 (1, 'デジタル基盤改革支援補助金（自治体情報システムの標準化・共通化）', 'subsidy', 1, 1, NULL, NULL, NULL,
     '準備経費（現行システム分析調査・移行計画策定）・移行経費（接続・データ移行・文字の標準化）'),
 (2, 'デジタル基盤改革支援補助金（手続のオンライン化）', 'subsidy', 1, 2, NULL, 2022, NULL, 'オンライン化に必要なシステム改修'),
 (3, 'デジタル基盤改革支援補助金（次期セキュリティクラウド）', 'subsidy', 1, 2, NULL, 2022, NULL, '次期セキュリティクラウドへの移行'),
 (4, '特別交付税（CIO補佐官等の任用）', 'special_grant', 1, 2, 2021, 2025, NULL, 'CIO補佐官等の外部人材の任用経費');
