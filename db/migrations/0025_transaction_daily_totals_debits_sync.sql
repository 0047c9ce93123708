-- transaction_daily_totals.debits: how many of each group's rows are debits (purchase attempts, approved or not), so
-- the overview's decline rate reads the rollup instead of every debit of the window. The same three statement-level
-- triggers (migration transaction_daily_totals_sync) now keep it too; an update that moves a row's direction, day,
-- status or account moves its debit with it.
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count, debits)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*), count(*) FILTER (WHERE r.direction = 'debit')
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
      sum(r.sign * c.spent), sum(r.sign * c.refunded), sum(r.sign), coalesce(sum(r.sign) FILTER (WHERE r.direction = 'debit'), 0)
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * c.refunded) <> 0 OR sum(r.sign) <> 0
      OR coalesce(sum(r.sign) FILTER (WHERE r.direction = 'debit'), 0) <> 0
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
      -sum(c.spent), -sum(c.refunded), -count(*), -count(*) FILTER (WHERE r.direction = 'debit')
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
-- The debits already there, counted under a lock that lets no write slip in between this count and the triggers.
LOCK TABLE transactions IN SHARE MODE;
--> statement-breakpoint
UPDATE transaction_daily_totals AS totals SET debits = counted.debits
  FROM (
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date AS day, r.currency, r.status, r.provider_account_id, count(*) AS debits
    FROM transactions r
    WHERE r.direction = 'debit'
    GROUP BY 1, 2, 3, 4, 5
  ) AS counted
  WHERE totals.organization_id = counted.organization_id AND totals.day = counted.day AND totals.currency = counted.currency
    AND totals.status = counted.status AND totals.provider_account_id = counted.provider_account_id;
