-- A webhook secret in clear let whoever reads the database (a backup, a replica, the app's own login) forge webhooks.
-- Webhooks now find their account by the secret's SHA-256 (hex, as lib/provider-accounts/webhook-secret.ts computes
-- it), and the secret is kept only AES-256-GCM encrypted under ENCRYPTION_KEY, so the admin can see the URL again.
-- A migration never holds that key: a secret made before this one keeps working through its digest, but has no
-- encrypted copy (Settings → Provider accounts says so; rotating the URL gives one that can be shown).
ALTER TABLE "provider_accounts" ADD COLUMN "webhook_secret_digest" text;--> statement-breakpoint
ALTER TABLE "provider_accounts" ADD COLUMN "webhook_secret_encrypted" text;--> statement-breakpoint
UPDATE "provider_accounts" SET "webhook_secret_digest" = encode(sha256(convert_to("webhook_secret", 'UTF8')), 'hex');--> statement-breakpoint
-- Secrets are random, but a row copied by hand may share one. It stays with the account the webhook route found by it
-- until now: an active account of the URL's provider (only NobePay sends webhooks), the oldest among several; failing
-- that, the oldest. The others get a value no digest equals ('none:' and the id, which Settings shows as a URL that is
-- no longer accepted), so their URL is refused until rotated.
UPDATE "provider_accounts" AS p
SET "webhook_secret_digest" = 'none:' || p."id"::text
WHERE EXISTS (
	SELECT 1 FROM "provider_accounts" AS kept
	WHERE kept."webhook_secret_digest" = p."webhook_secret_digest"
		AND (NOT (kept."provider" = 'nobepay' AND kept."active"), kept."created_at", kept."id")
			< (NOT (p."provider" = 'nobepay' AND p."active"), p."created_at", p."id")
);--> statement-breakpoint
ALTER TABLE "provider_accounts" ALTER COLUMN "webhook_secret_digest" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_accounts" DROP COLUMN "webhook_secret";--> statement-breakpoint
CREATE UNIQUE INDEX "provider_accounts_webhook_secret_digest_unique" ON "provider_accounts" USING btree ("webhook_secret_digest");
