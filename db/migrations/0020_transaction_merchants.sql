CREATE TABLE "transaction_merchants" (
	"organization_id" uuid NOT NULL,
	"merchant_name" text NOT NULL,
	CONSTRAINT "transaction_merchants_organization_id_merchant_name_pk" PRIMARY KEY("organization_id","merchant_name")
);
--> statement-breakpoint
DROP INDEX "transactions_merchant_trgm_idx";--> statement-breakpoint
ALTER TABLE "transaction_merchants" ADD CONSTRAINT "transaction_merchants_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "transaction_merchants_name_trgm_idx" ON "transaction_merchants" USING gin ("merchant_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "transactions_org_merchant_time_idx" ON "transactions" USING btree ("organization_id","merchant_name","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);