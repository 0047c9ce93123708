CREATE TABLE "provider_statements" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_account_id" uuid NOT NULL,
	"source" text NOT NULL,
	"provider_log_id" text NOT NULL,
	"card_id" uuid,
	"provider_card_id" text,
	"provider_order_id" text,
	"type" text NOT NULL,
	"direction" text,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"fee" bigint,
	"fee_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total" bigint,
	"available_after" bigint,
	"blocked_after" bigint,
	"status" text,
	"note" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "provider_statements" ADD CONSTRAINT "provider_statements_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_statements" ADD CONSTRAINT "provider_statements_card_id_cards_id_fk" FOREIGN KEY ("card_id") REFERENCES "public"."cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_statements_log_unique" ON "provider_statements" USING btree ("provider_account_id","source","provider_log_id");--> statement-breakpoint
CREATE INDEX "provider_statements_account_time_idx" ON "provider_statements" USING btree ("provider_account_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "provider_statements_card_time_idx" ON "provider_statements" USING btree ("card_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);