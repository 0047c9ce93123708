/**
 * A Cardepass withdrawal answered as cardepass-v1.md orders/standard/withdraw answers it:
 *   "orderNo": "C1000-20250421-SGOK", "cardId": null, "withdrawAmount": 1, "withdrawFee": 0, "totalAmount": 1.1
 * with "»» totalAmount | string | true | none | 总金额 | 转出金额+转出费用" (amount withdrawn + withdrawal fee), while the card
 * ledger line of the same order shows "feeType": "CardWithdrawFee", "amount": 0.1. The fee that left the card must be
 * the one Cardhub records, learns and counts in the next withdrawal's pre-check; and a lookup of the order, whose answer
 * names no currency, must keep its amounts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findProduct } from "@/db/queries/products";
import { findOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema } from "@/lib/cards/schemas";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { quoteFee } from "@/lib/fees/product-fees";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { parseMoney } from "@/lib/money";
import { lookUpOrder } from "@/lib/orders/look-up-order";
import { orderTarget } from "@/lib/orders/submit-order";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import { eventually, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { sessionUserFor, TEST_META } from "@/test/session-user";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const usd = (v: string) => parseMoney(v, "USD");
const STANDARD = "66a0c0de0000000000000003";

describe.each(["v1", "v2"] as const)("a Cardepass %s withdrawal against the sandbox", (version) => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await startHarness("cardepass", { cardepassVersion: version });
  });
  afterAll(() => h.close());

  it("the answer to the submit and every later lookup carry the amount, the fee the card was charged and the total", async () => {
    const p = h.provider({ settings: { ...h.config().settings, apiVersion: version } });
    const before = (await p.getCard(STANDARD)).balance!.amount;
    const placed = await p.withdraw({ customerOrderNo: `wf-${version}-1`, cardId: STANDARD, model: "standard", amount: usd("5") });
    expect(placed).toMatchObject({ type: "withdraw", status: "pending", amount: usd("5"), fee: usd("0.1"), total: usd("5.1"), cardIds: [] });

    // The lookup's answer names no currency ("cardId": null, no productInfo or cardInfo): the order's own is given.
    const done = await eventually(async () => {
      const order = await p.getOrder({ type: "withdraw", model: "standard", customerOrderNo: `wf-${version}-1`, currency: "USD" });
      return order.status === "completed" ? order : undefined;
    });
    expect(done).toMatchObject({ amount: usd("5"), fee: usd("0.1"), total: usd("5.1") });
    expect(before - (await p.getCard(STANDARD)).balance!.amount).toBe(510n);
  });
});

describe("Cardhub's withdrawal from a Cardepass Standard card", () => {
  const database = withTestDatabase();
  let sandbox: RunningSandbox;
  let accountId = "";
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
    await seedDemo(database.db(), { sandboxUrl: sandbox.url });
    accountId = (await listProviderAccounts(database.db())).find((a) => a.provider === "cardepass")!.id;
    expect((await refreshAllProducts(database.db())).failed).toEqual([]);
    expect((await refreshAllFunding(database.db())).failed).toEqual([]);
  }, 120_000);
  afterAll(async () => sandbox?.close());

  const finance = () => sessionUserFor(database.db(), "finance@demo.test");
  const balanceAtProvider = async (cardId: string) =>
    (await (await providerForAccount(database.db(), accountId)).getCard((await findCard(database.db(), cardId))!.providerCardId!)).balance!.amount;

  it("records, learns and looks up the 0.10 fee taken, and the pre-check refuses a whole-balance withdrawal the fee would overdraw", async () => {
    const owner = await findUserByEmail(database.db(), "employee@demo.test");
    const input = issueCardSchema.parse({ kind: "cardepass-standard", productId: "0BN03HNK", currency: "USD", alias: "Withdraw fee", initialAmount: "50", accountId, ownerUserId: owner!.id });
    const issued = await issueCard(database.db(), await finance(), TEST_META, input);
    expect((await followOrderToEnd(database.db(), issued.orderId))?.status).toBe("completed");

    const before = await balanceAtProvider(issued.cardId);
    const placed = await requestCardChange(database.db(), await finance(), TEST_META, issued.cardId, { type: "withdraw", amount: "5" });
    const withdrawn = (await followOrderToEnd(database.db(), placed.orderId))!;
    const after = await balanceAtProvider(issued.cardId);
    expect(withdrawn).toMatchObject({ status: "completed", amount: 500n, currency: "USD" });
    expect(before - after).toBe(510n);
    expect(withdrawn.fee).toBe(before - after - withdrawn.amount!);

    const product = await findProduct(database.db(), { providerAccountId: accountId, providerProductId: "0BN03HNK" });
    expect(quoteFee(parseProductFees(product?.fees), "standard", "withdraw", 100n)).toMatchObject({ fee: 10n, source: "last_charged" });

    // A later lookup of the same order keeps its amounts (Cardhub gives the order's currency).
    const row = (await findOrder(database.db(), placed.orderId))!;
    const provider = await providerForAccount(database.db(), accountId);
    const found = await lookUpOrder(database.db(), provider, row, await orderTarget(database.db(), row), 0);
    expect(found).toMatchObject({ kind: "answer", order: { status: "completed", amount: usd("5"), fee: usd("0.1"), total: usd("5.1") } });

    // The whole balance plus the learnt fee is more than the card holds: refused on its field before anything is sent.
    expect((await findCard(database.db(), issued.cardId))?.balance).toBe(after);
    const whole = (Number(after) / 100).toFixed(2);
    await expect(requestCardChange(database.db(), await finance(), TEST_META, issued.cardId, { type: "withdraw", amount: whole })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { amount: `With its 0.10 USD fee this takes ${(Number(after + 10n) / 100).toFixed(2)} USD off the card, which holds ${whole} USD.` },
    });
    expect(await balanceAtProvider(issued.cardId)).toBe(after);
  });
});
