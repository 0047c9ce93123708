CREATE TABLE "transaction_sync_states" (
	"provider_account_id" uuid PRIMARY KEY NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "transactions_org_time_idx";--> statement-breakpoint
DROP INDEX "transactions_card_time_idx";--> statement-breakpoint
DROP INDEX "transactions_status_idx";--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "provider_card_id" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "owner_user_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "provider_type" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "status_rank" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "provider_status" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "direction" text DEFAULT 'debit' NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "authorised_amount" bigint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "authorised_currency" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "settled_amount" bigint;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "settled_currency" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "merchant_city" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "merchant_category" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "provider_decline_reason" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "memo" text;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "memo_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "authorised_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "provider_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "transactions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "transaction_sync_states" ADD CONSTRAINT "transaction_sync_states_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transactions_owner_time_idx" ON "transactions" USING btree ("owner_user_id","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX "transactions_team_time_idx" ON "transactions" USING btree ("team_id","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX "transactions_account_time_idx" ON "transactions" USING btree ("provider_account_id","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX "transactions_currency_time_idx" ON "transactions" USING btree ("organization_id","currency","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "transactions_merchant_trgm_idx" ON "transactions" USING gin ("merchant_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "transactions_org_updated_idx" ON "transactions" USING btree ("organization_id","updated_at");--> statement-breakpoint
CREATE INDEX "transactions_open_auth_idx" ON "transactions" USING btree ("provider_account_id","occurred_at") WHERE "transactions"."status" = 'authorised';--> statement-breakpoint
CREATE INDEX "transactions_unlinked_idx" ON "transactions" USING btree ("provider_account_id","provider_card_id") WHERE "transactions"."card_id" is null;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events" USING btree ("received_at","id") WHERE "webhook_events"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "transactions_org_time_idx" ON "transactions" USING btree ("organization_id","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX "transactions_card_time_idx" ON "transactions" USING btree ("card_id","occurred_at" desc nulls first,"id" desc nulls first);--> statement-breakpoint
CREATE INDEX "transactions_status_idx" ON "transactions" USING btree ("organization_id","status","occurred_at" desc nulls first,"id" desc nulls first);