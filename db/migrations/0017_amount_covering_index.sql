DROP INDEX "transactions_org_amount_idx";--> statement-breakpoint
-- Hand-written (drizzle cannot declare INCLUDE): an amount range's page keys and its totals read this index alone.
CREATE INDEX "transactions_org_amount_covering_idx" ON "transactions" USING btree ("organization_id","amount") INCLUDE ("currency","occurred_at","id","status","direction","type");
