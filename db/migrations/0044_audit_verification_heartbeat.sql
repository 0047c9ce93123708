-- A running verification writes the database's clock at every batch it walks (lib/audit/run-verification.ts): a
-- "running" row whose worker has shown no sign of life for a while, or whose time lies in the future, no longer
-- blocks new runs.
ALTER TABLE "audit_verifications" ADD COLUMN IF NOT EXISTS "heartbeat_at" timestamp with time zone;
