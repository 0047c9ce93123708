import type { ProviderAccountRow } from "@/db/queries/provider-accounts";
import { decryptString } from "@/lib/crypto";
import { EnvError } from "@/lib/env";

/**
 * Refuses, with the reason an operator can act on, an account whose credentials this ENCRYPTION_KEY does not decrypt
 * (the usual cause: a key other than the one they were stored under, e.g. the old one after a rotation).
 * SECURITY: names the account only, never the key or the payload.
 */
export function requireDecryptableCredentials(account: Pick<ProviderAccountRow, "label" | "credentialsEncrypted">): void {
  try {
    decryptString(account.credentialsEncrypted);
  } catch (error) {
    if (error instanceof EnvError) throw error;
    throw new Error(`the credentials of "${account.label}" cannot be decrypted with this ENCRYPTION_KEY: it is not the key they were stored under`);
  }
}
