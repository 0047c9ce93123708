-- Hand-written (drizzle cannot declare INCLUDE; db/schema/transactions.ts declares the same key columns): a manager's
-- or a person's totals are summed per team and for their own rows from these indexes alone, without the table.
DROP INDEX "transactions_owner_time_idx";--> statement-breakpoint
CREATE INDEX "transactions_owner_time_idx" ON "transactions" USING btree ("owner_user_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("organization_id","team_id","currency","status","direction","type","amount");--> statement-breakpoint
DROP INDEX "transactions_team_time_idx";--> statement-breakpoint
CREATE INDEX "transactions_team_time_idx" ON "transactions" USING btree ("team_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) INCLUDE ("organization_id","currency","status","direction","type","amount");
