-- Balances are ranked within one currency (minor units of two currencies are not comparable), and a ShareBalance
-- card, which holds no money of its own, ranks with the cards that have no balance: the currency leads each balance
-- index and the sort key is the expression db/schema/cards.ts (CARD_BALANCE_SORT_KEY) writes.
DROP INDEX "cards_org_balance_idx";--> statement-breakpoint
DROP INDEX "cards_owner_balance_idx";--> statement-breakpoint
DROP INDEX "cards_team_balance_idx";--> statement-breakpoint
CREATE INDEX "cards_org_balance_idx" ON "cards" USING btree ("organization_id","currency",(case when "card_model" = 'sharebalance' then '-9223372036854775808'::bigint else coalesce("balance", '-9223372036854775808'::bigint) end) desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_owner_balance_idx" ON "cards" USING btree ("owner_user_id","currency",(case when "card_model" = 'sharebalance' then '-9223372036854775808'::bigint else coalesce("balance", '-9223372036854775808'::bigint) end) desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_team_balance_idx" ON "cards" USING btree ("team_id","currency",(case when "card_model" = 'sharebalance' then '-9223372036854775808'::bigint else coalesce("balance", '-9223372036854775808'::bigint) end) desc nulls first,"id" DESC NULLS FIRST);