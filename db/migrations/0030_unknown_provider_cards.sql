CREATE TABLE "unknown_provider_cards" (
	"provider_account_id" uuid NOT NULL,
	"provider_card_id" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unknown_provider_cards_provider_account_id_provider_card_id_pk" PRIMARY KEY("provider_account_id","provider_card_id")
);
--> statement-breakpoint
ALTER TABLE "unknown_provider_cards" ADD CONSTRAINT "unknown_provider_cards_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;