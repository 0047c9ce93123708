CREATE TABLE "audit_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by_user_id" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"from_id" bigint,
	"total_rows" integer,
	"checked_rows" integer DEFAULT 0 NOT NULL,
	"last_id" bigint,
	"last_hash" text,
	"row_count" integer,
	"first_bad_id" bigint,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "audit_verifications" ADD CONSTRAINT "audit_verifications_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_verifications_requested_idx" ON "audit_verifications" USING btree ("requested_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);