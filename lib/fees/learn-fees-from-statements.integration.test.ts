import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findProductById } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listStatements, type NewStatement } from "@/db/queries/statements";
import { products } from "@/db/schema/products";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { syncAccountStatements } from "@/lib/statements/sync-statements";
import { withTestDatabase } from "@/test/database";
import { followOrderToEnd } from "@/test/follow-order";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { learnFeesFromStatements } from "./learn-fees-from-statements";
import { parseProductFees } from "./parse-product-fees";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db, { syncCards: false });
let accountId = "";

beforeAll(async () => {
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  expect((await refreshAllProducts(db())).failed).toEqual([]);
  expect((await refreshAllFunding(db())).failed).toEqual([]);
});

const feesOf = async (productId: string) => parseProductFees((await findProductById(db(), productId))!.fees);

describe("a product's fees learnt from its provider's statement", () => {
  it("discloses, as last charged, what the card ledger's ApplyCard line charged, when Cardhub knew no fee for it", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const owner = await sessionUserFor(db(), "employee@demo.test");
    const input = issueCardSchema.parse({ kind: "cardepass-standard", accountId, productId: "DGG0C4JD", currency: "USD", alias: "Fee history", initialAmount: "30", ownerUserId: owner.id });
    const issued = await issueCard(db(), finance, TEST_META, input);
    const order = (await followOrderToEnd(db(), issued.orderId))!;
    expect(order).toMatchObject({ status: "completed" });
    const card = (await findCard(db(), order.cardId!))!;
    // An account connected with its history: the order taught its fee; forget it, as if Cardhub had placed none.
    expect((await feesOf(card.productId!))[`${card.cardModel}:issue`]).toMatchObject({ source: "last_charged", orderId: order.id });
    await db().update(products).set({ fees: {} }).where(eq(products.id, card.productId!));

    expect(await syncAccountStatements(db(), accountId)).toEqual({ ok: true, lines: expect.any(Number) });

    // cardepass-v1.md accounts/cardAccountLogs: the ApplyCard line's "totalFee" {currency, amount} with its "feeItems"
    // (OpenCardFee, TopUpFee): the whole fee of the order, as the order's own answer states it.
    const applyLine = (await listStatements(db(), { filter: { cardId: card.id, source: "card" }, limit: 100 })).rows.find((row) => row.type === "ApplyCard")!;
    expect(applyLine).toMatchObject({ status: "Completed", feeCurrency: "USD" });
    expect(applyLine.fee).toBe(order.fee);
    const learnt = (await feesOf(card.productId!))[`${card.cardModel}:issue`];
    expect(learnt).toEqual({ currency: "USD", fixed: order.fee!.toString(), ratePpm: 0, source: "last_charged", observedAt: expect.any(String) });
    // The same line's TopUpFee item is what the first load was charged: the card's next top-up is disclosed with it.
    const topUpItem = applyLine.feeItems.find((item) => item.type === "TopUpFee")!;
    expect(BigInt(topUpItem.amount)).toBeLessThan(order.fee!);
    expect((await feesOf(card.productId!))[`${card.cardModel}:topup`]).toEqual({ currency: topUpItem.currency, fixed: topUpItem.amount, ratePpm: 0, source: "last_charged", observedAt: expect.any(String) });
  }, 60_000);

  it("learns nothing from a line without its order's fee item, not completed, in an unknown currency, or over a known fee", async () => {
    const [card] = await db().query.cards.findMany({ where: (cards, { and, eq, isNotNull }) => and(eq(cards.providerAccountId, accountId), isNotNull(cards.productId)), limit: 1 });
    const productId = card!.productId!;
    await db().update(products).set({ fees: {} }).where(eq(products.id, productId));
    const line = (overrides: Partial<NewStatement>): NewStatement => ({
      providerAccountId: accountId,
      source: "card",
      providerLogId: `test-${Math.random()}`,
      cardId: card!.id,
      type: "CardTopUp",
      currency: "USD",
      amount: 1000n,
      fee: 25n,
      feeCurrency: "USD",
      feeItems: [{ type: "TopUpFee", amount: "25", currency: "USD" }],
      status: "Completed",
      occurredAt: new Date("2026-11-01T00:00:00Z"),
      ...overrides,
    });
    const topUpFee = async () => (await feesOf(productId))[`${card!.cardModel}:topup`];
    await learnFeesFromStatements(db(), {
      provider: "cardepass",
      lines: [
        line({ feeItems: [{ type: "CancelCardFee", amount: "25", currency: "USD" }] }),
        line({ status: "Failed" }),
        line({ feeCurrency: "RMB" }),
        line({ source: "account" }),
        line({ fee: -25n }),
      ],
    });
    expect(await topUpFee()).toBeUndefined();
    // NobePay states no such lines: its ledger teaches nothing here.
    await learnFeesFromStatements(db(), { provider: "nobepay", lines: [line({})] });
    expect(await topUpFee()).toBeUndefined();

    // The newest of the batch is learnt; a later batch does not replace a fee already known.
    await learnFeesFromStatements(db(), { provider: "cardepass", lines: [line({ fee: 10n, occurredAt: new Date("2026-10-01T00:00:00Z") }), line({ fee: 30n, completedAt: new Date("2026-11-02T00:00:00Z") })] });
    expect(await topUpFee()).toMatchObject({ fixed: "30", currency: "USD", source: "last_charged", observedAt: "2026-11-02T00:00:00.000Z" });
    await learnFeesFromStatements(db(), { provider: "cardepass", lines: [line({ fee: 99n, occurredAt: new Date("2026-12-01T00:00:00Z") })] });
    expect(await topUpFee()).toMatchObject({ fixed: "30" });
  });

  it("learns a top-up fee from an ApplyCard line's one TopUpFee item, in the item's currency, and from nothing else on it", async () => {
    const [card] = await db().query.cards.findMany({ where: (cards, { and, eq, isNotNull }) => and(eq(cards.providerAccountId, accountId), isNotNull(cards.productId)), limit: 1 });
    const productId = card!.productId!;
    const fees = async () => await feesOf(productId);
    const applyLine = (feeItems: NewStatement["feeItems"], overrides: Partial<NewStatement> = {}): NewStatement => ({
      providerAccountId: accountId,
      source: "card",
      providerLogId: `test-${Math.random()}`,
      cardId: card!.id,
      type: "ApplyCard",
      currency: "USD",
      amount: 3000n,
      fee: 20n,
      feeCurrency: "USD",
      feeItems,
      status: "Completed",
      occurredAt: new Date("2026-11-01T00:00:00Z"),
      ...overrides,
    });
    await db().update(products).set({ fees: {} }).where(eq(products.id, productId));
    await learnFeesFromStatements(db(), {
      provider: "cardepass",
      lines: [
        // Two TopUpFee items cannot be told apart; a negative one, one in an unknown code and one of a failed order teach nothing.
        applyLine([{ type: "TopUpFee", amount: "10", currency: "USD" }, { type: "TopUpFee", amount: "12", currency: "USD" }]),
        applyLine([{ type: "TopUpFee", amount: "-10", currency: "USD" }]),
        applyLine([{ type: "TopUpFee", amount: "10", currency: "RMB" }]),
        applyLine([{ type: "TopUpFee", amount: "10", currency: "USD" }], { status: "Failed" }),
        // A cancellation's items are not a top-up's.
        applyLine([{ type: "TopUpFee", amount: "10", currency: "USD" }], { type: "CardCancel" }),
      ],
    });
    expect((await fees())[`${card!.cardModel}:topup`]).toBeUndefined();

    // A USD item on a line whose whole fee is unknown still teaches the top-up fee; the issue fee is the whole line's only.
    await learnFeesFromStatements(db(), { provider: "cardepass", lines: [applyLine([{ type: "OpenCardFee", amount: "100", currency: "USD" }, { type: "TopUpFee", amount: "15", currency: "USD" }], { fee: null, feeCurrency: null })] });
    expect((await fees())[`${card!.cardModel}:topup`]).toMatchObject({ fixed: "15", currency: "USD", source: "last_charged", observedAt: "2026-11-01T00:00:00.000Z" });
    expect((await fees())[`${card!.cardModel}:issue`]).toBeUndefined();
  });
});
