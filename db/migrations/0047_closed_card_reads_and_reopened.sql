-- The card sync reads an expired card as it reads a cancelled one: at most hourly for the refund window after it closed,
-- then no more (lib/cards/sync-account-cards.ts), so the recheck index covers both closed states.
DROP INDEX "cards_closed_recheck_idx";--> statement-breakpoint
-- A cancelled card its provider reports open again stays cancelled and is marked (lib/cards/provider-reopened.ts).
ALTER TABLE "cards" ADD COLUMN "provider_reopened_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "cards_provider_reopened_idx" ON "cards" USING btree ("organization_id","provider_reopened_since" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "cards"."provider_reopened_since" is not null;--> statement-breakpoint
CREATE INDEX "cards_closed_recheck_idx" ON "cards" USING btree ("provider_account_id","closed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "cards"."status" in ('cancelled', 'expired') and "cards"."provider_card_id" is not null;