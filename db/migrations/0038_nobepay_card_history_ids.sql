-- NobePay's card history gives an entry no id, and its times are whole seconds: the adapter named an entry
-- card:type:time, so two top-ups of one card in the same second were one line. It now names it card:type:time:amount
-- (lib/providers/nobepay/transform-ledger.ts). Lines stored under the old name are renamed, so the next sync updates
-- them instead of storing each a second time.
UPDATE "provider_statements" AS s
SET "provider_log_id" = s."provider_log_id" || ':' || abs(s."amount")::text
FROM "provider_accounts" AS a
WHERE a."id" = s."provider_account_id"
  AND a."provider" = 'nobepay'
  AND s."provider_log_id" ~ '^[^:]+:[^:]+:[^:]+$';
