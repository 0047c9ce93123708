import { cache } from "react";
import type { AuditScope } from "@/db/queries/audit";
import { installationAuditScope } from "@/lib/audit/installation-scope";
import { refuse, requirePermission } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";

/**
 * The rows that belong to no organisation, for installation operators only (lib/audit/installation-scope.ts); anyone
 * else gets the audited 403 page. Once per request: the layout and the page share it.
 */
export const requireInstallationAudit = cache(async (): Promise<AuditScope> => {
  const user = await requirePermission("audit.view");
  const scope = installationAuditScope(user, visibilityFor(user, "audit.view"));
  if (!scope) return refuse(user, { section: "installation audit" });
  return scope;
});
