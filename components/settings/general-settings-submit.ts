// What Settings → General (general-settings-form.tsx) needs once it is sent: its checks, the action, and what to say
// after a save. Loaded on submit, not with the page: first-load JavaScript budget.
import type { Role } from "@/db/schema/users";
import { issuesToFields } from "@/components/forms/form-field";
import { organizationSettingsSchema, type OrganizationSettings } from "@/lib/settings/schema";
import { thresholdAmountMinor } from "@/lib/settings/threshold-amount";

export { updateSettingsAction } from "@/lib/actions/settings/update-settings";

/** The form's fields as typed. */
export type GeneralSettingsTyped = {
  revealMax: string;
  revealWindow: string;
  idle: string;
  roles: Role[];
  rows: { providerAccountId: string; currency: string; amount: string }[];
};

/** What the form sends of the settings (the action adds what the page showed). */
export type GeneralSettingsInput = {
  revealRateLimit: { max: number; windowMinutes: number };
  sessionIdleMinutes: number;
  twoFactorRequiredRoles: Role[];
  lowBalanceThresholds: { providerAccountId: string; currency: string; amountMinor: string }[];
};

/**
 * A whole number as typed, or NaN for anything else, which the settings schema refuses on its field in that field's
 * words ("Enter a whole number of reveals, e.g. 5."). Stricter than Number(): "" is not 0, "1e1" not 10, "0x10" not 16.
 */
export function typedWholeNumber(text: string): number {
  const value = text.trim();
  return /^-?\d+$/.test(value) ? Number(value) : NaN;
}

/** The input to send, and every problem found before sending, keyed as the server's `fields` are. */
export function checkGeneralSettings(typed: GeneralSettingsTyped): { input: GeneralSettingsInput; problems: Record<string, string> } {
  const local: Record<string, string> = {};
  const thresholds = typed.rows.map((row, index) => {
    const read = thresholdAmountMinor(row.amount, row.currency);
    if ("problem" in read) local[`lowBalanceThresholds.${index}.amountMinor`] = read.problem;
    return { providerAccountId: row.providerAccountId, currency: row.currency.trim().toUpperCase(), amountMinor: "amountMinor" in read ? read.amountMinor : "" };
  });
  const input = {
    revealRateLimit: { max: typedWholeNumber(typed.revealMax), windowMinutes: typedWholeNumber(typed.revealWindow) },
    sessionIdleMinutes: typedWholeNumber(typed.idle),
    twoFactorRequiredRoles: typed.roles,
    lowBalanceThresholds: thresholds,
  };
  const parsed = organizationSettingsSchema.safeParse(input);
  return { input, problems: { ...(parsed.success ? {} : issuesToFields(parsed.error.issues)), ...local } };
}

/**
 * What a save that went through says: the server stores and audits only the settings that change
 * (lib/settings/update-settings.ts), and says which (`changed`); none changed is not called saved.
 */
export function savedMessage(changed: readonly (keyof OrganizationSettings)[]): string {
  return changed.length > 0 ? "Settings saved. They apply from the next request; no restart is needed." : "Nothing to save: no setting changed.";
}
