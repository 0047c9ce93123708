-- transaction_merchant_monthly_totals: spend per merchant, UTC month and currency, for the overview's top merchants,
-- kept exact the same way as transaction_daily_totals (migration transaction_daily_totals_sync): statement-level
-- triggers with transition tables, one grouped upsert per statement in key order, spend by
-- transaction_daily_totals_contribution. An update adds its new rows and takes off its old ones, so a row that moves
-- merchant, month, status or amount moves its contribution; rows that are no spend and no purchase write nothing.
CREATE OR REPLACE FUNCTION transaction_merchant_key(merchant_name text) RETURNS text AS $$
  SELECT coalesce(nullif(trim(merchant_name), ''), 'Unknown merchant')
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_is_purchase(direction text, status text) RETURNS integer AS $$
  SELECT CASE WHEN direction = 'debit' AND status IN ('authorised', 'settled') THEN 1 ELSE 0 END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_merchant_monthly_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_merchant_monthly_totals AS totals (organization_id, month, currency, merchant, spent, purchases)
    SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
      sum(c.spent), sum(transaction_is_purchase(r.direction, r.status))
    FROM inserted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE c.spent <> 0 OR transaction_is_purchase(r.direction, r.status) <> 0
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
      sum(r.sign * c.spent), sum(r.sign * transaction_is_purchase(r.direction, r.status))
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * transaction_is_purchase(r.direction, r.status)) <> 0
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
      -sum(c.spent), -sum(transaction_is_purchase(r.direction, r.status))
    FROM deleted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE c.spent <> 0 OR transaction_is_purchase(r.direction, r.status) <> 0
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, month, currency, merchant) DO UPDATE SET
      spent = totals.spent + excluded.spent, purchases = totals.purchases + excluded.purchases;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER transactions_merchant_monthly_totals_on_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS inserted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_merchant_monthly_totals_on_insert();
--> statement-breakpoint
CREATE TRIGGER transactions_merchant_monthly_totals_on_update AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_merchant_monthly_totals_on_update();
--> statement-breakpoint
CREATE TRIGGER transactions_merchant_monthly_totals_on_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_merchant_monthly_totals_on_delete();
--> statement-breakpoint
-- The rows already there, read under a lock that lets no write slip in between this sum and the triggers.
LOCK TABLE transactions IN SHARE MODE;
--> statement-breakpoint
INSERT INTO transaction_merchant_monthly_totals (organization_id, month, currency, merchant, spent, purchases)
  SELECT r.organization_id, date_trunc('month', r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, transaction_merchant_key(r.merchant_name),
    sum(c.spent), sum(transaction_is_purchase(r.direction, r.status))
  FROM transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
  WHERE c.spent <> 0 OR transaction_is_purchase(r.direction, r.status) <> 0
  GROUP BY 1, 2, 3, 4;
