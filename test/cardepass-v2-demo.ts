import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import type { Db } from "@/db/client";
import { findUserByEmail } from "@/db/queries/users";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";

/**
 * The demo seeded against a sandbox serving cardepass-v2.md, its Cardepass account marked as following v2 and its
 * products read. Returns the account's id once beforeAll ran, and a Standard card issue for the employee on it.
 */
export function withCardepassV2Demo(db: () => Db): { accountId: () => string; standardInput: (extra: Record<string, string>) => Promise<ReturnType<typeof issueCardSchema.parse>> } {
  let sandbox: RunningSandbox | undefined;
  let accountId = "";
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40, cardepassVersion: "v2" });
    await seedDemo(db(), { sandboxUrl: sandbox.url });
    const [account] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "cardepass"));
    accountId = account!.id;
    await db().update(providerAccounts).set({ settings: { ...account!.settings, apiVersion: "v2" }, updatedAt: new Date() }).where(eq(providerAccounts.id, accountId));
    expect((await refreshAllProducts(db())).failed).toEqual([]);
  });
  afterAll(async () => sandbox?.close());
  return {
    accountId: () => accountId,
    standardInput: async (extra) => {
      const owner = await findUserByEmail(db(), "employee@demo.test");
      return issueCardSchema.parse({ kind: "cardepass-standard", accountId, ownerUserId: owner!.id, productId: "0BN03HNK", currency: "USD", alias: "Travel v2", ...extra });
    },
  };
}
