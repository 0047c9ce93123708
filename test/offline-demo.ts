import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";

/**
 * The demo organisation with its provider accounts pointing at a port nothing listens on: for tests of the
 * product's own rules, which must not reach a provider. Returns the Card OPEN-API account's id.
 */
export async function seedOfflineDemo(db: Db): Promise<string> {
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:9" });
  return (await listProviderAccounts(db)).find((account) => account.provider === "cardopenapi")!.id;
}
