-- transaction_daily_totals: the transactions totals per UTC day, currency, status and provider account, kept exact by
-- the database itself in the same transaction as every write to transactions (ingestion upserts, card linking, any
-- future path). Statement-level triggers with transition tables: one grouped upsert per statement, not per row, and a
-- statement whose rows' totals do not move (a memo, a timestamp) writes nothing here.
-- The per-row contributions are those of transactionTotals (db/queries/transactions.ts); an integration test compares
-- the two over every status, direction and type.
CREATE OR REPLACE FUNCTION transaction_daily_totals_contribution(
  direction text, type text, status text, amount bigint, OUT spent bigint, OUT refunded bigint
) AS $$
  SELECT
    CASE
      WHEN direction = 'debit' AND status IN ('authorised', 'settled') THEN amount
      WHEN direction = 'credit' AND type = 'reversal' AND status = 'settled' THEN -amount
      ELSE 0 END,
    CASE WHEN status = 'refunded' OR (direction = 'credit' AND type = 'refund' AND status = 'settled') THEN amount ELSE 0 END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
--> statement-breakpoint
-- Groups are upserted in key order, so two statements lock the rows they share in the same order.
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*)
    FROM inserted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(r.sign * c.spent), sum(r.sign * c.refunded), sum(r.sign)
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * c.refunded) <> 0 OR sum(r.sign) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_daily_totals_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_daily_totals AS totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      -sum(c.spent), -sum(c.refunded), -count(*)
    FROM deleted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (organization_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_on_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS inserted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_on_insert();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_on_update AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_on_update();
--> statement-breakpoint
CREATE TRIGGER transactions_daily_totals_on_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_daily_totals_on_delete();
--> statement-breakpoint
-- The rows already there, read under a lock that lets no write slip in between this sum and the triggers.
LOCK TABLE transactions IN SHARE MODE;
--> statement-breakpoint
INSERT INTO transaction_daily_totals (organization_id, day, currency, status, provider_account_id, spent, refunded, count)
  SELECT r.organization_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
    sum(c.spent), sum(c.refunded), count(*)
  FROM transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
  GROUP BY 1, 2, 3, 4, 5;
