-- A low-balance crossing is keyed by its funding source too: NobePay funds each card segment (BIN) apart, so a card
-- pays only from its own segment and each segment crosses its threshold on its own (nobepay.md card/vd/list
-- accountBalance: 该卡段账户余额). scope is the segment's, or '' for an account's whole currency, which every crossing
-- stored so far was judged on: those rows stay valid as they are, and a NobePay one is closed by the next refresh,
-- whose segments replace it.
DROP INDEX "low_balance_alerts_open_unique";--> statement-breakpoint
ALTER TABLE "low_balance_alerts" ADD COLUMN "scope" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "low_balance_alerts_open_unique" ON "low_balance_alerts" USING btree ("provider_account_id","currency","scope") WHERE "low_balance_alerts"."recovered_at" is null;