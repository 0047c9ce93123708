import { createHash, randomBytes } from "node:crypto";
import { decryptString, encryptString } from "@/lib/crypto";

/** A fresh secret path segment (24 random bytes, base64url): the same form when an account is connected and rotated. */
export function newWebhookSecret(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * What the database keeps to find the account a webhook is for: the secret's SHA-256, in hex. SECURITY: no key is
 * needed, since the secret is 192 random bits and cannot be searched for from its digest, and migration 0048 computes
 * the same digest in SQL. A webhook is matched by looking this value up in a unique index, not by comparing secrets,
 * so a slow or fast lookup tells the sender about the digest of its own guess only, never about a stored secret.
 */
export function webhookSecretDigest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * The columns a secret is stored as: its digest for the lookup, and AES-256-GCM under ENCRYPTION_KEY (as the provider
 * credentials) so the admin can see the URL again. Never the secret itself.
 */
export function storedWebhookSecret(secret: string): { webhookSecretDigest: string; webhookSecretEncrypted: string } {
  return { webhookSecretDigest: webhookSecretDigest(secret), webhookSecretEncrypted: encryptString(secret) };
}

/** The secret from its encrypted copy; null when there is none (made before migration 0048) or the key cannot read it. */
export function readWebhookSecret(encrypted: string | null): string | null {
  if (encrypted === null) return null;
  try {
    return decryptString(encrypted);
  } catch {
    return null;
  }
}
