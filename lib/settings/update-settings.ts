import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { lockStoredSettings, writeStoredSettings } from "@/db/queries/settings";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { organizationSettingsSchema, settingsFromStored, type OrganizationSettings } from "./schema";

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return fields;
}

/** What changed, key by key, for the audit row. */
function changes(before: OrganizationSettings, after: OrganizationSettings) {
  const result: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of Object.keys(after) as (keyof OrganizationSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) result[key] = { before: before[key], after: after[key] };
  }
  return result;
}

/**
 * Replaces some of the organisation's settings. The row is locked for the read-modify-write, the whole result is
 * validated, and the audit row (before and after of each changed key) commits with it.
 */
export async function updateSettings(
  db: Db,
  context: AuditContext & { organizationId: string },
  patch: Partial<Record<keyof OrganizationSettings, unknown>>,
): Promise<OrganizationSettings> {
  return db.transaction(async (tx) => {
    const before = settingsFromStored(await lockStoredSettings(tx, context.organizationId));
    const parsed = organizationSettingsSchema.safeParse({ ...before, ...patch });
    if (!parsed.success) throw new ActionError("invalid_input", "Some settings need attention.", fieldErrors(parsed.error.issues));
    const after = parsed.data;
    const accountIds = new Set((await listProviderAccounts(tx, { organizationId: context.organizationId })).map((account) => account.id));
    const foreign = after.lowBalanceThresholds.findIndex((item) => !accountIds.has(item.providerAccountId));
    if (foreign >= 0) {
      throw new ActionError("invalid_input", "Some settings need attention.", { [`lowBalanceThresholds.${foreign}.providerAccountId`]: "Choose one of this organisation's provider accounts." });
    }
    const changed = changes(before, after);
    if (Object.keys(changed).length === 0) return after;
    await writeStoredSettings(tx, { organizationId: context.organizationId, values: after, userId: context.actorUserId });
    await record(tx, context, { action: "settings.updated", targetType: "settings", targetId: context.organizationId, summary: { changes: changed } });
    return after;
  });
}
