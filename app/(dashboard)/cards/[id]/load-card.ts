import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { requirePermission } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/session-user";
import { uuidSchema } from "@/lib/validation/uuid";

const cardId = uuidSchema();

const loadCard = cache(async (id: string): Promise<CardView | null> => (cardId.safeParse(id).success ? findCardForView(getDb(), id) : null));

/**
 * The card and the signed-in user, once per request (layout and page share it): 404 when the card does not
 * exist, the audited 403 page when it is outside the user's visibility.
 */
export const requireVisibleCard = cache(async (id: string): Promise<{ card: CardView; user: SessionUser }> => {
  const card = await loadCard(id);
  if (!card) notFound();
  const user = await requirePermission("card.view", card);
  return { card, user };
});
