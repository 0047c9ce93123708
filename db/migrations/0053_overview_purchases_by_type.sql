-- The overview's purchases are the rows of type 'purchase', not every debit: a provider's fee row (Cardepass v1
-- TransFee, stored as its own debit of type 'fee') is spend but no purchase attempt, and no purchase at its merchant.
-- transaction_daily_totals.debits now counts each group's purchase attempts (approved or not) for the decline rate, and
-- transaction_merchant_monthly_totals.purchases its approved purchases; the trigger functions of 0025 and 0027 are
-- redefined to count so, and the totals already there are recounted from the rows.
CREATE OR REPLACE FUNCTION transaction_is_purchase(direction text, type text, status text) RETURNS integer AS $$
  SELECT CASE WHEN direction = 'debit' AND type = 'purchase' AND status IN ('authorised', 'settled') THEN 1 ELSE 0 END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count, debits)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*), count(*) FILTER (WHERE r.type = 'purchase')
    FROM inserted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count,
      debits = totals.debits + excluded.debits;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count, debits)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(r.sign * c.spent), sum(r.sign * c.refunded), sum(r.sign), coalesce(sum(r.sign) FILTER (WHERE r.type = 'purchase'), 0)
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * c.refunded) <> 0 OR sum(r.sign) <> 0
      OR coalesce(sum(r.sign) FILTER (WHERE r.type = 'purchase'), 0) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count,
      debits = totals.debits + excluded.debits;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count, debits)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      -sum(c.spent), -sum(c.refunded), -count(*), -count(*) FILTER (WHERE r.type = 'purchase')
    FROM deleted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count,
      debits = totals.debits + excluded.debits;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_merchant_monthly_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_merchant_monthly_totals AS totals (organization_id, month, currency, merchant, spent, purchases)
    SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
      sum(c.spent), sum(transaction_is_purchase(r.direction, r.type, r.status))
    FROM inserted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE c.spent <> 0 OR transaction_is_purchase(r.direction, r.type, r.status) <> 0
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, month, currency, merchant) DO UPDATE SET
      spent = totals.spent + excluded.spent, purchases = totals.purchases + excluded.purchases;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_merchant_monthly_totals_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_merchant_monthly_totals AS totals (organization_id, month, currency, merchant, spent, purchases)
    SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
      sum(r.sign * c.spent), sum(r.sign * transaction_is_purchase(r.direction, r.type, r.status))
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * transaction_is_purchase(r.direction, r.type, r.status)) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, month, currency, merchant) DO UPDATE SET
      spent = totals.spent + excluded.spent, purchases = totals.purchases + excluded.purchases;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_merchant_monthly_totals_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_merchant_monthly_totals AS totals (organization_id, month, currency, merchant, spent, purchases)
    SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
      -sum(c.spent), -sum(transaction_is_purchase(r.direction, r.type, r.status))
    FROM deleted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE c.spent <> 0 OR transaction_is_purchase(r.direction, r.type, r.status) <> 0
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, month, currency, merchant) DO UPDATE SET
      spent = totals.spent + excluded.spent, purchases = totals.purchases + excluded.purchases;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- The rule of 0027, used by nothing any more.
DROP FUNCTION IF EXISTS transaction_is_purchase(text, text);
--> statement-breakpoint
-- The totals already there, recounted under a lock that lets no write slip in between this count and the triggers.
-- Every group's row is there already (the daily rollup has one per group of rows; a merchant group with a purchase now
-- had one before), so zeroing and then setting the counted groups leaves each exactly as the rows say.
LOCK TABLE transactions IN SHARE MODE;
--> statement-breakpoint
UPDATE transaction_daily_totals SET debits = 0 WHERE debits <> 0;
--> statement-breakpoint
UPDATE transaction_daily_totals AS totals SET debits = counted.purchases
  FROM (
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date AS day, r.currency, r.status, r.provider_account_id, count(*) AS purchases
    FROM transactions r
    WHERE r.type = 'purchase'
    GROUP BY 1, 2, 3, 4, 5
  ) AS counted
  WHERE totals.organization_id = counted.organization_id AND totals.day = counted.day AND totals.currency = counted.currency
    AND totals.status = counted.status AND totals.provider_account_id = counted.provider_account_id;
--> statement-breakpoint
UPDATE transaction_merchant_monthly_totals SET purchases = 0 WHERE purchases <> 0;
--> statement-breakpoint
UPDATE transaction_merchant_monthly_totals AS totals SET purchases = counted.purchases
  FROM (
    SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date AS month, r.currency,
      transaction_merchant_key(r.merchant_name) AS merchant, count(*) AS purchases
    FROM transactions r
    WHERE transaction_is_purchase(r.direction, r.type, r.status) = 1
    GROUP BY 1, 2, 3, 4
  ) AS counted
  WHERE totals.organization_id = counted.organization_id AND totals.month = counted.month AND totals.currency = counted.currency
    AND totals.merchant = counted.merchant;
