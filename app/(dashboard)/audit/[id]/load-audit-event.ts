import { cache } from "react";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getAuditEvent, type AuditEventDetail } from "@/db/queries/audit";
import { installationAuditScope } from "@/lib/audit/installation-scope";
import { requireSection } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";

/**
 * The event and the signed-in user, once per request (layout and page share it): 404 when the id is malformed, the
 * row is missing, or it lies outside the user's visibility (its existence is not disclosed). `ofOrganization` is false
 * for an installation row, which only an installation operator reaches.
 */
export const requireVisibleAuditEvent = cache(async (id: string): Promise<{ event: AuditEventDetail; ofOrganization: boolean; user: SessionUser }> => {
  const user = await requireSection("audit");
  const visibility = visibilityFor(user, "audit.view");
  if (!/^\d{1,18}$/.test(id) || !visibility) notFound();
  const db = getDb();
  const installation = installationAuditScope(user, visibility);
  const organizationEvent = await getAuditEvent(db, { organizationId: user.organizationId, visibility, id: BigInt(id) });
  const event = organizationEvent ?? (installation ? await getAuditEvent(db, { ...installation, id: BigInt(id) }) : null);
  if (!event) notFound();
  return { event, ofOrganization: organizationEvent !== null, user };
});
