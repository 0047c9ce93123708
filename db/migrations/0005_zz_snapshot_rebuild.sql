CREATE TABLE "funding_balance_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_account_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"currency" text NOT NULL,
	"available" bigint,
	"frozen" bigint,
	"total" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_sync_status" (
	"provider_account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	CONSTRAINT "provider_sync_status_provider_account_id_kind_pk" PRIMARY KEY("provider_account_id","kind")
);
--> statement-breakpoint
ALTER TABLE "funding_balances" ALTER COLUMN "available" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "funding_balances" ALTER COLUMN "frozen" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "funding_balances" ALTER COLUMN "frozen" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_orders" ADD COLUMN "last_submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "funding_balances" ADD COLUMN "label" text;--> statement-breakpoint
ALTER TABLE "funding_balances" ADD COLUMN "total" bigint;--> statement-breakpoint
ALTER TABLE "funding_balance_history" ADD CONSTRAINT "funding_balance_history_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_sync_status" ADD CONSTRAINT "provider_sync_status_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_balance_history_account_time_idx" ON "funding_balance_history" USING btree ("provider_account_id","recorded_at","id");