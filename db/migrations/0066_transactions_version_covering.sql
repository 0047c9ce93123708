-- Hand-written (drizzle cannot declare INCLUDE; db/schema/transactions.ts declares the same key columns): the live-refresh
-- token of someone who sees their own and their teams' rows (transactionsVersion) reads each range's newest stamps from
-- these indexes alone. Without organization_id in them, a range's organisation condition needs the table, and after a
-- bulk write PostgreSQL preferred walking the organisation's newest rows filtered down to the team's: about 10,000
-- rows read for 500 kept, 3-4 ms on every page load and poll of a manager (`npm run bench`, default scale).
DROP INDEX "transactions_owner_updated_idx";--> statement-breakpoint
CREATE INDEX "transactions_owner_updated_idx" ON "transactions" USING btree ("owner_user_id","updated_at") INCLUDE ("organization_id");--> statement-breakpoint
DROP INDEX "transactions_team_updated_idx";--> statement-breakpoint
CREATE INDEX "transactions_team_updated_idx" ON "transactions" USING btree ("team_id","updated_at") INCLUDE ("organization_id");
