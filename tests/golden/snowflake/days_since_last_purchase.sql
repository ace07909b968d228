SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN (
  SELECT
    o.customer_id AS customer_id,
    MAX(o.order_date) AS measure
  FROM orders AS o
  WHERE
    o.order_date <= CAST('2026-06-30' AS DATE)
  GROUP BY
    o.customer_id
) AS days_since_last_purchase
  ON days_since_last_purchase.customer_id = c.customer_id
WHERE
  days_since_last_purchase.measure < CAST('2026-03-02' AS DATE) AND c.email_opt_in
