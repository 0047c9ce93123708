-- A card's statement reads one ledger at a time (lib/statements, db/queries/statements.ts): the card's own lines
-- (source 'card') or the funding account's lines that name the card (source 'account'), each in its own order.
DROP INDEX IF EXISTS "provider_statements_card_time_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "provider_statements_card_source_time_idx" ON "provider_statements" USING btree ("card_id","source","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
-- Cardepass card-ledger lines (accounts/cardAccountLogs) were stored with the provider's sign, which does not say how the
-- card moved: its document lists a withdrawal as BalanceRefund, fundsDirection Income, transAmount +1. They are now
-- signed for the card's balance by type (lib/providers/cardepass/transform-ledger.ts, CARD_LEDGER_SIGN): into the card
-- for ApplyCard and CardTopUp, out of it for BalanceRefund and CardCancel; amount and total alike. Other types, and
-- funding-account lines, keep the provider's sign, as the adapter keeps it.
UPDATE "provider_statements" AS s
SET "amount" = CASE WHEN lower(s."type") IN ('applycard', 'cardtopup') THEN abs(s."amount") ELSE -abs(s."amount") END,
    "total" = CASE WHEN lower(s."type") IN ('applycard', 'cardtopup') THEN abs(s."total") ELSE -abs(s."total") END
FROM "provider_accounts" AS a
WHERE a."id" = s."provider_account_id"
  AND a."provider" = 'cardepass'
  AND s."source" = 'card'
  AND lower(s."type") IN ('applycard', 'cardtopup', 'balancerefund', 'cardcancel');
