-- A corrected Card OPEN-API time zone moves the times that were read in the old one (lib/transactions/time-zone-correction.ts),
-- and only those. Which ones they are is now kept where it cannot be told from the times themselves:
--   transactions.occurred_at_from_provider: occurred_at is a time the provider gave (lib/transactions/occurred-at.ts), not
--     when Cardhub received a report that gave none. A reversed, declined or expired trade keeps the provider's settlement
--     time as when it happened but not as settled_at, so equality with authorised_at or settled_at no longer tells.
--   provider_orders.completed_at_read_in_zone: completed_at is the provider's finish time read in the account's zone, not
--     Cardhub's clock (a failure, a person's confirmation, an answer without a time, a freeze answered with none).
-- Rows stored before this are judged by what they hold. occurred_at equal to authorised_at or settled_at is the provider's.
-- Otherwise, on a Card OPEN-API account, a time on a whole second is the provider's (its `YYYY-MM-DD HH:mm:ss` has no
-- fraction, while Cardhub's clock keeps milliseconds); on the other providers, whose times carry their own offset and are
-- never moved, it is taken as Cardhub's. A Card OPEN-API order's completed_at is the provider's when the order completed
-- an issue or a top-up (the only answers that carry a finish time) on a whole second.
-- The transactions column is added with true for the existing rows (no rewrite of the table) and false for new ones;
-- only the rows that are not the provider's are then written.
ALTER TABLE "transactions" ADD COLUMN "occurred_at_from_provider" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "occurred_at_from_provider" SET DEFAULT false;--> statement-breakpoint
UPDATE "transactions" AS t
SET "occurred_at_from_provider" = false
FROM "provider_accounts" AS a
WHERE a."id" = t."provider_account_id"
  AND t."occurred_at" IS DISTINCT FROM t."authorised_at"
  AND t."occurred_at" IS DISTINCT FROM t."settled_at"
  AND NOT (a."provider" = 'cardopenapi' AND date_trunc('second', t."occurred_at") = t."occurred_at");--> statement-breakpoint
ALTER TABLE "provider_orders" ADD COLUMN "completed_at_read_in_zone" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "provider_orders" AS o
SET "completed_at_read_in_zone" = true
FROM "provider_accounts" AS a
WHERE a."id" = o."provider_account_id"
  AND a."provider" = 'cardopenapi'
  AND o."status" = 'completed'
  AND o."type" IN ('issue', 'topup')
  AND date_trunc('second', o."completed_at") = o."completed_at";--> statement-breakpoint
CREATE INDEX "provider_orders_zone_read_idx" ON "provider_orders" USING btree ("provider_account_id","id") WHERE "provider_orders"."completed_at_read_in_zone";
