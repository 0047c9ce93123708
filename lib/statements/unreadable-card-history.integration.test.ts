import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCardByProviderId } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { providerStatements } from "@/db/schema/provider-statements";
import { parseMoney } from "@/lib/money";
import { providerForAccount } from "@/lib/providers/for-account";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { syncAccountStatements } from "./sync-statements";

const database = withTestDatabase();
withSeededSandbox(database.db);
const CARD = "c_8f3a1c0e5b7d4a2f0001";
let accountId = "";

beforeAll(async () => {
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "nobepay")!.id;
  const provider = await providerForAccount(database.db(), accountId);
  await provider.topUp({ customerOrderNo: "unreadable-topup", cardId: CARD, amount: parseMoney("15.00", "USD") });
});
afterEach(() => vi.restoreAllMocks());

/** The sandbox's card history for CARD, with the top-up's amount taken out (an answer the document does not allow). */
function historyWithoutTheTopUpAmount() {
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const response = await original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!url.pathname.endsWith("/card/order/list") || url.searchParams.get("cardId") !== CARD) return response;
    const body = (await response.json()) as { data: { data: Record<string, unknown>[] } };
    for (const entry of body.data.data) if (entry.type === "TOPUP_CARD" && entry.amount === 1500) delete entry.amount;
    return Response.json(body);
  });
}

describe("a NobePay card-history entry with no amount", () => {
  // nobepay.md, 单张卡的操作历史: "| └amount | string | 创建卡/充值/取款/删卡余额 金额, 1000 表示 $10.00 |".
  it("is reported as the card's ledger the provider answered unreadably, and no $0.00 line is stored", async () => {
    historyWithoutTheTopUpAmount();
    const result = await syncAccountStatements(database.db(), accountId);

    expect(result.ok).toBe(false);
    const card = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: CARD });
    const problem = new RegExp(`Card "${card!.alias}" \\(${CARD}\\): NobePay sent an answer that could not be read \\(card order TOPUP_CARD of card ${CARD} at [^)]+: amount is missing\\)`);
    expect(result.ok ? "" : result.message).toMatch(problem);
    expect((await findSyncHealth(database.db(), { providerAccountId: accountId, kind: "statements" })).lastError).toMatch(problem);
    const lines = await database.db().select().from(providerStatements).where(eq(providerStatements.cardId, card!.id));
    expect(lines.filter((line) => line.amount === 0n)).toEqual([]);
  });

  it("once the provider answers it whole, the same read stores the top-up as the $15.00 it was", async () => {
    expect(await syncAccountStatements(database.db(), accountId)).toMatchObject({ ok: true });
    const card = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: CARD });
    const topUps = (await database.db().select().from(providerStatements).where(eq(providerStatements.cardId, card!.id))).filter((line) => line.type === "TOPUP_CARD");
    expect(topUps.map((line) => [line.amount, line.currency])).toContainEqual([1500n, "USD"]);
    expect(topUps.filter((line) => line.amount === 0n)).toEqual([]);
  });
});
