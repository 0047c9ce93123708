import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { lockStoredSettings, writeStoredSettings } from "@/db/queries/settings";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { settingsInForce } from "./get-settings";
import { organizationSettingsSchema, type OrganizationSettings } from "./schema";

type SettingKey = keyof OrganizationSettings;
export type SettingsPatch = Partial<Record<SettingKey, unknown>>;

export const SETTINGS_CHANGED =
  "Another administrator changed this setting since you opened this page. Reload the page to see their change, then make yours again if it still applies.";
const PAGE_OUT_OF_DATE = "This page does not say which settings it showed. Reload it and save again.";

const SETTING_KEYS = Object.keys(organizationSettingsSchema.shape) as SettingKey[];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[issue.path.map(String).join(".") || "form"] ??= issue.message;
  return fields;
}

/** What the page showed of each of these keys, read as the schema reads it; null when it does not say for one of them. */
function shownValues(keys: readonly SettingKey[], loaded: SettingsPatch): Partial<OrganizationSettings> | null {
  const shown: Record<string, unknown> = {};
  for (const key of keys) {
    if (loaded[key] === undefined) return null;
    const parsed = organizationSettingsSchema.shape[key].safeParse(loaded[key]);
    if (!parsed.success) return null;
    shown[key] = parsed.data;
  }
  return shown as Partial<OrganizationSettings>;
}

/**
 * Changes some of the organisation's settings, compared with the values in force (settingsInForce: a key nobody saved
 * follows the deployment's default). Only the keys whose value changes are stored and audited (before and after, in
 * the same transaction): a key left as it is keeps following its default. The settings row is locked for the
 * read-modify-write. With `loaded` (what the page showed of each key it sends, Settings → General), a key the page
 * sends as it showed it is not the administrator's change and is left as it is now, and one they changed that another
 * administrator changed meanwhile is refused on its field: no form written over an older page undoes someone's change.
 * Returns the settings now in force and the keys it changed: none when the save changed nothing, which stores and
 * audits nothing, so the page does not call it saved.
 */
export async function updateSettings(
  db: Db,
  context: AuditContext & { organizationId: string },
  patch: SettingsPatch,
  options: { loaded?: SettingsPatch } = {},
): Promise<{ settings: OrganizationSettings; changed: SettingKey[] }> {
  const keys = SETTING_KEYS.filter((key) => patch[key] !== undefined);
  return db.transaction(async (tx) => {
    const stored = (await lockStoredSettings(tx, context.organizationId)) as Record<string, unknown>;
    const before = settingsInForce(stored);
    const parsed = organizationSettingsSchema.safeParse({ ...before, ...patch });
    if (!parsed.success) throw new ActionError("invalid_input", "Some fields need attention.", fieldErrors(parsed.error.issues));
    const requested = parsed.data;
    let edited = keys;
    if (options.loaded) {
      const shown = shownValues(keys, options.loaded);
      if (!shown) throw new ActionError("invalid_input", PAGE_OUT_OF_DATE);
      edited = keys.filter((key) => !same(requested[key], shown[key]));
      const overtaken = edited.filter((key) => !same(before[key], shown[key]) && !same(before[key], requested[key]));
      if (overtaken.length > 0) throw new ActionError("conflict", SETTINGS_CHANGED, Object.fromEntries(overtaken.map((key) => [key, SETTINGS_CHANGED])));
    }
    const changed = edited.filter((key) => !same(before[key], requested[key]));
    const after = { ...before, ...Object.fromEntries(changed.map((key) => [key, requested[key]])) } as OrganizationSettings;
    // The accounts the thresholds name, as labelled now: the audit row says "USD on Cardepass main", not an id.
    let thresholdAccounts: Record<string, string> | undefined;
    if (changed.includes("lowBalanceThresholds")) {
      const accounts = await listProviderAccounts(tx, { organizationId: context.organizationId });
      const accountIds = new Set(accounts.map((account) => account.id));
      const named = new Set([...before.lowBalanceThresholds, ...after.lowBalanceThresholds].map((item) => item.providerAccountId));
      thresholdAccounts = Object.fromEntries(accounts.filter((account) => named.has(account.id)).map((account) => [account.id, account.label]));
      const foreign = after.lowBalanceThresholds.findIndex((item) => !accountIds.has(item.providerAccountId));
      if (foreign >= 0) {
        throw new ActionError("invalid_input", "Some fields need attention.", { [`lowBalanceThresholds.${foreign}.providerAccountId`]: "Choose one of this organisation's provider accounts." });
      }
    }
    if (changed.length === 0) return { settings: after, changed };
    const changedValues = Object.fromEntries(changed.map((key) => [key, after[key]]));
    await writeStoredSettings(tx, { organizationId: context.organizationId, values: { ...stored, ...changedValues }, userId: context.actorUserId });
    await record(tx, context, {
      action: "settings.updated",
      targetType: "settings",
      targetId: context.organizationId,
      summary: { changes: Object.fromEntries(changed.map((key) => [key, { before: before[key], after: after[key] }])), ...(thresholdAccounts ? { thresholdAccounts } : {}) },
    });
    return { settings: after, changed };
  });
}
