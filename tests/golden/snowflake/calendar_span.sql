SELECT
  c.customer_id
FROM customers AS c
WHERE
  CAST('2021-06-30' AS DATE) >= c.signup_date AND c.loyalty_tier = 'gold'
