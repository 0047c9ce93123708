import { cache } from "react";
import { requirePermission, requireSection } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";

/**
 * Finance issues from these products; administrators may read them (to check a newly connected account), not issue.
 * Anyone else gets the audited 403 page. Once per request: the layout and the page share it.
 */
export const requireProductsReader = cache(async (): Promise<SessionUser> => {
  const user = await requireSection("cards");
  if (!can(user, "card.issue") && !can(user, "admin.manage")) await requirePermission("card.issue");
  return user;
});
