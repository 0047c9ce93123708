import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { findCardForView, type CardView } from "@/db/queries/cards";
import { findRequest, type CardRequestRow } from "@/db/queries/requests";
import { refuse, requireUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { uuidSchema } from "@/lib/validation/uuid";

const requestId = uuidSchema();

/**
 * The request, the card it is about, and the signed-in user, once per request (the page and its title share it). The
 * user comes first: nothing is said about any request to someone signed out. 404 when the request does not exist or is
 * another organisation's (a refusal would confirm the id is real there), the audited 403 page when it is this
 * organisation's but outside the user's visibility. Visible to the people it is for and about, their team's managers,
 * finance, auditors and admins.
 */
export const requireVisibleRequest = cache(async (id: string): Promise<{ request: CardRequestRow; card: CardView | null; user: SessionUser }> => {
  const user = await requireUser();
  const db = getDb();
  const request = requestId.safeParse(id).success ? await findRequest(db, id) : null;
  if (!request || request.organizationId !== user.organizationId) notFound();
  if (!can(user, "request.view", { organizationId: request.organizationId, ownerUserId: request.beneficiaryUserId, teamId: request.teamId })) {
    await refuse(user, { permission: "request.view" });
  }
  const card = request.cardId ? await findCardForView(db, request.cardId) : null;
  return { request, card, user };
});
