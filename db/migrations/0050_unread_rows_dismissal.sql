-- A provider transaction the sync cannot read stays in transaction_rows_unread until a later read stores it (0039), and
-- some never will (a malformed row the provider will not fix). Finance or an administrator may now dismiss such an entry
-- with a reason (dismissed_at, dismissed_by_user_id, dismissal_reason, all three or none): it then no longer counts in
-- the account's sync status, and is listed as dismissed through transaction_rows_unread_dismissed_idx while the ledger
-- lacks it; the open list's index leaves dismissed entries out. opened_at is when an entry last became open, so a
-- dismissal covers only entries open when the person's list was read; an entry kept until now has been open since it
-- was first seen.
DROP INDEX "transaction_rows_unread_open_idx";--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD COLUMN "opened_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "transaction_rows_unread" SET "opened_at" = "first_seen_at";--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD COLUMN "dismissed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD COLUMN "dismissed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD COLUMN "dismissal_reason" text;--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD CONSTRAINT "transaction_rows_unread_dismissed_by_user_id_users_id_fk" FOREIGN KEY ("dismissed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transaction_rows_unread_dismissed_idx" ON "transaction_rows_unread" USING btree ("provider_account_id","dismissed_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "transaction_rows_unread"."resolved_at" is null and "transaction_rows_unread"."dismissed_at" is not null;--> statement-breakpoint
CREATE INDEX "transaction_rows_unread_open_idx" ON "transaction_rows_unread" USING btree ("provider_account_id","first_seen_at","id") WHERE "transaction_rows_unread"."resolved_at" is null and "transaction_rows_unread"."dismissed_at" is null;--> statement-breakpoint
ALTER TABLE "transaction_rows_unread" ADD CONSTRAINT "transaction_rows_unread_dismissal_complete" CHECK (("transaction_rows_unread"."dismissed_at" is null) = ("transaction_rows_unread"."dismissed_by_user_id" is null) and ("transaction_rows_unread"."dismissed_at" is null) = ("transaction_rows_unread"."dismissal_reason" is null));