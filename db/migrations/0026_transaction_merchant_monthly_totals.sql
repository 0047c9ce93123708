CREATE TABLE "transaction_merchant_monthly_totals" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"currency" text NOT NULL,
	"merchant" text NOT NULL,
	"spent" bigint DEFAULT 0 NOT NULL,
	"purchases" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "transaction_merchant_monthly_totals_pk" PRIMARY KEY("organization_id","month","currency","merchant")
);
--> statement-breakpoint
ALTER TABLE "transaction_merchant_monthly_totals" ADD CONSTRAINT "transaction_merchant_monthly_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;