-- A transaction the provider lists but the sync cannot read exactly (lib/providers/normalize.ts readTransactionRows) is
-- left out of the ledger. Until now only the account's sync lastError said so, and the next successful sweep cleared
-- it without ever reading the row again. Each such row is now kept here, per account and provider transaction id (an
-- id-less row by the sha256 of its reason), until a later read stores a transaction with that id (resolved_at); the
-- account's sync status lists the open ones. transaction_rows_unread_open_idx serves that list (first_seen_at, id).
CREATE TABLE "transaction_rows_unread" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_account_id" uuid NOT NULL,
	"provider_transaction_id" text,
	"reason_key" text NOT NULL,
	"reason" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD CONSTRAINT "transaction_rows_unread_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "transaction_rows_unread_transaction_unique" ON "transaction_rows_unread" USING btree ("provider_account_id","provider_transaction_id") WHERE "transaction_rows_unread"."provider_transaction_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "transaction_rows_unread_no_id_unique" ON "transaction_rows_unread" USING btree ("provider_account_id","reason_key") WHERE "transaction_rows_unread"."provider_transaction_id" is null;--> statement-breakpoint
CREATE INDEX "transaction_rows_unread_open_idx" ON "transaction_rows_unread" USING btree ("provider_account_id","first_seen_at","id") WHERE "transaction_rows_unread"."resolved_at" is null;