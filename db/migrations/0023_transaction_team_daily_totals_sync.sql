-- transaction_team_daily_totals: transaction_daily_totals per team, for the rows with a team, kept exact the same way
-- (migration transaction_daily_totals_sync): statement-level triggers with transition tables, one grouped upsert per
-- statement in key order, the per-row contribution from transaction_daily_totals_contribution. An update adds its new
-- rows and takes off its old ones, so a row that moves team, day, status or amount moves its contribution; a
-- statement that moves nothing here (a memo, a timestamp) writes nothing.
CREATE OR REPLACE FUNCTION transaction_team_daily_totals_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_team_daily_totals AS totals (organization_id, team_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, r.team_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(c.spent), sum(c.refunded), count(*)
    FROM inserted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE r.team_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (organization_id, team_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_team_daily_totals_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_team_daily_totals AS totals (organization_id, team_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, r.team_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      sum(r.sign * c.spent), sum(r.sign * c.refunded), sum(r.sign)
    FROM (
      SELECT n.*, 1 AS sign FROM new_rows n WHERE n.team_id IS NOT NULL
      UNION ALL
      SELECT o.*, -1 AS sign FROM old_rows o WHERE o.team_id IS NOT NULL
    ) r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(r.sign * c.spent) <> 0 OR sum(r.sign * c.refunded) <> 0 OR sum(r.sign) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (organization_id, team_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION transaction_team_daily_totals_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO transaction_team_daily_totals AS totals (organization_id, team_id, day, currency, status, provider_account_id, spent, refunded, count)
    SELECT r.organization_id, r.team_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
      -sum(c.spent), -sum(c.refunded), -count(*)
    FROM deleted_rows r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
    WHERE r.team_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (organization_id, team_id, day, currency, status, provider_account_id) DO UPDATE SET
      spent = totals.spent + excluded.spent, refunded = totals.refunded + excluded.refunded, count = totals.count + excluded.count;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER transactions_team_daily_totals_on_insert AFTER INSERT ON transactions
  REFERENCING NEW TABLE AS inserted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_team_daily_totals_on_insert();
--> statement-breakpoint
CREATE TRIGGER transactions_team_daily_totals_on_update AFTER UPDATE ON transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_team_daily_totals_on_update();
--> statement-breakpoint
CREATE TRIGGER transactions_team_daily_totals_on_delete AFTER DELETE ON transactions
  REFERENCING OLD TABLE AS deleted_rows
  FOR EACH STATEMENT EXECUTE FUNCTION transaction_team_daily_totals_on_delete();
--> statement-breakpoint
-- The rows already there, read under a lock that lets no write slip in between this sum and the triggers.
LOCK TABLE transactions IN SHARE MODE;
--> statement-breakpoint
INSERT INTO transaction_team_daily_totals (organization_id, team_id, day, currency, status, provider_account_id, spent, refunded, count)
  SELECT r.organization_id, r.team_id, (r.occurred_at AT TIME ZONE 'UTC')::date, r.currency, r.status, r.provider_account_id,
    sum(c.spent), sum(c.refunded), count(*)
  FROM transactions r, transaction_daily_totals_contribution(r.direction, r.type, r.status, r.amount) c
  WHERE r.team_id IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6;
