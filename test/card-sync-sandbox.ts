import type { Db } from "@/db/client";
import { insertCard, type NewCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";

export type CardSyncSandbox = { sandbox: RunningSandbox; organizationId: string; accountIds: Record<string, string> };

/**
 * For the tests of what a card sync makes of the provider's view: a sandbox of the test file's own (the caller closes
 * it), the demo seeded against it, each provider's account id, and one Cardepass card written in as Cardhub would have
 * issued it. Cardepass cannot list cards, so Cardhub knows only those it issued; the other providers' cards are
 * imported by the caller's first sync.
 */
export async function startCardSyncSandbox(db: Db, cardepassCard: Pick<NewCard, "providerCardId" | "cardModel" | "alias" | "status">): Promise<CardSyncSandbox> {
  const sandbox = await startSandbox({ port: 0, quiet: true });
  try {
    await seedDemo(db, { sandboxUrl: sandbox.url });
    let organizationId = "";
    const accountIds: Record<string, string> = {};
    for (const account of await listProviderAccounts(db)) {
      accountIds[account.provider] = account.id;
      organizationId = account.organizationId;
    }
    await insertCard(db, { ...cardepassCard, organizationId, providerAccountId: accountIds.cardepass!, currency: "USD" });
    return { sandbox, organizationId, accountIds };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}
