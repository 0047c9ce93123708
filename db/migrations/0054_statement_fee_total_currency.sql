-- A statement line's fee and total carry their own currency (cardepass-v1.md accounts/cardAccountLogs: totalFee.currency
-- 总手续费币种 and totalAmount.currency 总金额币种 beside transAmount.currency 交易币种). They were stored as bare minor units
-- under the line's currency, so a $0.10 fee on a JPY line read as ¥10. Lines stored so far were read on the assumption
-- that the three currencies match: their fee and total take the line's currency, except where the line's own fee items
-- name another currency. There the stored minor units may be in either, so they are cleared rather than shown as another
-- sum; the fee items keep the fee, and the next read of the line (the daily re-read covers the last 90 days) stores the
-- fee and the total again, each with its own currency.
ALTER TABLE "provider_statements" ADD COLUMN "fee_currency" text;--> statement-breakpoint
ALTER TABLE "provider_statements" ADD COLUMN "total_currency" text;--> statement-breakpoint
UPDATE "provider_statements" AS s
SET "fee" = NULL, "total" = NULL
WHERE (s."fee" IS NOT NULL OR s."total" IS NOT NULL)
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(s."fee_items") AS item WHERE item->>'currency' IS DISTINCT FROM s."currency");--> statement-breakpoint
UPDATE "provider_statements"
SET "fee_currency" = CASE WHEN "fee" IS NULL THEN NULL ELSE "currency" END,
    "total_currency" = CASE WHEN "total" IS NULL THEN NULL ELSE "currency" END
WHERE "fee" IS NOT NULL OR "total" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_statements" ADD CONSTRAINT "provider_statements_fee_currency_given" CHECK (("provider_statements"."fee" is null) = ("provider_statements"."fee_currency" is null));--> statement-breakpoint
ALTER TABLE "provider_statements" ADD CONSTRAINT "provider_statements_total_currency_given" CHECK (("provider_statements"."total" is null) = ("provider_statements"."total_currency" is null));
