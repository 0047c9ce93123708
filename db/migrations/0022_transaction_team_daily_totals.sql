CREATE TABLE "transaction_team_daily_totals" (
	"organization_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"provider_account_id" uuid NOT NULL,
	"spent" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "transaction_team_daily_totals_pk" PRIMARY KEY("organization_id","team_id","day","currency","status","provider_account_id")
);
--> statement-breakpoint
ALTER TABLE "transaction_team_daily_totals" ADD CONSTRAINT "transaction_team_daily_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_team_daily_totals" ADD CONSTRAINT "transaction_team_daily_totals_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transaction_team_daily_totals" ADD CONSTRAINT "transaction_team_daily_totals_provider_account_id_provider_accounts_id_fk" FOREIGN KEY ("provider_account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE no action ON UPDATE no action;