-- A provider's own update time is now taken only up to 5 minutes past the report's arrival
-- (lib/transactions/ledger-row.ts, PROVIDER_CLOCK_AHEAD_MS): a later one, from a broken clock or a webhook forged with
-- the account's URL, outranked every later read of the provider's list for good. Rows stored before that rule may
-- hold one; it describes no known moment, so it is cleared, and the next read of the list orders them again.
UPDATE "transactions"
SET "provider_updated_at" = NULL
WHERE "provider_updated_at" > "updated_at" + interval '5 minutes';
