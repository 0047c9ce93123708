import type { Db } from "@/db/client";
import { findProviderAccount, toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { createProvider } from "@/lib/providers";
import { TokenCache } from "@/lib/providers/token-cache";
import { describeProviderFailure } from "./describe-error";
import { probeConfig } from "./probe-config";
import { recordAccountHealth } from "./sync-health";

export type ConnectionTestResult =
  | { ok: true; latencyMs: number; message: string }
  | { ok: false; message: string; providerDetail: string | null };

/**
 * "Test connection": gets a token and pings with the stored credentials (a fresh adapter, so no cached token hides a
 * revoked credential), records the result as the account's health, and audits it.
 */
export async function testProviderConnection(db: Db, context: AuditContext & { organizationId: string }, input: { accountId: string }): Promise<ConnectionTestResult> {
  const row = await findProviderAccount(db, input.accountId);
  if (!row || row.organizationId !== context.organizationId) throw new ActionError("not_found", "That provider account does not exist.");
  let result: ConnectionTestResult;
  try {
    const ping = await createProvider(probeConfig(toProviderAccountConfig(row)), { tokenCache: new TokenCache() }).ping();
    result = { ok: true, latencyMs: ping.latencyMs, message: `Connected. The provider answered${ping.message ? ` "${ping.message}"` : ""} in ${ping.latencyMs} ms.` };
  } catch (error) {
    result = { ok: false, ...describeProviderFailure(error) };
  }
  await db.transaction(async (tx) => {
    await recordAccountHealth(tx, row.id, result.ok ? { ok: true } : { ok: false, error: result.message });
    await record(tx, context, {
      action: "provider_account.tested",
      outcome: result.ok ? "success" : "failure",
      targetType: "provider_account",
      targetId: row.id,
      summary: { label: row.label, ...(result.ok ? { latencyMs: result.latencyMs } : { problem: result.message, providerDetail: result.providerDetail }) },
    });
  });
  return result;
}
