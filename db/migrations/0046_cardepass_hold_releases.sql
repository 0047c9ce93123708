-- Cardepass v1 reports a released hold as a row of its own (ConsumeReversal), naming the hold only by the fields both
-- carry: card, authCode (授权码) and authAmount. The authorisation code is now kept on each row, so ingestion can close
-- the hold the release names (lib/transactions/hold-releases.ts), whichever of the two is read first. The index holds
-- only what may still pair: open holds and release rows not paired yet. Rows stored before this have no code; a later
-- read of the provider's list (each sweep's overlap, the daily re-read of the last 90 days) writes it and pairs them.
ALTER TABLE "transactions" ADD COLUMN "auth_code" text;--> statement-breakpoint
CREATE INDEX "transactions_release_match_idx" ON "transactions" USING btree ("provider_account_id","provider_card_id","auth_code") WHERE "transactions"."auth_code" is not null and ("transactions"."status" = 'authorised' or ("transactions"."status" = 'settled' and "transactions"."type" = 'reversal'));