import type { DbOrTx } from "@/db/client";
import { lockPersonForShare } from "@/db/queries/person-share-lock";
import { findUserById, type UserWithAccess } from "@/db/queries/users";
import { fieldError } from "./amounts";

export const HOLDER_NOT_IN_ORGANIZATION = "Choose an active person in your organisation.";
export const HOLDER_NO_LONGER_ACTIVE = "This person is no longer active. Choose an active person in your organisation.";

/** A person's row share-locked by lockHolder: what activeHolder checks. */
export type LockedHolder = { userId: string; row: { active: boolean } | null };

/**
 * SECURITY: the person a card is being given to (issued or reassigned) is share-locked until the card is written and
 * committed. A deactivation running at that moment (it locks the row before it writes it and lists their open cards)
 * either waits and then lists the card among those to take back, or is waited for, and activeHolder then refuses the
 * card on its holder field: an active card is never left with a deactivated holder that nobody was shown. Take it
 * before the card's own lock (lock order of lib/users/team-move.ts: a person's row, then cards).
 */
export async function lockHolder(db: DbOrTx, params: { userId: string; organizationId: string }): Promise<LockedHolder> {
  return { userId: params.userId, row: await lockPersonForShare(db, params) };
}

/** The locked person, refused on the holder field unless they belong to the organisation and are active. */
export async function activeHolder(db: DbOrTx, locked: LockedHolder): Promise<UserWithAccess> {
  if (!locked.row) throw fieldError("ownerUserId", HOLDER_NOT_IN_ORGANIZATION);
  if (!locked.row.active) throw fieldError("ownerUserId", HOLDER_NO_LONGER_ACTIVE);
  const holder = await findUserById(db, locked.userId);
  if (!holder) throw fieldError("ownerUserId", HOLDER_NOT_IN_ORGANIZATION);
  return holder;
}
