CREATE TABLE "card_currencies" (
	"organization_id" uuid NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "card_currencies_organization_id_currency_pk" PRIMARY KEY("organization_id","currency")
);
--> statement-breakpoint
DROP INDEX "audit_log_time_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
DROP INDEX "audit_log_action_idx";--> statement-breakpoint
DROP INDEX "audit_log_target_idx";--> statement-breakpoint
DROP INDEX "audit_log_team_idx";--> statement-breakpoint
DROP INDEX "cards_org_created_idx";--> statement-breakpoint
DROP INDEX "cards_owner_idx";--> statement-breakpoint
DROP INDEX "cards_team_idx";--> statement-breakpoint
DROP INDEX "cards_status_idx";--> statement-breakpoint
DROP INDEX "cards_account_idx";--> statement-breakpoint
DROP INDEX "cards_currency_idx";--> statement-breakpoint
DROP INDEX "cards_last4_idx";--> statement-breakpoint
DROP INDEX "provider_orders_card_idx";--> statement-breakpoint
DROP INDEX "transactions_org_time_idx";--> statement-breakpoint
DROP INDEX "transactions_card_time_idx";--> statement-breakpoint
DROP INDEX "transactions_status_idx";--> statement-breakpoint
ALTER TABLE "card_currencies" ADD CONSTRAINT "card_currencies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cards_org_alias_idx" ON "cards" USING btree ("organization_id",lower("alias"),"id");--> statement-breakpoint
CREATE INDEX "cards_org_balance_idx" ON "cards" USING btree ("organization_id",coalesce("balance", '-9223372036854775808'::bigint) desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_owner_alias_idx" ON "cards" USING btree ("owner_user_id",lower("alias"),"id");--> statement-breakpoint
CREATE INDEX "cards_owner_balance_idx" ON "cards" USING btree ("owner_user_id",coalesce("balance", '-9223372036854775808'::bigint) desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_team_alias_idx" ON "cards" USING btree ("team_id",lower("alias"),"id");--> statement-breakpoint
CREATE INDEX "cards_team_balance_idx" ON "cards" USING btree ("team_id",coalesce("balance", '-9223372036854775808'::bigint) desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_team_status_idx" ON "cards" USING btree ("team_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "transactions_merchant_trgm_idx" ON "transactions" USING gin ("merchant_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "transactions_org_amount_idx" ON "transactions" USING btree ("organization_id","amount");--> statement-breakpoint
CREATE INDEX "audit_log_org_time_idx" ON "audit_log" USING btree ("organization_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_team_time_idx" ON "audit_log" USING btree ("team_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_time_idx" ON "audit_log" USING btree ("actor_user_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_actor_email_time_idx" ON "audit_log" USING btree (lower("actor_email"),"occurred_at" desc nulls first,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_action_time_idx" ON "audit_log" USING btree ("action","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_target_time_idx" ON "audit_log" USING btree ("target_type","target_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_org_created_idx" ON "cards" USING btree ("organization_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_owner_idx" ON "cards" USING btree ("owner_user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_team_idx" ON "cards" USING btree ("team_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_status_idx" ON "cards" USING btree ("organization_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_account_idx" ON "cards" USING btree ("provider_account_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_currency_idx" ON "cards" USING btree ("organization_id","currency","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cards_last4_idx" ON "cards" USING btree ("organization_id","last4","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "provider_orders_card_idx" ON "provider_orders" USING btree ("card_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "transactions_org_time_idx" ON "transactions" USING btree ("organization_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "transactions_card_time_idx" ON "transactions" USING btree ("card_id","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "transactions_status_idx" ON "transactions" USING btree ("organization_id","status","occurred_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);