import { eq, isNotNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { users } from "@/db/schema/users";
import { record, type AuditContext } from "@/lib/audit/record";
import { decryptString, encryptString } from "@/lib/crypto";

export type RotationSummary = { providerAccounts: number; authenticators: number };

function reencrypt(payload: string, oldKey: string, newKey: string): string {
  const next = encryptString(decryptString(payload, oldKey), newKey);
  // Proven readable under the new key before anything commits.
  decryptString(next, newKey);
  return next;
}

/**
 * Re-encrypts every secret held under ENCRYPTION_KEY (provider credentials and webhook secrets, TOTP secrets, pending
 * enrolments) under a new key, in one transaction: if any payload cannot be read with the old key, nothing changes.
 * SECURITY: neither key nor any plaintext is logged or audited; the operator switches ENCRYPTION_KEY and restarts
 * after it commits.
 */
export async function rotateEncryptionKey(db: Db, context: AuditContext, keys: { oldKey: string; newKey: string }): Promise<RotationSummary> {
  if (keys.oldKey === keys.newKey) throw new Error("The new key is the same as the current one.");
  encryptString("probe", keys.newKey); // throws a clear error when the new key is not 32 bytes
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${providerAccounts} in share row exclusive mode`);
    const accounts = await tx
      .select({ id: providerAccounts.id, encrypted: providerAccounts.credentialsEncrypted, webhookSecret: providerAccounts.webhookSecretEncrypted })
      .from(providerAccounts)
      .for("update");
    for (const account of accounts) {
      let credentials: string;
      let webhookSecret: string | null;
      try {
        credentials = reencrypt(account.encrypted, keys.oldKey, keys.newKey);
        webhookSecret = account.webhookSecret === null ? null : reencrypt(account.webhookSecret, keys.oldKey, keys.newKey);
      } catch {
        throw new Error(`Provider account ${account.id} cannot be read with the current key; nothing was changed.`);
      }
      await tx.update(providerAccounts).set({ credentialsEncrypted: credentials, webhookSecretEncrypted: webhookSecret }).where(eq(providerAccounts.id, account.id));
    }
    const people = await tx
      .select({ id: users.id, secret: users.totpSecretEncrypted, pending: users.totpPendingSecretEncrypted })
      .from(users)
      .where(or(isNotNull(users.totpSecretEncrypted), isNotNull(users.totpPendingSecretEncrypted)))
      .for("update");
    let authenticators = 0;
    for (const person of people) {
      try {
        const secret = person.secret ? reencrypt(person.secret, keys.oldKey, keys.newKey) : null;
        const pending = person.pending ? reencrypt(person.pending, keys.oldKey, keys.newKey) : null;
        await tx.update(users).set({ totpSecretEncrypted: secret, totpPendingSecretEncrypted: pending }).where(eq(users.id, person.id));
        if (secret) authenticators += 1;
      } catch {
        throw new Error(`The two-factor secret of user ${person.id} cannot be read with the current key; nothing was changed.`);
      }
    }
    const summary = { providerAccounts: accounts.length, authenticators };
    await record(tx, context, { action: "encryption.key_rotated", targetType: "encryption_key", summary });
    return summary;
  });
}
