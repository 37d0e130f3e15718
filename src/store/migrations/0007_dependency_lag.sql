-- dxplan workbook schema: a lag on each finish-to-start dependency (issue #14).
-- dependency.lag: working days (行政機関の休日 skipped) between the predecessor's end and the earliest start of its
-- successor; 0 = it may start on the day the predecessor ends. Existing dependencies get 0, as they behaved.
-- A lead (negative lag) is refused by the model for now, and by this check.

ALTER TABLE dependency ADD COLUMN lag INTEGER NOT NULL DEFAULT 0 CHECK (lag BETWEEN 0 AND 999);
