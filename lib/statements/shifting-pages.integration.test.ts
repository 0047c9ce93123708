/**
 * cardepass-v1.md pages the funding ledger by offset ("Limit | 返回数据条数，为空默认20条", "Offset | 偏移数据条数。为空默认为0(第一页)"),
 * and nobepay.md its card history by pageNo/pageSize: a line written while a statement sync walks a listing pushes
 * the older lines one place down, so one line is read at the end of a page and again at the top of the next. The
 * run must store it once, and the rest of the run with it: the same id twice in one write is refused by PostgreSQL.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { providerStatements } from "@/db/schema/provider-statements";
import { findProviderAccount, listProviderAccounts, toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import { createProvider } from "@/lib/providers/index";
import { silentLogger } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";
import type { CardProvider } from "@/lib/providers/interface";
import { syncAccountStatements } from "./sync-statements";

let harness: SandboxHarness;
let fundingPagesRead = 0;
const readTwice: string[] = [];
const seen = new Set<string>();

// The real adapter against the sandbox; a card spends right after the first page of the funding ledger is read.
vi.mock("@/lib/providers/for-account", () => ({
  providerForAccount: async (db: never, accountId: string): Promise<CardProvider> => {
    const row = await findProviderAccount(db, accountId);
    const provider = createProvider(toProviderAccountConfig(row!), { tokenCache: new TokenCache(), http: { logger: silentLogger } });
    return new Proxy(provider, {
      get(target, property, receiver) {
        if (property !== "accountLogs") return Reflect.get(target, property, receiver);
        return async (query: Parameters<CardProvider["accountLogs"]>[0]) => {
          const page = await target.accountLogs(query);
          if (query?.cardId) return page;
          for (const item of page.items) {
            if (seen.has(item.providerLogId)) readTwice.push(item.providerLogId);
            seen.add(item.providerLogId);
          }
          fundingPagesRead += 1;
          if (fundingPagesRead === 1) {
            await harness.admin("POST", "/purchase", { provider: "cardepass", cardId: "66a0c0de0000000000000001", amount: "12.34", currency: "USD", merchant: "OPENAI" });
          }
          return page;
        };
      },
    });
  },
}));

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  harness = await startHarness("cardepass");
});
afterAll(() => harness.close());

it("stores a line read twice across a shifted page once, and the rest of the run with it", async () => {
  await seedDemo(db(), { sandboxUrl: harness.sandbox.url });
  const account = (await listProviderAccounts(db())).find((row) => row.provider === "cardepass")!;
  const result = await syncAccountStatements(db(), account.id, { full: true, pageSize: 5, maxPages: 50 });
  expect(readTwice.length).toBeGreaterThan(0);
  expect(result).toMatchObject({ ok: true });
  const stored = await db().select({ id: providerStatements.providerLogId }).from(providerStatements).where(eq(providerStatements.providerAccountId, account.id));
  for (const id of readTwice) expect(stored.filter((row) => row.id === id)).toHaveLength(1);
  expect(stored.length).toBeGreaterThanOrEqual(seen.size);
});
