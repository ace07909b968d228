SELECT
  c.customer_id
FROM customers AS c
LEFT JOIN (
  SELECT
    e.customer_id AS customer_id,
    COUNT(*) AS measure
  FROM engagement_events AS e
  WHERE
    e.event_type IN ('email_open')
    AND e.event_date BETWEEN CAST('2026-06-17' AS DATE) AND CAST('2026-06-30' AS DATE)
  GROUP BY
    e.customer_id
) AS email_opens
  ON email_opens.customer_id = c.customer_id
WHERE
  COALESCE(email_opens.measure, 0) >= 1
  AND NOT EXISTS(
    SELECT
      1
    FROM orders AS o
    WHERE
      o.customer_id = c.customer_id
      AND o.order_date BETWEEN CAST('2026-06-17' AS DATE) AND CAST('2026-06-30' AS DATE)
  )
