import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { recoveryCodes } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";

export type TwoFactorState = { secretEncrypted: string | null; pendingSecretEncrypted: string | null; lastStep: number | null };

export async function findTwoFactorState(db: DbOrTx, userId: string): Promise<TwoFactorState | null> {
  const [row] = await db
    .select({ secretEncrypted: users.totpSecretEncrypted, pendingSecretEncrypted: users.totpPendingSecretEncrypted, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function setPendingTotpSecret(db: DbOrTx, params: { userId: string; encrypted: string | null }): Promise<void> {
  await db.update(users).set({ totpPendingSecretEncrypted: params.encrypted, updatedAt: new Date() }).where(eq(users.id, params.userId));
}

export async function activateTotpSecret(db: DbOrTx, params: { userId: string; encrypted: string; step: number }): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretEncrypted: params.encrypted, totpPendingSecretEncrypted: null, totpLastStep: params.step, updatedAt: new Date() })
    .where(eq(users.id, params.userId));
}

/**
 * Switches on the pending authenticator the caller checked a code against, claiming that code's step: false when
 * two-factor is already on or the pending secret is no longer that one (a parallel confirmation, a restarted set-up).
 */
export async function switchOnPendingTotpSecret(db: DbOrTx, params: { userId: string; pendingEncrypted: string; step: number }): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpSecretEncrypted: params.pendingEncrypted, totpPendingSecretEncrypted: null, totpLastStep: params.step, updatedAt: new Date() })
    .where(and(eq(users.id, params.userId), isNull(users.totpSecretEncrypted), eq(users.totpPendingSecretEncrypted, params.pendingEncrypted)))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function clearTotp(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ totpSecretEncrypted: null, totpPendingSecretEncrypted: null, totpLastStep: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** Claims a TOTP step atomically: false when this step (or a later one) was already accepted. */
export async function claimTotpStep(db: DbOrTx, params: { userId: string; step: number }): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: params.step })
    .where(and(eq(users.id, params.userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, params.step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

export async function replaceRecoveryCodes(db: DbOrTx, params: { userId: string; hashes: string[] }): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, params.userId));
  await db.insert(recoveryCodes).values(params.hashes.map((codeHash) => ({ userId: params.userId, codeHash })));
}

export async function listUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<{ id: string; codeHash: string }[]> {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
}

/** Marks one code used; false when a parallel request used it first. */
export async function spendRecoveryCode(db: DbOrTx, params: { id: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: params.at })
    .where(and(eq(recoveryCodes.id, params.id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}
