SELECT
  c.customer_id
FROM customers AS c
WHERE
  c.gender = 'female'
  AND c.state IN ('TX', 'OK')
  AND 2026 - DATE_PART(YEAR, c.birth_date) - CASE
    WHEN c.birth_date <= CAST('2026-06-30' AS DATE)
    AND (
      DATE_PART(MONTH, c.birth_date) > 6
      OR (
        DATE_PART(MONTH, c.birth_date) = 6 AND DATE_PART(DAY, c.birth_date) > 30
      )
    )
    THEN 1
    WHEN NOT c.birth_date <= CAST('2026-06-30' AS DATE)
    AND (
      DATE_PART(MONTH, c.birth_date) < 6
      OR (
        DATE_PART(MONTH, c.birth_date) = 6 AND DATE_PART(DAY, c.birth_date) < 30
      )
    )
    THEN -1
    ELSE 0
  END BETWEEN 25 AND 34
