SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN (
  SELECT DISTINCT
    o.customer_id AS customer_id
  FROM orders AS o
  JOIN order_lines AS l
    ON l.order_id = o.order_id
  WHERE
    l.category IN ('electronics')
    AND o.order_date BETWEEN CAST('2026-04-01' AS DATE) AND CAST('2026-06-30' AS DATE)
) AS purchased_category
  ON purchased_category.customer_id = c.customer_id
WHERE
  (
    c.state = 'CA'
    OR 2026 - DATE_PART(YEAR, c.birth_date) - CASE
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
    END >= 65
  )
  AND NOT COALESCE((
    NOT purchased_category.customer_id IS NULL
  ), FALSE)
