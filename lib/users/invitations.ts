import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db/client";
import { findInvitationByTokenHash, insertInvitation, revokeOpenInvitations, type InvitationRow } from "@/db/queries/invitations";
import { env } from "@/lib/env";

export const INVITATION_DAYS = 7;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function invitationUrl(token: string): string {
  return new URL(`/invite/${token}`, env().APP_URL).toString();
}

/**
 * Issues a single-use link valid for seven days and revokes any earlier one. SECURITY: only the SHA-256 of the token
 * is stored; the link is returned once, for the administrator to hand over.
 */
export async function issueInvitation(
  db: DbOrTx,
  params: { userId: string; purpose: "invite" | "reset"; createdByUserId: string | null; now?: Date },
): Promise<{ url: string; expiresAt: Date }> {
  const now = params.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await revokeOpenInvitations(db, { userId: params.userId, at: now });
  await insertInvitation(db, { userId: params.userId, tokenHash: hashInvitationToken(token), purpose: params.purpose, expiresAt, createdByUserId: params.createdByUserId });
  return { url: invitationUrl(token), expiresAt };
}

export type InvitationStatus = "valid" | "used" | "expired" | "revoked" | "unknown";

export function invitationStatus(row: InvitationRow | null, now = new Date()): InvitationStatus {
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.revokedAt) return "revoked";
  if (row.expiresAt <= now) return "expired";
  return "valid";
}

export async function findInvitation(db: DbOrTx, token: string): Promise<InvitationRow | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return findInvitationByTokenHash(db, hashInvitationToken(token));
}
