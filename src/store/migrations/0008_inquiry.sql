-- dxplan workbook schema: 照会・回答 rounds (issue #12 §2, §3).
-- A round: its name, 基準日 (as_of), 回答期限 (due), the day its forms were written and a random token the forms
-- carry in their hidden metadata; per 課 asked (in the order asked), who answered and when (NULL until applied).

CREATE TABLE inquiry (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    as_of    TEXT NOT NULL,
    due      TEXT NOT NULL CHECK (due >= as_of),
    created  TEXT NOT NULL,
    token    TEXT NOT NULL UNIQUE CHECK (length(token) = 32)
);

CREATE TABLE inquiry_unit (
    inquiry_id   INTEGER NOT NULL REFERENCES inquiry(id) ON DELETE CASCADE,
    sort         INTEGER NOT NULL,
    unit         TEXT NOT NULL,
    answered_by  TEXT NOT NULL DEFAULT '',
    answered_on  TEXT,
    PRIMARY KEY (inquiry_id, unit)
);
