-- dxplan workbook schema, version 5: the category of a 特定移行支援 事由, as the national survey asks it.
-- system.specified_cause: one of the five categories (mainframe, custom_built, no_compliant_product,
-- vendor_capacity, other) for a 特定移行支援システム, NULL otherwise. Existing 特定移行支援 systems are filed under
-- the category their 事由 text mentions (the words SpecifiedCause::infer looks for), else 'other'.

ALTER TABLE system ADD COLUMN specified_cause TEXT
    CHECK (specified_cause IS NULL OR specified_cause IN
           ('mainframe', 'custom_built', 'no_compliant_product', 'vendor_capacity', 'other'));

UPDATE system SET specified_cause = CASE
    WHEN specified_reason LIKE '%メインフレーム%' OR specified_reason LIKE '%汎用機%' OR specified_reason LIKE '%ホスト%'
        THEN 'mainframe'
    WHEN specified_reason LIKE '%個別開発%' OR specified_reason LIKE '%独自開発%' OR specified_reason LIKE '%自庁開発%'
        THEN 'custom_built'
    WHEN specified_reason LIKE '%提供しない%' OR specified_reason LIKE '%未提供%' OR specified_reason LIKE '%提供されない%'
         OR specified_reason LIKE '%提供予定がない%'
        THEN 'no_compliant_product'
    WHEN specified_reason LIKE '%リソース%' OR specified_reason LIKE '%要員%' OR specified_reason LIKE '%人員不足%'
        THEN 'vendor_capacity'
    ELSE 'other'
END
WHERE specified;
