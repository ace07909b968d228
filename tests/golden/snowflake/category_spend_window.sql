SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN (
  SELECT
    o.customer_id AS customer_id,
    COALESCE(SUM(l.amount), 0) AS measure
  FROM orders AS o
  JOIN order_lines AS l
    ON l.order_id = o.order_id
  WHERE
    o.order_date BETWEEN CAST('2026-01-01' AS DATE) AND CAST('2026-06-30' AS DATE)
    AND l.category IN ('apparel', 'beauty')
  GROUP BY
    o.customer_id
) AS category_spend
  ON category_spend.customer_id = c.customer_id
WHERE
  COALESCE(category_spend.measure, 0) > 200
