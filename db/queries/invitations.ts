import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { userInvitations } from "@/db/schema/user-credentials";

export type InvitationRow = typeof userInvitations.$inferSelect;

export async function insertInvitation(
  db: DbOrTx,
  params: { userId: string; tokenHash: string; purpose: "invite" | "reset"; expiresAt: Date; createdByUserId: string | null },
): Promise<void> {
  await db.insert(userInvitations).values(params);
}

/** Earlier links stop working when a new one is issued, when one is used, and when the person is deactivated. Returns how many. */
export async function revokeOpenInvitations(db: DbOrTx, params: { userId: string; at: Date }): Promise<number> {
  const revoked = await db
    .update(userInvitations)
    .set({ revokedAt: params.at })
    .where(and(eq(userInvitations.userId, params.userId), isNull(userInvitations.usedAt), isNull(userInvitations.revokedAt)))
    .returning({ id: userInvitations.id });
  return revoked.length;
}

export async function findInvitationByTokenHash(db: DbOrTx, tokenHash: string): Promise<InvitationRow | null> {
  const [row] = await db.select().from(userInvitations).where(eq(userInvitations.tokenHash, tokenHash)).limit(1);
  return row ?? null;
}

/** Claims the link atomically: false when it was used (or revoked) in the meantime. */
export async function markInvitationUsed(db: DbOrTx, params: { id: string; at: Date }): Promise<boolean> {
  const rows = await db
    .update(userInvitations)
    .set({ usedAt: params.at })
    .where(and(eq(userInvitations.id, params.id), isNull(userInvitations.usedAt), isNull(userInvitations.revokedAt)))
    .returning({ id: userInvitations.id });
  return rows.length === 1;
}
