import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { findRequest, type CardRequestRow } from "@/db/queries/requests";
import { requirePermission } from "@/lib/auth/current-user";
import type { SessionUser } from "@/lib/auth/session-user";
import { uuidSchema } from "@/lib/validation/uuid";

const requestId = uuidSchema();

/**
 * The request, the card it is about, and the signed-in user, once per request (the page and its title share it): 404
 * when the request does not exist, the audited 403 page when it is outside the user's visibility. Visible to the
 * people it is for and about, their team's managers, finance, auditors and admins.
 */
export const requireVisibleRequest = cache(async (id: string): Promise<{ request: CardRequestRow; card: CardView | null; user: SessionUser }> => {
  const db = getDb();
  const request = requestId.safeParse(id).success ? await findRequest(db, id) : null;
  if (!request) notFound();
  const user = await requirePermission("request.view", { organizationId: request.organizationId, ownerUserId: request.beneficiaryUserId, teamId: request.teamId });
  const card = request.cardId ? await findCardForView(db, request.cardId) : null;
  return { request, card, user };
});
