import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { refuse, requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { uuidSchema } from "@/lib/validation/uuid";

const cardId = uuidSchema();

const loadCard = cache(async (id: string): Promise<CardView | null> => (cardId.safeParse(id).success ? findCardForView(getDb(), id) : null));

/**
 * The card and the signed-in user, once per request (layout and page share it). The user is checked first: nothing is said
 * about any card to someone signed out. 404 when the card does not exist or is another organisation's (a refusal would
 * confirm the id is real there, as server actions also answer), the audited 403 page when it is this organisation's
 * but outside the user's visibility.
 */
export const requireVisibleCard = cache(async (id: string): Promise<{ card: CardView; user: SessionUser }> => {
  // Read beside the session checks rather than after them (a database round trip apiece): nothing about the card is
  // used, or answered, before requireUser has let the request through.
  const cardRead = loadCard(id);
  cardRead.catch(() => undefined);
  const user = await requireUser();
  const card = await cardRead;
  if (!card || card.organizationId !== user.organizationId) notFound();
  if (!can(user, "card.view", card)) await refuse(user, { permission: "card.view" });
  return { card, user };
});
