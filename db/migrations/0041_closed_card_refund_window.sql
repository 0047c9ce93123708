-- When a card closed (cancelled or expired). The card sync reads a cancelled card again, hourly, for a refund window
-- after it, so money the provider still holds on it (refunds after cancellation) shows (lib/cards/sync-account-cards.ts).
ALTER TABLE "cards" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
-- Cards closed before this: the completion of their cancel order, else their last change (a cancelled Cardepass card
-- was not read again after it closed, so that is about when it closed; a card read since is in the window either way).
UPDATE "cards" AS c
SET "closed_at" = coalesce(
  (SELECT max(o."completed_at") FROM "provider_orders" AS o WHERE o."card_id" = c."id" AND o."type" = 'cancel' AND o."status" = 'completed'),
  c."updated_at"
)
WHERE c."status" IN ('cancelled', 'expired');--> statement-breakpoint
CREATE INDEX "cards_closed_recheck_idx" ON "cards" USING btree ("provider_account_id","closed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "cards"."status" = 'cancelled' and "cards"."provider_card_id" is not null;
