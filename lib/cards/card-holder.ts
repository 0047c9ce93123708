import type { DbOrTx } from "@/db/client";
import { lockPersonForShare } from "@/db/queries/person-share-lock";
import { userWithAccess, type UserWithAccess } from "@/db/queries/users";
import { ROLES, type Role } from "@/db/schema/users";
import { ROLE_GRANTS } from "@/lib/auth/permissions";
import { fieldError } from "./amounts";

export const HOLDER_NOT_IN_ORGANIZATION = "Choose an active person in your organisation.";
export const HOLDER_NO_LONGER_ACTIVE = "This person is no longer active. Choose an active person in your organisation.";
export const HOLDER_WITHOUT_CARDHOLDER_ROLE =
  "This person cannot hold a card: an auditor or administrator could neither reveal nor freeze it. Choose someone with the employee, manager or finance role.";

/**
 * SECURITY: the roles that let a person hold a card: reveal their own card (and so freeze it, ask for changes to it).
 * Only the owner reveals an assigned card, so a card given to anyone else could be used by nobody in Cardhub.
 */
export const CARDHOLDER_ROLES: readonly Role[] = ROLES.filter((role) => ROLE_GRANTS[role]["card.reveal"]?.includes("own"));

/** Whether this person may be a card's owner: one of their roles is a CARDHOLDER_ROLES one. */
export function mayHoldCard(person: { roles: readonly Role[] }): boolean {
  return person.roles.some((role) => CARDHOLDER_ROLES.includes(role));
}

/** The person, refused on `field` unless they may hold a card (mayHoldCard). */
export function assertMayHoldCard<Person extends { roles: readonly Role[] }>(person: Person, field = "ownerUserId"): Person {
  if (!mayHoldCard(person)) throw fieldError(field, HOLDER_WITHOUT_CARDHOLDER_ROLE);
  return person;
}

/** A person as read under lockHolder's share lock (null: no such person in the organisation): what activeHolder checks. */
export type LockedHolder = { person: UserWithAccess | null };

/**
 * SECURITY: the person a card is being given to (issued or reassigned) is share-locked until the card is written and
 * committed. A deactivation running at that moment (it locks the row before it writes it and lists their open cards)
 * either waits and then lists the card among those to take back, or is waited for, and activeHolder then refuses the
 * card on its holder field: an active card is never left with a deactivated holder that nobody was shown. Take it
 * before the card's own lock (lock order of lib/users/team-move.ts: a person's row, then cards).
 */
export async function lockHolder(db: DbOrTx, params: { userId: string; organizationId: string }): Promise<LockedHolder> {
  const row = await lockPersonForShare(db, params);
  return { person: row && (await userWithAccess(db, row)) };
}

/** The locked person, refused on the holder field unless they belong to the organisation, are active and may hold a card. */
export function activeHolder(locked: LockedHolder): UserWithAccess {
  if (!locked.person) throw fieldError("ownerUserId", HOLDER_NOT_IN_ORGANIZATION);
  if (!locked.person.active) throw fieldError("ownerUserId", HOLDER_NO_LONGER_ACTIVE);
  return assertMayHoldCard(locked.person);
}
