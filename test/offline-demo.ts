import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { ProviderName } from "@/lib/providers/types";

/**
 * The demo organisation with its provider accounts pointing at a port nothing listens on: for tests of the
 * product's own rules, which must not reach a provider. Returns the Card OPEN-API account's id.
 */
export async function seedOfflineDemo(db: Db): Promise<string> {
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:9" });
  return (await listProviderAccounts(db)).find((account) => account.provider === "cardopenapi")!.id;
}

/**
 * The offline demo (seedOfflineDemo) with `provider`'s account on short timeouts, so an attempt to reach it fails in a
 * fraction of a second: for tests in which an order is written and must stay open. Returns that account's id.
 */
export async function seedOfflineDemoFailingFast(db: Db, provider: ProviderName = "cardopenapi"): Promise<string> {
  await seedOfflineDemo(db);
  const accountId = (await listProviderAccounts(db)).find((account) => account.provider === provider)!.id;
  await db.update(providerAccounts).set({ settings: { timeoutMs: 300, maxRetryMs: 700 } }).where(eq(providerAccounts.id, accountId));
  return accountId;
}
